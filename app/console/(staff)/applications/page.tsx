import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatChineseDate } from "@/lib/calendar/dates";
import { STATUSES, STATUS_LABELS } from "@/lib/applications/labels";
import { listApplications } from "@/lib/applications/queries";
import { closeLapsedApplications } from "@/lib/applications/lapse";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "依申请公开" };

export default async function ApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; due?: string; q?: string }>;
}) {
  await requirePage("application.handle");
  const sp = await searchParams;
  const db = getDb();
  // Deadlines of applicants pass without anyone acting: settle them before listing (also done daily).
  await closeLapsedApplications(db);
  const due = sp.due === "overdue" || sp.due === "soon" ? sp.due : "";
  const rows = await listApplications(db, { status: sp.status ?? "", due, q: sp.q });
  return (
    <>
      <h1>依申请公开</h1>
      <p>
        <Link className="btn" href="/console/applications/new">
          登记书面申请
        </Link>
        <span className="muted">　当面、信函、传真、电子邮件提交的申请，由工作人员登记。</span>
      </p>
      <p>
        导出台账（Excel）：
        <a href={`/console/applications/ledger?year=${new Date().toLocaleString("en-CA", { timeZone: "Asia/Shanghai" }).slice(0, 4)}`} data-testid="ledger-export">
          本年度
        </a>
        　<a href="/console/applications/ledger">全部年度</a>
        <span className="muted">　申请人姓名、证件号码和电话仅对党政办审核人员完整导出，每次导出均记入操作日志。</span>
      </p>
      <form className="card" method="get" aria-label="筛选申请">
        <div style={{ display: "flex", gap: "1rem", flexWrap: "wrap", alignItems: "flex-end" }}>
          <div className="field">
            <label htmlFor="status">办理状态</label>
            <select id="status" name="status" defaultValue={sp.status ?? ""}>
              <option value="">全部</option>
              <option value="OPEN">办理中（全部）</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="due">期限</label>
            <select id="due" name="due" defaultValue={due}>
              <option value="">全部</option>
              <option value="soon">即将到期（3个工作日内）</option>
              <option value="overdue">已超期</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="q">申请编号</label>
            <input id="q" name="q" type="text" defaultValue={sp.q ?? ""} />
          </div>
          <div className="field">
            <button className="btn" type="submit">
              筛选
            </button>
          </div>
        </div>
      </form>
      <div className="card">
        {rows.length === 0 ? (
          <p className="muted">没有符合条件的申请。</p>
        ) : (
          <table className="data" data-testid="applications-table">
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">申请人</th>
                <th scope="col">联系电话</th>
                <th scope="col">所需信息</th>
                <th scope="col">方式</th>
                <th scope="col">收到日期</th>
                <th scope="col">状态</th>
                <th scope="col">承办人</th>
                <th scope="col">答复期限</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/console/applications/${r.id}`}>{r.trackingCode}</Link>
                  </td>
                  <td>
                    {r.maskedApplicant}
                    <br />
                    <span className="muted">{r.applicantTypeLabel}</span>
                  </td>
                  <td>{r.maskedPhone}</td>
                  <td>{r.infoSummary}</td>
                  <td>{r.channelLabel}</td>
                  <td>{r.receivedOn ? formatChineseDate(r.receivedOn) : "未确认"}</td>
                  <td>
                    {r.statusLabel}
                    {r.outcomeLabel ? (
                      <>
                        <br />
                        <span className="muted">{r.outcomeLabel}</span>
                      </>
                    ) : null}
                    {r.pendingExtension && (
                      <>
                        <br />
                        <span className="tag">延期待审批</span>
                      </>
                    )}
                  </td>
                  <td>{r.handlerName ?? "—"}</td>
                  <td>
                    {r.clock.dueOn && r.status !== "CLOSED" ? formatChineseDate(r.clock.dueOn) : ""}
                    {r.clock.dueOn && r.status !== "CLOSED" && r.clock.provisional && (
                      <span className="tag warn" data-testid="due-provisional" title="跨越尚未录入节假日安排的年份，暂按正常工作日计算">
                        暂定
                      </span>
                    )}
                    <br />
                    <span className={`tag ${r.clock.overdue ? "bad" : r.clock.dueSoon ? "warn" : ""}`}>{r.clockText}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
