import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { OFFICIAL_SCHEDULE_LAST_YEAR } from "@/lib/calendar/working-days";
import { toChinaDate } from "@/lib/calendar/dates";
import { ActionForm } from "../../../components/action-form";
import { deleteOverrideAction, saveOverrideAction } from "../settings/actions";
import { CalendarAlertBanner } from "./calendar-alert";
import { YearScheduleForm } from "./year-schedule-form";

export const metadata: Metadata = { title: "工作日历" };

export default async function CalendarPage() {
  await requirePage("admin.settings");
  const db = getDb();
  const [rows, years] = await Promise.all([
    db.calendarOverride.findMany({ orderBy: { date: "asc" } }),
    db.calendarYear.findMany({ orderBy: { year: "asc" } }),
  ]);
  const thisYear = Number(toChinaDate(new Date()).slice(0, 4));
  const nextMissing = [thisYear, thisYear + 1].find((y) => y > OFFICIAL_SCHEDULE_LAST_YEAR && !years.some((r) => r.year === y));
  return (
    <>
      <h1>工作日历</h1>
      <CalendarAlertBanner link={false} />
      <p className="notice">
        系统内置国务院办公厅公布的节假日安排至 {OFFICIAL_SCHEDULE_LAST_YEAR} 年
        {years.length > 0 && `；已录入 ${years.map((y) => `${y.year}年${y.source ? `（${y.source}）` : ""}`).join("、")}`}。
        每年国务院办公厅公布下一年安排后，请在此一次录入全年放假和调休上班日期；录入前，跨入该年的期限按正常工作日计算并标注“暂定”。
      </p>
      <div className="card">
        <h2>录入全年安排</h2>
        <p className="hint">按通知逐项填写放假起止日期和调休上班日期，先预览全年日历核对，再保存。保存后，办理中的依申请公开、主动公开期限和缴费期限即时按新日历重新计算，并列出变化的期限。再次录入同一年份将整体替换该年的设置。</p>
        <YearScheduleForm defaultYear={nextMissing ?? thisYear + 1} />
      </div>
      <div className="card">
        <h2>已设置的日期</h2>
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
        <h2>单日设置（临时停止办公等个别调整）</h2>
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
