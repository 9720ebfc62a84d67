import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getCategoryTree } from "@/lib/org/get-organisation";
import { latestPublicItems } from "@/lib/portal/public-items";
import { portalMetadata } from "../../portal-metadata";
import { requestOrganisation } from "../../request-data";

// The home page ("/" is rewritten here in next.config.ts). Served from the page cache, refreshed when
// anything public changes (lib/portal/cache-refresh.ts); never rendered at build time.
export const dynamic = "force-static";
export const dynamicParams = true;
// Front caches get a 30 s s-maxage from proxy.ts instead of this hour (紧急下架 must reach them within a minute).
export const revalidate = 3600;
export async function generateStaticParams() {
  return [];
}

const EDITIONS = new Set(["index"]);
const cnDate = (d: Date) => d.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });

export async function generateMetadata({ params }: { params: Promise<{ edition: string }> }): Promise<Metadata> {
  if (!EDITIONS.has((await params).edition)) return {};
  return portalMetadata({ column: { name: "政府信息公开", keywords: ["政务公开"] }, canonical: "/" });
}

export default async function HomePage({ params }: { params: Promise<{ edition: string }> }) {
  if (!EDITIONS.has((await params).edition)) notFound();
  const db = getDb();
  const org = await requestOrganisation();
  const [latest, tree] = await Promise.all([latestPublicItems(db, 10), getCategoryTree(db, org.id)]);
  return (
    <div className="page">
      <h1 className="page-title">{org.name}政府信息公开</h1>
      <p className="page-lead">
        根据《中华人民共和国政府信息公开条例》，{org.name}在本栏目集中公开政府信息。您可以查阅公开指南、公开制度、法定主动公开内容和年度报告，也可以在线申请公开政府信息。
      </p>
      <ul className="entries">
        <li>
          <Link href="/guide">
            <strong>政府信息公开指南</strong>
            信息分类、获取方式、工作机构和联系方式
          </Link>
        </li>
        <li>
          <Link href="/rules">
            <strong>政府信息公开制度</strong>
            本机关政府信息公开工作制度
          </Link>
        </li>
        <li>
          <Link href="/catalogue">
            <strong>法定主动公开内容</strong>
            按公开目录分类查阅主动公开的政府信息
          </Link>
        </li>
        <li>
          <Link href="/reports">
            <strong>政府信息公开年报</strong>
            历年政府信息公开工作年度报告
          </Link>
        </li>
        <li>
          <Link href="/apply">
            <strong>依申请公开</strong>
            在线提交政府信息公开申请、查询办理进度
          </Link>
        </li>
      </ul>
      <section aria-labelledby="latest-heading">
        <div className="section-head">
          <h2 id="latest-heading">最新公开</h2>
          <a href="/feed">订阅最新公开信息</a>
        </div>
        {latest.length === 0 ? (
          <p>暂无公开信息。</p>
        ) : (
          <ul className="latest" data-testid="latest-items">
            {latest.map((i) => (
              <li key={i.id}>
                <Link href={`/items/${i.id}`}>{i.title}</Link>
                {i.category && <span className="cat">{i.category.name}</span>}
                <time dateTime={i.publishedAt.toISOString()}>{cnDate(i.publishedAt)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="columns-heading">
        <h2 id="columns-heading">公开目录</h2>
        <ul className="columns">
          {tree.map((c) => (
            <li key={c.id}>
              <Link href={`/catalogue/${c.code}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
