import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { catalogueViewPath, parseCatalogueView, type CatalogueView } from "@/lib/portal/catalogue-view";
import { categoryWithDescendants, listPublicItems, yearsWithItems } from "@/lib/portal/public-items";
import { portalMetadata } from "../../../portal-metadata";

// A 公开目录 list. Every view (year, department, page) is a path of its own (lib/portal/catalogue-view.ts)
// so it can be served from the page cache, which is refreshed when anything public changes.
export const dynamic = "force-static";
export const dynamicParams = true;
// Front caches get a 30 s s-maxage from proxy.ts instead of this hour (紧急下架 must reach them within a minute).
export const revalidate = 3600;
export async function generateStaticParams() {
  return [];
}

type Params = Promise<{ code: string; view?: string[] }>;

async function load(params: Params) {
  const { code, view: segments } = await params;
  return loadView(code, (segments ?? []).join("/"));
}

// Once per request for generateMetadata and the page alike.
const loadView = cache(async (code: string, path: string) => {
  const view = parseCatalogueView(path ? path.split("/") : []);
  if (!view) return null;
  const db = getDb();
  const found = await categoryWithDescendants(db, code);
  if (!found) return null;
  const departments = await db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
  const dept = view.dept ? departments.find((d) => d.code === view.dept) : undefined;
  if (view.dept && !dept) return null;
  return { db, view, found, departments, dept };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const loaded = await load(params);
  if (!loaded) return { title: "栏目不存在" };
  const { category, parent } = loaded.found;
  return portalMetadata({
    title: category.name,
    column: { name: category.name, description: category.description, keywords: parent ? [parent.name] : [] },
    canonical: catalogueViewPath(category.code, loaded.view),
    feed: { title: `${category.name}（Atom）`, href: `/feed/${category.code}` },
  });
}

function Pager({ code, view, pages }: { code: string; view: CatalogueView; pages: number }) {
  if (pages <= 1) return null;
  const at = (page: number) => catalogueViewPath(code, { ...view, page });
  const shown = [...new Set([1, view.page - 2, view.page - 1, view.page, view.page + 1, view.page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label="分页">
      <span className="status">
        第 {view.page} / {pages} 页
      </span>
      {view.page > 1 && <Link href={at(view.page - 1)}>上一页</Link>}
      {shown.map((p, i) => (
        <span key={p}>
          {i > 0 && shown[i - 1] !== p - 1 && <span aria-hidden="true">…</span>}
          {p === view.page ? (
            <span aria-current="page">{p}</span>
          ) : (
            <Link href={at(p)} aria-label={`第${p}页`}>
              {p}
            </Link>
          )}
        </span>
      ))}
      {view.page < pages && <Link href={at(view.page + 1)}>下一页</Link>}
    </nav>
  );
}

export default async function CategoryPage({ params }: { params: Params }) {
  const loaded = await load(params);
  if (!loaded) notFound();
  const { db, view, found, departments, dept } = loaded;
  const [list, years] = await Promise.all([
    listPublicItems(db, { categoryIds: found.ids, year: view.year, departmentId: dept?.id, page: view.page }),
    yearsWithItems(db, found.ids),
  ]);
  if (view.page > list.pages) notFound();
  const code = found.category.code;
  const filtered = Boolean(view.year || dept);
  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="当前位置">
        <ol>
          <li>
            <Link href="/">首页</Link>
          </li>
          <li>
            <Link href="/catalogue">法定主动公开内容</Link>
          </li>
          {found.parent && (
            <li>
              <Link href={`/catalogue/${found.parent.code}`}>{found.parent.name}</Link>
            </li>
          )}
          <li aria-current="page">{found.category.name}</li>
        </ol>
      </nav>
      <h1 className="page-title">{found.category.name}</h1>
      {found.category.description && <p className="muted">{found.category.description}</p>}
      {found.children.length > 0 && (
        <nav aria-label="子栏目">
          子栏目：
          {found.children.map((c) => (
            <Link key={c.id} href={`/catalogue/${c.code}`} style={{ marginRight: "1rem" }}>
              {c.name}
            </Link>
          ))}
        </nav>
      )}
      <form className="filters" method="get" action={`/catalogue/${code}/filter`} aria-label="筛选本栏目信息">
        <div className="field">
          <label htmlFor="year">生成年份</label>
          <select id="year" name="year" defaultValue={view.year ? String(view.year) : ""}>
            <option value="">全部年份</option>
            {[...new Set([...years, ...(view.year ? [view.year] : [])])].map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dept">发布机构</label>
          <select id="dept" name="dept" defaultValue={dept?.code ?? ""}>
            <option value="">全部</option>
            {departments.map((d) => (
              <option key={d.id} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <button className="btn small" type="submit">
          筛选
        </button>
        {filtered && <Link href={`/catalogue/${code}`}>清除筛选</Link>}
        <a href={`/feed/${code}`}>订阅本栏目更新</a>
      </form>
      <table className="data item-list" data-testid="catalogue-list">
        <caption className="muted">
          {found.category.name}
          {view.year ? `，${view.year}年` : ""}
          {dept ? `，${dept.name}` : ""}：共 {list.total} 条
        </caption>
        <thead>
          <tr>
            <th scope="col">索引号</th>
            <th scope="col">名称</th>
            <th scope="col">生成日期</th>
            <th scope="col">发布机构</th>
            <th scope="col">内容概述</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={r.id}>
              <td className="c-index">{r.indexNo}</td>
              <td className="c-title">
                <Link href={`/items/${r.id}`}>{r.title}</Link>
              </td>
              <td className="c-date">
                <time dateTime={r.generatedDate}>{r.generatedDate}</time>
              </td>
              <td className="c-dept">{r.department}</td>
              <td className="c-summary">{r.summary}</td>
            </tr>
          ))}
          {list.rows.length === 0 && (
            <tr>
              <td colSpan={5}>{filtered ? "没有符合筛选条件的信息。" : "本栏目暂无信息。"}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager code={code} view={view} pages={list.pages} />
    </div>
  );
}
