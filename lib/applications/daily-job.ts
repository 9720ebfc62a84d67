/**
 * The daily run for applications: end those whose applicant let a deadline pass (lapse.ts), then
 * remind staff of due-soon and overdue ones (Notification rows, one per user, application and day:
 * the dedupe key makes a second run the same day a no-op).
 *
 * Registered on the system queue by workers/registry.ts (registerApplicationRepeatables /
 * runApplicationJob), every day at 07:45 China time, before the item reminders at 08:00.
 */
import type { Queue } from "bullmq";
import type { Db } from "../db/client";
import { todayOf } from "./records";
import { closeLapsedApplications } from "./lapse";
import { dueSummary, type ApplicationListRow } from "./queries";

export const APPLICATION_JOBS = { daily: "application-daily" } as const;

export async function registerApplicationRepeatables(systemQueue: Queue): Promise<void> {
  await systemQueue.upsertJobScheduler(
    APPLICATION_JOBS.daily,
    { pattern: "45 7 * * *", tz: "Asia/Shanghai" },
    { name: APPLICATION_JOBS.daily },
  );
}

/** Runs the job if `name` is one of ours; undefined otherwise (the system queue serves several modules). */
export async function runApplicationJob(db: Db, name: string): Promise<unknown> {
  if (name === APPLICATION_JOBS.daily) return runApplicationsDaily(db);
  return undefined;
}

interface Reminder {
  userId: string;
  kind: string;
  title: string;
  link: string;
  dedupeKey: string;
}

export async function runApplicationsDaily(db: Db, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const today = todayOf(now);
  const lapsed = await closeLapsedApplications(db, { now });
  const summary = await dueSummary(db, now);
  const [reviewers, supervisors] = await Promise.all([
    db.user.findMany({ where: { active: true, roles: { some: { role: "OFFICE_REVIEWER" } } }, select: { id: true } }),
    db.user.findMany({ where: { active: true, roles: { some: { role: "SUPERVISOR" } } }, select: { id: true } }),
  ]);
  const handlersOf = (r: ApplicationListRow, ids: Map<string, string | null>) => {
    const h = ids.get(r.id);
    return h ? [h] : reviewers.map((u) => u.id);
  };
  const ids = new Map(
    (
      await db.application.findMany({
        where: { id: { in: [...summary.overdue, ...summary.dueSoon, ...summary.awaitingConfirmation].map((r) => r.id) } },
        select: { id: true, handlerId: true },
      })
    ).map((a) => [a.id, a.handlerId]),
  );
  const out: Reminder[] = [];
  const push = (userIds: string[], r: ApplicationListRow, kind: string, title: string) => {
    for (const userId of new Set(userIds)) {
      out.push({ userId, kind, title, link: `/console/applications/${r.id}`, dedupeKey: `app-reminder:${kind}:${r.id}:${userId}:${today}` });
    }
  };
  for (const r of summary.overdue) {
    const title = `依申请公开事项${r.trackingCode}已超过答复期限（${r.clockText}），请立即办理`;
    push(handlersOf(r, ids), r, "APPLICATION_OVERDUE", title);
    push(supervisors.map((u) => u.id), r, "APPLICATION_OVERDUE", title);
  }
  for (const r of summary.dueSoon) {
    push(handlersOf(r, ids), r, "APPLICATION_DUE_SOON", `依申请公开事项${r.trackingCode}即将到期（${r.clockText}）`);
  }
  for (const r of summary.awaitingConfirmation) {
    push(reviewers.map((u) => u.id), r, "APPLICATION_UNCONFIRMED", `网上申请${r.trackingCode}尚未确认收到，请及时审查确认`);
  }
  for (const r of summary.pendingExtensions) {
    push(supervisors.map((u) => u.id), r, "APPLICATION_EXTENSION_PENDING", `依申请公开事项${r.trackingCode}的延期申请待您审批`);
  }
  const written = out.length ? (await db.notification.createMany({ data: out, skipDuplicates: true })).count : 0;
  return {
    lapsed: lapsed.length,
    overdue: summary.overdue.length,
    dueSoon: summary.dueSoon.length,
    awaitingConfirmation: summary.awaitingConfirmation.length,
    notifications: written,
  };
}
