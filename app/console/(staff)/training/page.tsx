import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { listTrainings, trainingTotals } from "@/lib/supervision/trainings";
import { ActionForm } from "../../components/action-form";
import { createTrainingAction, deleteTrainingAction } from "./actions";

export const metadata: Metadata = { title: "学习培训" };

const hours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

export default async function TrainingPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const user = await requirePage("report.read");
  const canEdit = can(user, "report.edit");
  const db = getDb();
  const current = Number(toChinaDate(new Date()).slice(0, 4));
  const y = Number((await searchParams).year);
  const year = Number.isInteger(y) && y > 2000 && y <= current ? y : current;
  const [rows, staff] = await Promise.all([
    listTrainings(db, year),
    db.user.findMany({ where: { active: true }, include: { department: true }, orderBy: [{ departmentId: "asc" }, { displayName: "asc" }] }),
  ]);
  const totals = trainingTotals(rows);
  const byDept = new Map<string, typeof staff>();
  for (const u of staff) {
    const k = u.department?.name ?? "未分配科室";
    byDept.set(k, [...(byDept.get(k) ?? []), u]);
  }
  const today = toChinaDate(new Date());
  return (
    <>
      <h1>政府信息公开学习培训</h1>
      <nav className="tabs" aria-label="年度">
        {[current, current - 1, current - 2].map((yy) => (
          <Link key={yy} href={`/console/training?year=${yy}`} aria-current={yy === year ? "page" : undefined}>
            {yy}年
          </Link>
        ))}
      </nav>
      <div className="stats" data-testid="training-totals">
        <div className="stat">
          <b>{totals.sessions}</b>培训次数
        </div>
        <div className="stat">
          <b>{hours(totals.hours)}</b>累计学时
        </div>
        <div className="stat">
          <b>{totals.personTimes}</b>参加人次
        </div>
      </div>
      <div className="card">
        <table className="data" data-testid="training-list">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">培训内容</th>
              <th scope="col">组织单位</th>
              <th scope="col">学时</th>
              <th scope="col">参加人员</th>
              {canEdit && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={canEdit ? 6 : 5}>{year}年暂无培训记录。</td>
              </tr>
            )}
            {rows.map((t) => (
              <tr key={t.id}>
                <td>{t.date}</td>
                <td>{t.topic}</td>
                <td>{t.organiser}</td>
                <td>{hours(t.hours)}</td>
                <td>
                  {t.attendees.length}人：{t.attendees.join("、")}
                </td>
                {canEdit && (
                  <td>
                    <ActionForm action={deleteTrainingAction} submitLabel="删除" confirm="确定删除这条培训记录吗？">
                      <input type="hidden" name="trainingId" value={t.id} />
                      <label htmlFor={`del-${t.id}`}>删除原因</label>
                      <input id={`del-${t.id}`} name="reason" type="text" required />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div className="card">
          <h2>登记培训</h2>
          <ActionForm action={createTrainingAction} submitLabel="登记" testId="create-training">
            <div className="field">
              <label htmlFor="tr-date">培训日期</label>
              <input id="tr-date" name="date" type="date" max={today} required />
            </div>
            <div className="field">
              <label htmlFor="tr-topic">培训内容</label>
              <input id="tr-topic" name="topic" type="text" required />
            </div>
            <div className="field">
              <label htmlFor="tr-org">组织单位</label>
              <input id="tr-org" name="organiser" type="text" defaultValue="党政办公室" required />
            </div>
            <div className="field">
              <label htmlFor="tr-hours">学时</label>
              <input id="tr-hours" name="hours" type="number" min={0.5} step={0.5} defaultValue={2} required />
            </div>
            <fieldset>
              <legend>参加人员</legend>
              {[...byDept.entries()].map(([dept, users]) => (
                <p key={dept}>
                  <strong>{dept}：</strong>
                  {users.map((u) => (
                    <label key={u.id} style={{ display: "inline-block", fontWeight: "normal", marginRight: "1rem" }}>
                      <input type="checkbox" name="attendeeIds" value={u.id} /> {u.displayName}
                    </label>
                  ))}
                </p>
              ))}
            </fieldset>
          </ActionForm>
        </div>
      )}
    </>
  );
}
