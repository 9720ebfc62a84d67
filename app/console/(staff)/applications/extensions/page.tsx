import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatChineseDate } from "@/lib/calendar/dates";
import { listApplications } from "@/lib/applications/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "延期审批" };

/** The office head's view (分管领导): extension requests to decide, and the open applications' clocks. */
export default async function ExtensionsPage() {
  await requirePage("application.extend");
  const rows = await listApplications(getDb(), { status: "OPEN" });
  const pending = rows.filter((r) => r.pendingExtension);
  return (
    <>
      <h1>延期审批</h1>
      <p className="hint">
        依申请公开事项需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日（《中华人民共和国政府信息公开条例》第三十三条第一款）。
      </p>
      <div className="card">
        <h2>待审批的延期申请</h2>
        {pending.length === 0 ? (
          <p className="muted">暂无待审批的延期申请。</p>
        ) : (
          <table className="data" data-testid="pending-extensions">
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">所需信息</th>
                <th scope="col">申请延长</th>
                <th scope="col">理由</th>
                <th scope="col">当前答复期限</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/console/applications/${r.id}`}>{r.trackingCode}</Link>
                  </td>
                  <td>{r.infoSummary}</td>
                  <td>{r.pendingExtension!.workingDays}个工作日</td>
                  <td>{r.pendingExtension!.reason}</td>
                  <td>
                    {r.clock.dueOn ? formatChineseDate(r.clock.dueOn) : "—"}（{r.clockText}）
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>办理中的申请</h2>
        {rows.length === 0 ? (
          <p className="muted">暂无办理中的申请。</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">申请人</th>
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
                  <td>{r.maskedApplicant}</td>
                  <td>{r.statusLabel}</td>
                  <td>{r.handlerName ?? "—"}</td>
                  <td>
                    {r.clock.dueOn ? formatChineseDate(r.clock.dueOn) : "—"}{" "}
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
