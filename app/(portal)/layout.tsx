import Link from "next/link";
import { cookies } from "next/headers";
import { requestOrganisation, requestSiteSettings } from "./request-data";
import "./portal.css";

const PORTAL_NAV = [
  { href: "/guide", label: "政府信息公开指南" },
  { href: "/rules", label: "政府信息公开制度" },
  { href: "/catalogue", label: "法定主动公开内容" },
  { href: "/reports", label: "政府信息公开年报" },
  { href: "/apply", label: "依申请公开" },
];

// 关怀版 on cached pages: the cached HTML is the same for everyone, so the cookie is applied in the
// browser before the page paints (and kept on as a data attribute React never touches, so a
// client-side navigation cannot drop it). Pages rendered per request also get it from the root layout.
const CARE_SCRIPT =
  'try{var h=document.documentElement;if(/(?:^|;\\s*)care=1(?:;|$)/.test(document.cookie)){h.classList.add("care");h.setAttribute("data-care","1")}else{h.removeAttribute("data-care")}}catch(e){}';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Reading the cookie keeps every portal page rendered per request unless it opts into the page
  // cache (force-static), where Next hands it no cookies and the script above takes over.
  await cookies();
  const org = await requestOrganisation();
  const site = await requestSiteSettings();
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: CARE_SCRIPT }} />
      <a className="skip-link" href="#main">
        跳转到主要内容
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <div>
            <p className="site-title">
              <Link href="/">{org.name}</Link>
            </p>
            <p className="site-sub">政府信息公开</p>
          </div>
          <div className="site-tools">
            <a className="care-enter" href="/care?on=1" rel="nofollow">
              关怀版（大字号）
            </a>
            <a className="care-exit" href="/care?on=0" rel="nofollow">
              退出关怀版
            </a>
            <form className="site-search" role="search" action="/search" method="get" aria-label="站内搜索">
              <label htmlFor="site-search-q" className="visually-hidden">
                搜索政府信息
              </label>
              <input id="site-search-q" name="q" type="search" maxLength={100} placeholder="搜索政府信息" autoComplete="off" />
              <button type="submit">搜索</button>
            </form>
          </div>
        </div>
        {/* On phones the navigation folds into a <details> menu, which opens without JavaScript; on
            wider screens the list is always shown and the menu button hidden (portal.css). */}
        <nav className="site-nav" aria-label="政府信息公开栏目">
          <div className="wrap nav-row">
            <details className="nav-menu">
              <summary>栏目导航</summary>
              <ul>
                <li>
                  <Link href="/">首页</Link>
                </li>
                {PORTAL_NAV.map((n) => (
                  <li key={n.href}>
                    <Link href={n.href}>{n.label}</Link>
                  </li>
                ))}
              </ul>
            </details>
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="wrap">{children}</div>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>
            <span>主办：{org.name}</span>
            <span>承办：{org.name}党政办公室</span>
          </p>
          <p>
            <span>地址：{org.address}</span>
            <span>邮编：{org.postcode}</span>
          </p>
          <p>
            <span>电话：{org.phone}</span>
            <span>传真：{org.fax}</span>
            <span>电子邮箱：{org.email}</span>
          </p>
          <p>办公时间：{org.officeHours}</p>
          <p data-testid="site-identity">
            <span>网站标识码：{site.siteIdCode}</span>
            {site.icpNumber && (
              <span>
                <a href={site.icpUrl} rel="noopener noreferrer">
                  {site.icpNumber}
                </a>
              </span>
            )}
            {site.psbNumber && <span>{site.psbUrl ? <a href={site.psbUrl} rel="noopener noreferrer">{site.psbNumber}</a> : site.psbNumber}</span>}
          </p>
          <p className="footer-links">
            <span>
              <a href={site.correctionUrl} rel="noopener noreferrer">
                我为政府网站找错
              </a>
            </span>
            <span>
              <a href="/feed" aria-describedby="feed-note">
                订阅更新
              </a>
              <span id="feed-note" className="feed-note">
                （将此链接复制到RSS/Atom阅读器中，即可收到本站新公开、修订和撤回的信息）
              </span>
            </span>
            <span>
              <Link href="/open-data">开放数据</Link>
            </span>
            <span>
              <a href="/sitemap.xml">网站地图</a>
            </span>
          </p>
        </div>
      </footer>
    </>
  );
}
