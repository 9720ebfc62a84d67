import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requestOrganisation, requestPublicItem } from "../../request-data";
import { sanitizeBody } from "@/lib/items/item-input";
import { beijingDay, beijingDayCn, dateColumnDay } from "@/lib/portal/public-dates";
import { portalMetadata } from "../../portal-metadata";
import { PrintButton } from "./print-button";

// Served from the page cache, refreshed the moment the item (or anything public) changes — see
// lib/portal/cache-refresh.ts. Unknown ids are cached as 404s in memory only (next.config.ts).
export const dynamic = "force-static";
export const dynamicParams = true;
// Front caches get a 30 s s-maxage from proxy.ts instead of this hour (紧急下架 must reach them within a minute).
export const revalidate = 3600;
export async function generateStaticParams() {
  return [];
}

const day = dateColumnDay;
const cn = beijingDayCn;
const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(bytes / 1024))} KB`);
const validId = (id: string) => /^[a-z0-9]{8,40}$/.test(id);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const found = validId(id) ? await requestPublicItem(id) : null;
  if (!found) return { title: "信息不存在" };
  const org = await requestOrganisation();
  return portalMetadata({
    title: found.current.title,
    description: found.current.summary,
    column: { name: found.category.name, description: found.category.description },
    article: { title: found.current.title, publishedAt: found.item.firstPublishedAt!, source: `${org.name}${found.department.name}` },
    canonical: `/items/${id}`,
    feed: { title: `${found.category.name}（Atom）`, href: `/feed/${found.category.code}` },
  });
}

export default async function PublicItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!validId(id)) notFound();
  const found = await requestPublicItem(id);
  if (!found) notFound();
  const { item, current, history, category, department } = found;
  const org = await requestOrganisation();
  return (
    <article className="page">
      <nav className="breadcrumb" aria-label="当前位置">
        <ol>
          <li>
            <Link href="/">首页</Link>
          </li>
          <li>
            <Link href="/catalogue">法定主动公开内容</Link>
          </li>
          <li>
            <Link href={`/catalogue/${category.code}`}>{category.name}</Link>
          </li>
        </ol>
      </nav>
      {item.state === "WITHDRAWN" && (
        <div className="notice bad" role="note" data-testid="withdrawn-notice">
          <strong>本信息已于{item.withdrawnAt ? cn(item.withdrawnAt) : ""}撤回。</strong>撤回原因：{item.withdrawnReason}
        </div>
      )}
      <table className="meta" data-testid="item-meta">
        <caption className="visually-hidden">信息索引</caption>
        <tbody>
          <tr>
            <th scope="row">索引号</th>
            <td>{item.indexNo}</td>
            <th scope="row">主题分类</th>
            <td>{current.topic}</td>
          </tr>
          <tr>
            <th scope="row">发布机构</th>
            <td>
              {org.name}
              {department.name}
            </td>
            <th scope="row">生成日期</th>
            <td>
              <time dateTime={day(current.generatedDate)}>{day(current.generatedDate)}</time>
            </td>
          </tr>
          <tr>
            <th scope="row">发文字号</th>
            <td>{current.documentNumber ?? ""}</td>
            <th scope="row">发布日期</th>
            <td>
              <time dateTime={beijingDay(item.firstPublishedAt)}>{beijingDay(item.firstPublishedAt)}</time>
            </td>
          </tr>
          <tr>
            <th scope="row">有效性</th>
            <td>{current.validity === "VALID" ? "有效" : `已废止（${day(current.repealedDate)}）`}</td>
            <th scope="row">公开方式</th>
            <td>{current.disclosureMethod}</td>
          </tr>
          <tr>
            <th scope="row">名称</th>
            <td colSpan={3}>{current.title}</td>
          </tr>
          <tr>
            <th scope="row">内容概述</th>
            <td colSpan={3}>{current.summary}</td>
          </tr>
        </tbody>
      </table>
      <h1 className="page-title">{current.title}</h1>
      {history.length > 1 && item.lastPublishedAt && <p className="item-date">（{cn(item.lastPublishedAt)}修订）</p>}
      <div className="body-html" dangerouslySetInnerHTML={{ __html: sanitizeBody(current.bodyHtml) }} />
      {current.attachments.length > 0 && (
        <section aria-labelledby="att">
          <h2 id="att">附件</h2>
          <ul className="attachments">
            {current.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/items/${item.id}/attachments/${a.id}`} download>
                  {a.name}
                </a>
                （{a.kind ? `${a.kind.toUpperCase()}，` : ""}
                {kb(a.size)}）
              </li>
            ))}
          </ul>
        </section>
      )}
      {history.length > 1 && (
        <section aria-labelledby="hist" data-testid="change-history">
          <h2 id="hist">修订记录</h2>
          <ul>
            {history.map((h) => (
              <li key={h.number}>
                {cn(h.publishedAt)}：{h.changeNote}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="item-tools">
        <PrintButton />
        <Link href={`/catalogue/${category.code}`}>返回{category.name}</Link>
      </div>
    </article>
  );
}
