import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { getItemDashboard, CLOCK_LABELS } from "@/lib/items/item-clocks";
import { ApplicationsDashboardWidget } from "./applications/dashboard-widget";
import { ActionForm } from "../components/action-form";
import { markNotificationsReadAction } from "./notification-actions";
import { CalendarAlertBanner } from "./admin/calendar/calendar-alert";
import { SelfCheckBanner } from "./self-check/dashboard-banner";

export const metadata: Metadata = { title: "工作台" };

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10}%`);

export default async function DashboardPage() {
  const user = await requirePage();
  const db = getDb();
  const deptIds = can(user, "item.read-all") ? undefined : user.roles.filter((r) => r.departmentId).map((r) => r.departmentId as string);
  const [dash, notifications] = await Promise.all([
    can(user, "item.read") ? getItemDashboard(db, { departmentIds: deptIds }) : null,
    db.notification.findMany({ where: { userId: user.id, readAt: null }, orderBy: { createdAt: "desc" }, take: 10 }),
  ]);
  return (
    <>
      <h1>工作台</h1>
      <SelfCheckBanner user={user} />
      <p>{user.displayName}，您好。今天是 {dash?.today ?? ""}。</p>
      {can(user, "admin.settings") && <CalendarAlertBanner />}
      {notifications.length > 0 && (
        <div className="card" data-testid="notifications">
          <h2>待办提醒</h2>
          <ul>
            {notifications.map((n) => (
              <li key={n.id}>
                {n.link ? <Link href={n.link}>{n.title}</Link> : n.title}　<span className="muted">{n.body}</span>
              </li>
            ))}
          </ul>
          <ActionForm action={markNotificationsReadAction} submitLabel="全部标为已读" />
        </div>
      )}
      <ApplicationsDashboardWidget user={user} />
      {dash && (
        <>
          <div className="stats" data-testid="item-stats">
            <div className="stat">
              <b>{dash.total.open}</b>办理中
            </div>
            <div className="stat">
              <b>{dash.total.dueSoon}</b>即将到期
            </div>
            <div className="stat">
              <b data-testid="overdue-count">{dash.total.overdue}</b>已超期
            </div>
            <div className="stat">
              <b>{dash.total.published}</b>本年已发布
            </div>
            <div className="stat">
              <b>{pct(dash.total.onTimeRate)}</b>按时发布率
            </div>
          </div>
          {dash.attention.length > 0 && (
            <div className="card" data-testid="attention">
              <h2>需要关注</h2>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">信息</th>
                    <th scope="col">科室</th>
                    <th scope="col">期限</th>
                    <th scope="col">截止日期</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {dash.attention.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link href={`/console/items/${a.id}`}>{a.title}</Link>
                      </td>
                      <td>{a.department}</td>
                      <td>{CLOCK_LABELS[a.clock]}</td>
                      <td>
                        {a.dueOn}
                        {a.provisional && <span className="tag warn">暂定</span>}
                      </td>
                      <td>{a.status === "OVERDUE" ? <span className="tag bad">已超期</span> : <span className="tag warn">即将到期</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="card">
            <h2>各科室情况</h2>
            <table className="data" data-testid="department-stats">
              <thead>
                <tr>
                  <th scope="col">科室</th>
                  <th scope="col">办理中</th>
                  <th scope="col">即将到期</th>
                  <th scope="col">已超期</th>
                  <th scope="col">本年已发布</th>
                  <th scope="col">按时发布率</th>
                </tr>
              </thead>
              <tbody>
                {dash.departments.map((d) => (
                  <tr key={d.departmentId}>
                    <td>{d.departmentName}</td>
                    <td>{d.open}</td>
                    <td>{d.dueSoon}</td>
                    <td>{d.overdue}</td>
                    <td>{d.published}</td>
                    <td>{pct(d.onTimeRate)}</td>
                  </tr>
                ))}
                {dash.departments.length === 0 && (
                  <tr>
                    <td colSpan={6}>暂无数据。</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
