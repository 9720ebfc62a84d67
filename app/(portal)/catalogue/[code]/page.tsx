import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { categoryWithDescendants, listPublicItems } from "@/lib/portal/public-items";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const found = await categoryWithDescendants(getDb(), (await params).code);
  return { title: found ? found.category.name : "栏目不存在" };
}

export default async function CategoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ year?: string; dept?: string; page?: string }>;
}) {
  const db = getDb();
  const { code } = await params;
  const sp = await searchParams;
  const found = await categoryWithDescendants(db, code);
  if (!found) notFound();
  const year = /^\d{4}$/.test(sp.year ?? "") ? Number(sp.year) : undefined;
  const list = await listPublicItems(db, { categoryIds: found.ids, year, departmentId: sp.dept || undefined, page: Number(sp.page) || 1 });
  const departments = await db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
  const link = (page: number) => `?${new URLSearchParams({ ...(sp.year ? { year: sp.year } : {}), ...(sp.dept ? { dept: sp.dept } : {}), page: String(page) })}`;
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
          <li aria-current="page">{found.category.name}</li>
        </ol>
      </nav>
      <h1 className="page-title">{found.category.name}</h1>
      {found.category.description && <p className="muted">{found.category.description}</p>}
      {found.children.length > 0 && (
        <p>
          子栏目：
          {found.children.map((c) => (
            <Link key={c.id} href={`/catalogue/${c.code}`} style={{ marginRight: "1rem" }}>
              {c.name}
            </Link>
          ))}
        </p>
      )}
      <form method="get" aria-label="筛选">
        <label htmlFor="year">年份</label>{" "}
        <input id="year" name="year" type="text" inputMode="numeric" size={5} defaultValue={sp.year ?? ""} />{" "}
        <label htmlFor="dept">发布机构</label>{" "}
        <select id="dept" name="dept" defaultValue={sp.dept ?? ""}>
          <option value="">全部</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>{" "}
        <button className="btn small" type="submit">
          筛选
        </button>
      </form>
      <table className="data" data-testid="catalogue-list">
        <caption className="muted" style={{ textAlign: "left" }}>
          共 {list.total} 条
        </caption>
        <thead>
          <tr>
            <th scope="col">索引号</th>
            <th scope="col">名称</th>
            <th scope="col">生成日期</th>
            <th scope="col">内容概述</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.indexNo}</td>
              <td>
                <Link href={`/items/${r.id}`}>{r.title}</Link>
              </td>
              <td>{r.generatedDate}</td>
              <td>{r.summary}</td>
            </tr>
          ))}
          {list.rows.length === 0 && (
            <tr>
              <td colSpan={4}>本栏目暂无信息。</td>
            </tr>
          )}
        </tbody>
      </table>
      <nav aria-label="分页">
        第 {list.page} / {list.pages} 页　
        {list.page > 1 && <a href={link(list.page - 1)}>上一页</a>}　{list.page < list.pages && <a href={link(list.page + 1)}>下一页</a>}
      </nav>
    </div>
  );
}
