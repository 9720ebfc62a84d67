import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCategoryTree, type CategoryNode } from "@/lib/org/get-organisation";
import { categoryWithDescendants, latestPublicItems } from "@/lib/portal/public-items";
import { searchPublicItems, type SearchResult } from "@/lib/search/search-public-items";
import type { TextPart } from "@/lib/search/highlight";
import { portalMetadata } from "../portal-metadata";
import { requestOrganisation } from "../request-data";

export const dynamic = "force-dynamic";

type Search = { q?: string; category?: string; dept?: string; year?: string; sort?: string; page?: string };

export async function generateMetadata({ searchParams }: { searchParams: Promise<Search> }): Promise<Metadata> {
  const q = ((await searchParams).q ?? "").trim().slice(0, 100);
  return { ...(await portalMetadata({ column: { name: "站内搜索" } })), title: q ? `“${q}”的搜索结果` : "站内搜索", robots: { index: false } };
}

function Marked({ parts }: { parts: TextPart[] }) {
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

function flatten(nodes: CategoryNode[], depth = 0): { code: string; label: string }[] {
  return nodes.flatMap((n) => [{ code: n.code, label: `${"　".repeat(depth)}${n.name}` }, ...flatten(n.children, depth + 1)]);
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const thisYear = Number(new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 4));

export default async function SearchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const q = one(sp.q).trim().slice(0, 100);
  const categoryCode = one(sp.category);
  const deptCode = one(sp.dept);
  const year = /^\d{4}$/.test(one(sp.year)) ? Number(one(sp.year)) : undefined;
  const sort = one(sp.sort) === "date" ? "date" : "relevance";
  const page = /^\d{1,3}$/.test(one(sp.page)) ? Number(one(sp.page)) : 1;
  const db = getDb();
  const org = await requestOrganisation();
  const [tree, departments] = await Promise.all([getCategoryTree(db, org.id), db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } })]);
  const scope = categoryCode ? await categoryWithDescendants(db, categoryCode) : null;
  const dept = departments.find((d) => d.code === deptCode);
  let result: SearchResult | null = null;
  let failed = false;
  if (q) {
    try {
      result = await searchPublicItems(db, { q, categoryIds: scope?.ids, departmentId: dept?.id, year, sort, page });
    } catch (e) {
      // The public never sees an internal error: log it and say what the visitor can do.
      console.error("[search]", e);
      failed = true;
    }
  }
  const latest = result && result.total === 0 ? await latestPublicItems(db, 5) : [];
  const link = (p: number) => {
    const params = new URLSearchParams({ q });
    if (scope) params.set("category", scope.category.code);
    if (dept) params.set("dept", dept.code);
    if (year) params.set("year", String(year));
    if (sort === "date") params.set("sort", "date");
    if (p > 1) params.set("page", String(p));
    return `/search?${params}`;
  };
  const filtered = Boolean(scope || dept || year);
  return (
    <div className="page">
      <h1 className="page-title">站内搜索</h1>
      <form className="filters" role="search" action="/search" method="get" aria-label="搜索政府信息">
        <div className="field">
          <label htmlFor="search-q">关键词</label>
          <input id="search-q" name="q" type="search" defaultValue={q} maxLength={100} required />
        </div>
        <div className="field">
          <label htmlFor="search-category">栏目</label>
          <select id="search-category" name="category" defaultValue={scope?.category.code ?? ""}>
            <option value="">全部栏目</option>
            {flatten(tree).map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="search-dept">发布机构</label>
          <select id="search-dept" name="dept" defaultValue={dept?.code ?? ""}>
            <option value="">全部</option>
            {departments.map((d) => (
              <option key={d.id} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="search-year">生成年份</label>
          <select id="search-year" name="year" defaultValue={year ? String(year) : ""}>
            <option value="">全部年份</option>
            {Array.from({ length: thisYear - 2007 + 1 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="search-sort">排序</label>
          <select id="search-sort" name="sort" defaultValue={sort}>
            <option value="relevance">按相关度</option>
            <option value="date">按发布日期</option>
          </select>
        </div>
        <button className="btn" type="submit">
          搜索
        </button>
      </form>

      {!q && <p>请输入要查找的政府信息的名称、文号或内容中的词语，例如“年度报告”“低保”“预算”。</p>}

      {failed && (
        <div className="notice" role="status">
          搜索暂时无法使用，请稍后再试。您也可以在<Link href="/catalogue">法定主动公开内容</Link>中按栏目查阅。
        </div>
      )}

      {result && result.total > 0 && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            “{q}”共找到{result.approximate ? "约" : ""} {result.total.toLocaleString("zh-CN")} 条{filtered ? "（已按条件筛选）" : ""}
            {result.mode === "substring" ? "标题或概述中含有该词的信息" : "相关信息"}
          </h2>
          <ol className="results" data-testid="search-results" start={(result.page - 1) * 20 + 1}>
            {result.hits.map((h) => (
              <li key={h.itemId}>
                <h3>
                  <Link href={`/items/${h.itemId}`}>
                    <Marked parts={h.title} />
                  </Link>
                </h3>
                <p>
                  <Marked parts={h.snippet} />
                </p>
                <p className="meta-line">
                  索引号：{h.indexNo}　发布机构：{org.name}
                  {h.department}　栏目：{h.category}　生成日期：<time dateTime={h.generatedDate}>{h.generatedDate}</time>
                </p>
              </li>
            ))}
          </ol>
          {result.pages > 1 && (
            <nav className="pager" aria-label="分页">
              <span className="status">
                第 {result.page} / {result.pages} 页
              </span>
              {result.page > 1 && <Link href={link(result.page - 1)}>上一页</Link>}
              {result.page < result.pages && <Link href={link(result.page + 1)}>下一页</Link>}
            </nav>
          )}
          {result.approximate && <p className="muted">结果较多，仅列出最相关的前 {result.pages} 页。可以增加关键词或按栏目、机构、年份筛选。</p>}
        </section>
      )}

      {result && result.total === 0 && (
        <section className="empty-help" aria-labelledby="empty-heading" data-testid="search-empty">
          <h2 id="empty-heading">
            没有找到与“{q}”相关的信息
          </h2>
          <p>您可以：</p>
          <ul>
            {filtered && (
              <li>
                <Link href={`/search?${new URLSearchParams({ q })}`}>取消栏目、机构和年份条件，在全部信息中搜索</Link>
              </li>
            )}
            <li>检查是否有错别字，或换用更短、更常用的词语（如用“低保”代替“最低生活保障金发放”）；多个词语之间可用空格分开。</li>
            <li>
              在<Link href="/catalogue">法定主动公开内容</Link>中按栏目查阅，或查看<Link href="/guide">政府信息公开指南</Link>了解信息的分类。
            </li>
            <li>
              如果所需信息尚未公开，可以<Link href="/apply">依申请公开</Link>，或拨打电话 {org.phone} 咨询（{org.officeHours}）。
            </li>
          </ul>
          {latest.length > 0 && (
            <>
              <h3>最新公开的信息</h3>
              <ul>
                {latest.map((i) => (
                  <li key={i.id}>
                    <Link href={`/items/${i.id}`}>{i.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}
