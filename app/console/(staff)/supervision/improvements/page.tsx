import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { NARRATIVE_KIND_LABELS, WORK_SECTION_LABELS, type NarrativeKind, type WorkSection } from "@/lib/annual-report/from-records";
import { listReportRecords } from "@/lib/reports/report-records";
import { ActionForm } from "../../../components/action-form";
import { deleteReportRecordAction } from "./actions";
import { RecordForm } from "./record-form";

export const metadata: Metadata = { title: "问题与改进台账" };

export default async function ImprovementsPage({ searchParams }: { searchParams: Promise<{ year?: string; title?: string; kind?: string }> }) {
  const user = await requirePage("report.read");
  const sp = await searchParams;
  const thisYear = Number(toChinaDate(new Date()).slice(0, 4));
  const year = /^\d{4}$/.test(sp.year ?? "") ? Number(sp.year) : thisYear;
  const rows = await listReportRecords(getDb(), year);
  const editable = can(user, "report.edit");
  return (
    <>
      <h1>问题与改进台账</h1>
      <p className="notice">
        年度报告只根据登记的记录撰写：存在的问题、改进措施和工作打算、工作开展情况、使用的公开渠道和年度工作概述都在此登记；督察发现的问题可从
        <Link href="/console/supervision">督察检查</Link>页面直接列入。没有记录的部分，报告不写。
      </p>
      <form method="get" className="card">
        <label htmlFor="year">年度</label> <input id="year" name="year" defaultValue={year} inputMode="numeric" size={6} />{" "}
        <button className="btn secondary" type="submit">查看</button>
      </form>
      <div className="card">
        <h2>{year}年度记录</h2>
        <table className="data" data-testid="report-records">
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">要点</th>
              <th scope="col">内容</th>
              {editable && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {NARRATIVE_KIND_LABELS[r.kind as NarrativeKind] ?? r.kind}
                  {r.section ? `（${WORK_SECTION_LABELS[r.section as WorkSection] ?? r.section}）` : ""}
                  {r.sourceType && <span className="tag">来自督察</span>}
                </td>
                <td>{r.title}</td>
                <td>{r.body}</td>
                {editable && (
                  <td>
                    <ActionForm action={deleteReportRecordAction} submitLabel="删除" confirm="确定删除这条记录吗？">
                      <input type="hidden" name="id" value={r.id} />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={editable ? 4 : 3}>本年度暂无记录。</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="card">
          <h2>登记</h2>
          <RecordForm year={year} defaultKind={(sp.kind as NarrativeKind) ?? "PROBLEM"} defaultTitle={sp.title ?? ""} />
        </div>
      )}
    </>
  );
}
