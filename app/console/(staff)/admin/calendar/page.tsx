import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { OFFICIAL_SCHEDULE_LAST_YEAR } from "@/lib/calendar/working-days";
import { ActionForm } from "../../../components/action-form";
import { deleteOverrideAction, saveOverrideAction } from "../settings/actions";

export const metadata: Metadata = { title: "工作日历" };

export default async function CalendarPage() {
  await requirePage("admin.settings");
  const rows = await getDb().calendarOverride.findMany({ orderBy: { date: "asc" } });
  return (
    <>
      <h1>工作日历</h1>
      <p className="notice">
        系统内置国务院办公厅公布的节假日安排至 {OFFICIAL_SCHEDULE_LAST_YEAR} 年。每年12月公布下一年安排后，请在此录入放假日期和调休上班日期；此处设置优先于内置安排，所有期限（主动公开、依申请公开）即时按新日历计算。
      </p>
      <div className="card">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">类型</th>
              <th scope="col">说明</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.date.toISOString().slice(0, 10)}</td>
                <td>{r.kind === "HOLIDAY" ? "放假" : "调休上班"}</td>
                <td>{r.name}</td>
                <td>
                  <ActionForm action={deleteOverrideAction} submitLabel="删除">
                    <input type="hidden" name="id" value={r.id} />
                  </ActionForm>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4}>暂无设置。</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>添加或修改</h2>
        <ActionForm action={saveOverrideAction} submitLabel="保存">
          <div className="field">
            <label htmlFor="date">日期</label>
            <input id="date" name="date" type="date" required />
          </div>
          <div className="field">
            <label htmlFor="kind">类型</label>
            <select id="kind" name="kind">
              <option value="HOLIDAY">放假</option>
              <option value="WORKDAY">调休上班</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="name">说明</label>
            <input id="name" name="name" type="text" placeholder="如：2027年春节" />
          </div>
        </ActionForm>
      </div>
    </>
  );
}
