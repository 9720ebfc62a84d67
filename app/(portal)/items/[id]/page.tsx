import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";
import { getPublicItem } from "@/lib/portal/public-items";
import { sanitizeBody } from "@/lib/items/item-input";

export const dynamic = "force-dynamic";

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
const cn = (d: Date) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const found = await getPublicItem(getDb(), (await params).id);
  return { title: found ? found.current.title : "信息不存在" };
}

export default async function PublicItemPage({ params }: { params: Promise<{ id: string }> }) {
  const db = getDb();
  const found = await getPublicItem(db, (await params).id);
  if (!found) notFound();
  const { item, current, history } = found;
  const org = await getOrganisation(db);
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
            <Link href={`/catalogue/${item.category.code}`}>{item.category.name}</Link>
          </li>
        </ol>
      </nav>
      {item.state === "WITHDRAWN" && (
        <div className="notice bad" role="note" data-testid="withdrawn-notice">
          <strong>本信息已于{item.withdrawnAt ? cn(item.withdrawnAt) : ""}撤回。</strong>撤回原因：{item.withdrawnReason}
        </div>
      )}
      <table className="meta" data-testid="item-meta">
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
              {item.department.name}
            </td>
            <th scope="row">成文日期</th>
            <td>{day(current.generatedDate)}</td>
          </tr>
          <tr>
            <th scope="row">发文字号</th>
            <td>{current.documentNumber ?? ""}</td>
            <th scope="row">发布日期</th>
            <td>{day(item.firstPublishedAt)}</td>
          </tr>
          <tr>
            <th scope="row">有效性</th>
            <td>{current.validity === "VALID" ? "有效" : `已废止（${day(current.repealedDate)}）`}</td>
            <th scope="row">公开方式</th>
            <td>{current.disclosureMethod}</td>
          </tr>
        </tbody>
      </table>
      <h1 className="page-title">{current.title}</h1>
      <div className="body-html" dangerouslySetInnerHTML={{ __html: sanitizeBody(current.bodyHtml) }} />
      {current.attachments.length > 0 && (
        <section aria-labelledby="att">
          <h2 id="att">附件</h2>
          <ul>
            {current.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/items/${item.id}/attachments/${a.id}`}>{a.name}</a>（{Math.ceil(a.size / 1024)} KB）
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
    </article>
  );
}
