import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { REPORT_STATUS_LABELS, isReportStatus } from "@/lib/annual-report/workflow";
import { ActionForm } from "../../components/action-form";
import { createReportAction } from "./actions";

export const metadata: Metadata = { title: "年度报告" };

export default async function ReportsPage() {
  const user = await requirePage("report.read");
  const db = getDb();
  const reports = await db.annualReport.findMany({ orderBy: { year: "desc" } });
  const items = await db.item.findMany({
    where: { id: { in: reports.map((r) => r.itemId).filter((x): x is string => !!x) } },
    select: { id: true, state: true, indexNo: true, publishedVersionNo: true, firstPublishedAt: true },
  });
  const itemById = new Map(items.map((i) => [i.id, i]));
  const current = Number(toChinaDate(new Date()).slice(0, 4));
  const years = Array.from({ length: 10 }, (_, i) => current - i);
  const canEdit = can(user, "report.edit");
  return (
    <>
      <h1>政府信息公开工作年度报告</h1>
      <p className="muted">
        按照《中华人民共和国政府信息公开条例》第四十九条，本机关应于每年1月31日前公布上一年度的政府信息公开工作年度报告。报告按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，表格数据由系统台账自动统计，由党政办审核人员编制、分管领导审批后发布。
      </p>
      <div className="card">
        <table className="data" data-testid="report-list">
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">状态</th>
              <th scope="col">已发布信息</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {reports.length === 0 && (
              <tr>
                <td colSpan={4}>尚未生成年度报告。</td>
              </tr>
            )}
            {reports.map((r) => {
              const item = r.itemId ? itemById.get(r.itemId) : undefined;
              return (
                <tr key={r.id}>
                  <td>{r.year}年</td>
                  <td>{isReportStatus(r.status) ? REPORT_STATUS_LABELS[r.status] : r.status}</td>
                  <td>
                    {item ? (
                      <>
                        <Link href={`/items/${item.id}`}>{item.indexNo}</Link>
                        {item.state === "WITHDRAWN" ? "（已撤回）" : item.publishedVersionNo && item.publishedVersionNo > 1 ? `（第${item.publishedVersionNo}版）` : ""}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <Link href={`/console/reports/${r.year}`}>打开</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div className="card">
          <h2>生成年度报告</h2>
          <ActionForm action={createReportAction} submitLabel="生成" testId="create-report">
            <div className="field">
              <label htmlFor="report-year">报告年度</label>
              <select id="report-year" name="year" defaultValue={String(current - 1)}>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}年
                  </option>
                ))}
              </select>
              <p className="hint">已生成的年度直接打开；统计数据随台账实时更新，提交审批时锁定。</p>
            </div>
          </ActionForm>
        </div>
      )}
      <div className="card">
        <h2>统计所依据的台账</h2>
        <ul>
          <li>
            <Link href="/console/applications">依申请公开</Link>（表三）
          </li>
          <li>
            <Link href="/console/cases">复议诉讼</Link>（表四）
          </li>
          <li>
            <Link href="/console/supervision">督察检查</Link>、<Link href="/console/training">学习培训</Link>（总体情况之监督保障）
          </li>
        </ul>
      </div>
    </>
  );
}
