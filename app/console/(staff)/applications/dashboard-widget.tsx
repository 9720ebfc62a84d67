import Link from "next/link";
import { can, type SessionUser } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { formatChineseDate } from "@/lib/calendar/dates";
import { dueSummary, type ApplicationListRow } from "@/lib/applications/queries";

function Rows({ rows, canOpen }: { rows: ApplicationListRow[]; canOpen: boolean }) {
  return (
    <ul>
      {rows.slice(0, 10).map((r) => (
        <li key={r.id}>
          {canOpen ? <Link href={`/console/applications/${r.id}`}>{r.trackingCode}</Link> : r.trackingCode} {r.infoSummary}
          {r.clock.dueOn ? `，答复期限${formatChineseDate(r.clock.dueOn)}` : ""}（{r.clockText}）
        </li>
      ))}
      {rows.length > 10 && <li>……共{rows.length}件</li>}
    </ul>
  );
}

/**
 * 依申请公开 on the console dashboard: overdue and due-soon applications, online applications not
 * yet confirmed, and extension requests awaiting the office head. Renders nothing for users who
 * neither handle applications nor approve extensions. Usage: <ApplicationsDashboardWidget user={user} />.
 */
export async function ApplicationsDashboardWidget({ user, now }: { user: Pick<SessionUser, "roles">; now?: Date }) {
  const canHandle = can(user, "application.handle");
  const canExtend = can(user, "application.extend");
  if (!canHandle && !canExtend) return null;
  const s = await dueSummary(getDb(), now);
  const list = canHandle ? "/console/applications" : "/console/applications/extensions";
  return (
    <section className="card" aria-labelledby="applications-widget-heading" data-testid="applications-widget">
      <h2 id="applications-widget-heading">依申请公开</h2>
      <div className="stats">
        <div className="stat">
          已超期<b className={s.overdue.length ? "tag bad" : undefined}>{s.overdue.length}</b>
        </div>
        <div className="stat">
          3个工作日内到期<b>{s.dueSoon.length}</b>
        </div>
        {canHandle && (
          <div className="stat">
            网上申请待确认<b>{s.awaitingConfirmation.length}</b>
          </div>
        )}
        <div className="stat">
          延期待审批<b>{s.pendingExtensions.length}</b>
        </div>
      </div>
      {s.overdue.length > 0 && (
        <>
          <h3>已超期</h3>
          <Rows rows={s.overdue} canOpen />
        </>
      )}
      {s.dueSoon.length > 0 && (
        <>
          <h3>即将到期</h3>
          <Rows rows={s.dueSoon} canOpen />
        </>
      )}
      {canExtend && s.pendingExtensions.length > 0 && (
        <>
          <h3>延期待审批</h3>
          <Rows rows={s.pendingExtensions} canOpen />
        </>
      )}
      <p>
        <Link href={list}>{canHandle ? "查看全部申请" : "查看延期审批"}</Link>
      </p>
    </section>
  );
}
