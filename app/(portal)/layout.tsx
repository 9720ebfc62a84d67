import Link from "next/link";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";

const PORTAL_NAV = [
  { href: "/guide", label: "政府信息公开指南" },
  { href: "/rules", label: "政府信息公开制度" },
  { href: "/catalogue", label: "法定主动公开内容" },
  { href: "/reports", label: "政府信息公开年报" },
  { href: "/apply", label: "依申请公开" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const org = await getOrganisation(getDb());
  const care = (await cookies()).get("care")?.value === "1";
  return (
    <>
      <a className="skip-link" href="#main">
        跳转到主要内容
      </a>
      <header className="site-header">
        <div className="wrap">
          <div>
            <p className="site-title">
              <Link href="/">{org.name}</Link>
            </p>
            <p className="site-sub">政府信息公开</p>
          </div>
          <div className="site-tools">
            <a href={`/care?on=${care ? "0" : "1"}`} rel="nofollow">
              {care ? "退出关怀版" : "关怀版（大字号）"}
            </a>
          </div>
        </div>
        <nav className="site-nav" aria-label="政府信息公开栏目">
          <ul className="wrap">
            <li>
              <Link href="/">首页</Link>
            </li>
            {PORTAL_NAV.map((n) => (
              <li key={n.href}>
                <Link href={n.href}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="wrap">{children}</div>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>主办：{org.name}　承办：{org.name}党政办公室</p>
          <p>
            地址：{org.address}　邮编：{org.postcode}
          </p>
          <p>
            电话：{org.phone}　传真：{org.fax}　电子邮箱：{org.email}
          </p>
          <p>办公时间：{org.officeHours}</p>
        </div>
      </footer>
    </>
  );
}
