import { dbDateToIso } from "@/lib/calendar/load-calendar";
import { ActionForm } from "../../components/action-form";
import { generateReportAction } from "./actions";

interface ReportRow {
  id: string;
  fromDay: Date;
  toDay: Date;
  trigger: string;
  createdAt: Date;
}

const fmt = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

/** The weekly 自查报告 kept in the console: generated every Monday 08:30 and on demand. */
export function ReportsPanel({ reports, canRun }: { reports: ReportRow[]; canRun: boolean }) {
  return (
    <div className="card" data-testid="self-check-reports">
      <h2>自查报告</h2>
      <p className="muted">每周一8:30自动生成上一周（7天）的自查报告，列出各项指标的问题及一周来已整改的情况。</p>
      {canRun && <ActionForm action={generateReportAction} submitLabel="生成本周自查报告" testId="generate-report" />}
      <table className="data">
        <thead>
          <tr>
            <th scope="col">期间</th>
            <th scope="col">生成时间</th>
            <th scope="col">方式</th>
            <th scope="col">下载</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id} data-testid="report-row">
              <td>
                {dbDateToIso(r.fromDay)}至{dbDateToIso(r.toDay)}
              </td>
              <td>{fmt(r.createdAt)}</td>
              <td>{r.trigger === "MANUAL" ? "手动生成" : "定时生成"}</td>
              <td>
                <a href={`/console/self-check/reports/${r.id}/docx`}>Word</a>　<a href={`/console/self-check/reports/${r.id}/pdf`}>PDF</a>
              </td>
            </tr>
          ))}
          {reports.length === 0 && (
            <tr>
              <td colSpan={4}>暂无自查报告。</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
