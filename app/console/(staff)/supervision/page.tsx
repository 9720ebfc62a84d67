import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { listInspections } from "@/lib/supervision/inspections";
import { ActionForm } from "../../components/action-form";
import { createInspectionAction } from "./actions";

export const metadata: Metadata = { title: "督察检查" };

export default async function SupervisionPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const user = await requirePage("report.read");
  const canEdit = can(user, "report.edit");
  const db = getDb();
  const today = toChinaDate(new Date());
  const current = Number(today.slice(0, 4));
  const y = Number((await searchParams).year);
  const year = Number.isInteger(y) && y > 2000 && y <= current ? y : current;
  const [inspections, departments] = await Promise.all([
    listInspections(db, { year }),
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const total = inspections.reduce((s, i) => s + i.total, 0);
  const done = inspections.reduce((s, i) => s + i.done, 0);
  const overdue = inspections.reduce((s, i) => s + i.overdue, 0);
  return (
    <>
      <h1>政府信息公开督察检查</h1>
      <p className="muted">
        采取定期和不定期检查相结合的方法，对各科室、单位政府信息公开工作组织领导、公开内容、公开形式、公开期限等方面落实情况进行监督检查，发现的问题逐项登记整改事项、明确责任人和整改期限。
      </p>
      <p>
        <Link href={`/console/supervision/scorecard?year=${year}`} className="btn secondary" data-testid="scorecard-link">
          查看{year}年科室考核情况（图表）
        </Link>
      </p>
      <nav className="tabs" aria-label="年度">
        {[current, current - 1, current - 2].map((yy) => (
          <Link key={yy} href={`/console/supervision?year=${yy}`} aria-current={yy === year ? "page" : undefined}>
            {yy}年
          </Link>
        ))}
      </nav>
      <div className="stats">
        <div className="stat">
          <b>{inspections.length}</b>检查次数
        </div>
        <div className="stat">
          <b>{total}</b>发现问题（整改事项）
        </div>
        <div className="stat">
          <b>{done}</b>已整改
        </div>
        <div className="stat">
          <b style={overdue ? { color: "var(--gk-bad)" } : undefined}>{overdue}</b>逾期未整改
        </div>
      </div>
      <div className="card">
        <table className="data" data-testid="inspection-list">
          <thead>
            <tr>
              <th scope="col">检查日期</th>
              <th scope="col">检查内容</th>
              <th scope="col">被检查科室</th>
              <th scope="col">整改事项</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {inspections.length === 0 && (
              <tr>
                <td colSpan={5}>{year}年暂无检查记录。</td>
              </tr>
            )}
            {inspections.map((i) => (
              <tr key={i.id}>
                <td>{i.date}</td>
                <td>{i.scope}</td>
                <td>{i.departments.join("、")}</td>
                <td>
                  共{i.total}项，已整改{i.done}项{i.overdue > 0 && <span className="tag bad">逾期{i.overdue}项</span>}
                </td>
                <td>
                  <Link href={`/console/supervision/${i.id}`}>查看</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div className="card">
          <h2>登记检查</h2>
          <ActionForm action={createInspectionAction} submitLabel="登记" testId="create-inspection">
            <div className="field">
              <label htmlFor="in-date">检查日期</label>
              <input id="in-date" name="date" type="date" max={today} required />
            </div>
            <div className="field">
              <label htmlFor="in-scope">检查内容</label>
              <input id="in-scope" name="scope" type="text" defaultValue="各科室、单位政府信息公开工作落实情况" required />
            </div>
            <fieldset>
              <legend>被检查科室</legend>
              {departments.map((d) => (
                <label key={d.id} style={{ display: "inline-block", fontWeight: "normal", marginRight: "1rem" }}>
                  <input type="checkbox" name="departmentIds" value={d.id} /> {d.name}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="in-findings">检查发现</label>
              <textarea id="in-findings" name="findings" rows={4} />
            </div>
          </ActionForm>
        </div>
      )}
    </>
  );
}
