import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "操作日志" };

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ page?: string; action?: string }> }) {
  await requirePage("audit.read");
  const sp = await searchParams;
  const page = Math.max(1, Number(sp.page) || 1);
  const where = sp.action ? { action: { startsWith: sp.action } } : {};
  const [rows, total] = await Promise.all([
    getDb().auditLog.findMany({ where, orderBy: { id: "desc" }, take: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }),
    getDb().auditLog.count({ where }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>操作日志</h1>
      <form className="card" method="get">
        <label htmlFor="action">操作类型前缀</label>
        <input id="action" name="action" type="text" defaultValue={sp.action ?? ""} placeholder="如 auth. 或 item." />
        <button className="btn small" type="submit">
          筛选
        </button>
      </form>
      <div className="card">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">IP</th>
              <th scope="col">详情</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id.toString()}>
                <td>{r.at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</td>
                <td>{r.actorName ?? "—"}</td>
                <td>{r.action}</td>
                <td>
                  {r.entityType}
                  {r.entityId ? ` ${r.entityId.slice(0, 10)}` : ""}
                </td>
                <td>{r.ip ?? ""}</td>
                <td>
                  <code>{JSON.stringify(r.detail ?? r.after ?? "")?.slice(0, 120)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          第 {page} / {pages} 页，共 {total} 条　
          {page > 1 && <a href={`?page=${page - 1}&action=${encodeURIComponent(sp.action ?? "")}`}>上一页</a>}　
          {page < pages && <a href={`?page=${page + 1}&action=${encodeURIComponent(sp.action ?? "")}`}>下一页</a>}
        </p>
      </div>
    </>
  );
}
