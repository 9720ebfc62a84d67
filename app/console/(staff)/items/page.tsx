import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { listItems } from "@/lib/items/item-queries";
import { ITEM_STATE_LABELS } from "@/lib/items/workflow";
import { getItemDashboard } from "@/lib/items/item-clocks";

export const metadata: Metadata = { title: "信息管理" };

export default async function ItemsPage({
  searchParams,
}: {
  searchParams: Promise<{ state?: string; departmentId?: string; categoryId?: string; year?: string; q?: string; page?: string; overdue?: string }>;
}) {
  const user = await requirePage("item.read");
  const sp = await searchParams;
  const db = getDb();
  const [list, departments, categories] = await Promise.all([
    listItems(db, user, { ...sp, page: Number(sp.page) || 1 }),
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } }),
    db.category.findMany({ where: { active: true }, orderBy: [{ parentId: "asc" }, { sortOrder: "asc" }] }),
  ]);
  const dash = await getItemDashboard(db);
  const attention = new Map(dash.attention.map((a) => [a.id, a.status]));
  const rows = sp.overdue === "1" ? list.rows.filter((r) => attention.get(r.id) === "OVERDUE") : list.rows;
  const qs = (extra: Record<string, string | number>) =>
    "?" + new URLSearchParams({ ...(Object.fromEntries(Object.entries(sp).filter(([, v]) => v)) as Record<string, string>), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();
  return (
    <>
      <h1>信息管理</h1>
      {can(user, "item.draft") && (
        <p>
          <Link className="btn" href="/console/items/new">
            新建信息
          </Link>
        </p>
      )}
      <form className="card" method="get" aria-label="筛选">
        <label htmlFor="f-state">状态</label>{" "}
        <select id="f-state" name="state" defaultValue={sp.state ?? ""}>
          <option value="">全部</option>
          {Object.entries(ITEM_STATE_LABELS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>{" "}
        <label htmlFor="f-dept">科室</label>{" "}
        <select id="f-dept" name="departmentId" defaultValue={sp.departmentId ?? ""}>
          <option value="">全部</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>{" "}
        <label htmlFor="f-cat">分类</label>{" "}
        <select id="f-cat" name="categoryId" defaultValue={sp.categoryId ?? ""}>
          <option value="">全部</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>{" "}
        <label htmlFor="f-year">年份</label>{" "}
        <input id="f-year" name="year" type="text" inputMode="numeric" size={5} defaultValue={sp.year ?? ""} />{" "}
        <label htmlFor="f-q">标题或索引号</label>{" "}
        <input id="f-q" name="q" type="text" defaultValue={sp.q ?? ""} />{" "}
        <label>
          <input type="checkbox" name="overdue" value="1" defaultChecked={sp.overdue === "1"} /> 仅显示超期
        </label>{" "}
        <button className="btn small" type="submit">
          筛选
        </button>
      </form>
      <p>
        <a href={`/console/items/export${qs({}).replace(/([?&])page=\d+&?/, "$1")}`} data-testid="catalogue-export">
          导出当前筛选结果（Excel）
        </a>
        {can(user, "item.import") && (
          <>
            　<Link href="/console/items/import">历史信息导入</Link>
          </>
        )}
      </p>
      <div className="card">
        <table className="data" data-testid="item-list">
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">索引号</th>
              <th scope="col">科室</th>
              <th scope="col">分类</th>
              <th scope="col">生成日期</th>
              <th scope="col">状态</th>
              <th scope="col">期限</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/console/items/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.indexNo ?? "—"}</td>
                <td>{r.department}</td>
                <td>{r.category}</td>
                <td>{r.generatedDate}</td>
                <td>
                  {r.stateLabel}
                  {r.revising ? "（修订中）" : ""}
                </td>
                <td>
                  {attention.get(r.id) === "OVERDUE" ? (
                    <span className="tag bad">已超期</span>
                  ) : attention.get(r.id) === "DUE_SOON" ? (
                    <span className="tag warn">即将到期</span>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={7}>没有符合条件的信息。</td>
              </tr>
            )}
          </tbody>
        </table>
        <p>
          第 {list.page} / {list.pages} 页，共 {list.total} 条　
          {list.page > 1 && <a href={qs({ page: list.page - 1 })}>上一页</a>}　
          {list.page < list.pages && <a href={qs({ page: list.page + 1 })}>下一页</a>}
        </p>
      </div>
    </>
  );
}
