import type { Db } from "../db/client";
import { toChinaDate } from "../calendar/dates";
import { dbDateToIso, loadWorkingCalendar } from "../calendar/load-calendar";
import type { WorkingCalendar } from "../calendar/working-days";
import { getSetting } from "../settings/settings";
import { evaluateItemClocks, type ItemClockReport, type ItemDeadlineSettings, type ItemPhase } from "./deadlines";
import type { ItemState } from "./workflow";

export interface ClockedItem {
  state: ItemState;
  generatedDate: Date;
  signedOffAt: Date | null;
  approvedAt: Date | null;
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
  publishedVersionNo: number | null;
  workingVersionNo: number;
  /** The versions' own 生成日期: a revision's clocks run from its own date, not the original's. */
  versions?: readonly { number: number; generatedDate: Date }[];
}

/** 生成日期 the clocks of the version under work run from: its own, else the item's (version 1). */
export function clockStartDate(item: ClockedItem): string {
  const working = item.versions?.find((v) => v.number === item.workingVersionNo);
  return dbDateToIso(working?.generatedDate ?? item.generatedDate);
}

/** Our workflow states onto the clock engine's phases (its SUBMITTED = sent to 党政办公室 = signed off). */
export function phaseOf(item: ClockedItem): ItemPhase {
  switch (item.state) {
    case "DRAFT":
    case "SUBMITTED":
      return "DRAFT";
    case "SIGNED_OFF":
      return "SUBMITTED";
    case "APPROVED":
      return "APPROVED";
    case "PUBLISHED":
    case "WITHDRAWN":
    case "TAKEN_DOWN":
      return item.firstPublishedAt ? "PUBLISHED" : "CLOSED";
  }
}

export function itemClockReport(cal: WorkingCalendar, item: ClockedItem, now: Date, settings: ItemDeadlineSettings): ItemClockReport {
  const phase = phaseOf(item);
  const d = (x: Date | null) => (x ? toChinaDate(x) : null);
  // A revision's clocks run on the new version: from its own 生成日期, with the sign-off and
  // approval dates that were reset when it was opened.
  const publishedOn = item.state === "PUBLISHED" || item.state === "WITHDRAWN" || item.state === "TAKEN_DOWN" ? d(item.lastPublishedAt ?? item.firstPublishedAt) : null;
  return evaluateItemClocks(
    cal,
    {
      phase,
      generatedOn: clockStartDate(item),
      submittedOn: phase === "DRAFT" ? null : d(item.signedOffAt) ?? publishedOn,
      approvedOn: phase === "DRAFT" || phase === "SUBMITTED" ? null : d(item.approvedAt) ?? publishedOn,
      publishedOn,
    },
    now,
    settings,
  );
}

export interface DepartmentClockStats {
  departmentId: string;
  departmentName: string;
  open: number;
  dueSoon: number;
  overdue: number;
  published: number;
  publishedOnTime: number;
  onTimeRate: number | null;
}

/**
 * Dashboard figures per department and overall: open items due soon or overdue, and the on-time
 * rate of items published (both the office's 10-day rule and the statutory 20 working days met).
 */
export async function getItemDashboard(db: Db, options: { now?: Date; departmentIds?: string[] } = {}) {
  const now = options.now ?? new Date();
  const cal = await loadWorkingCalendar(db);
  const settings = await getSetting(db, "itemDeadlines");
  const yearStart = new Date(`${toChinaDate(now).slice(0, 4)}-01-01T00:00:00+08:00`);
  const items = await db.item.findMany({
    where: {
      ...(options.departmentIds ? { departmentId: { in: options.departmentIds } } : {}),
      OR: [{ state: { in: ["DRAFT", "SUBMITTED", "SIGNED_OFF", "APPROVED"] } }, { firstPublishedAt: { gte: yearStart } }],
    },
    include: { department: true, versions: { select: { number: true, title: true, generatedDate: true } } },
  });
  const byDept = new Map<string, DepartmentClockStats>();
  const attention: { id: string; title: string; department: string; status: "OVERDUE" | "DUE_SOON"; clock: string; dueOn: string; provisional: boolean }[] = [];
  for (const item of items) {
    const stats = byDept.get(item.departmentId) ?? {
      departmentId: item.departmentId,
      departmentName: item.department.name,
      open: 0,
      dueSoon: 0,
      overdue: 0,
      published: 0,
      publishedOnTime: 0,
      onTimeRate: null,
    };
    byDept.set(item.departmentId, stats);
    const report = itemClockReport(cal, item, now, settings);
    const title = item.versions.find((v) => v.number === item.workingVersionNo)?.title ?? "";
    if (item.state === "PUBLISHED" || item.state === "WITHDRAWN" || item.state === "TAKEN_DOWN") {
      if (item.firstPublishedAt && item.firstPublishedAt >= yearStart) {
        stats.published++;
        if (report.clocks.every((c) => c.status === "MET" || c.status === "NOT_STARTED")) stats.publishedOnTime++;
      }
      continue;
    }
    stats.open++;
    if (report.attention === "OVERDUE" || report.attention === "DUE_SOON") {
      if (report.attention === "OVERDUE") stats.overdue++;
      else stats.dueSoon++;
      const worst = report.clocks.find((c) => c.status === report.attention)!;
      attention.push({ id: item.id, title, department: item.department.name, status: report.attention, clock: worst.clock, dueOn: worst.dueOn ?? "", provisional: worst.provisional });
    }
  }
  const departments = [...byDept.values()].map((s) => ({ ...s, onTimeRate: s.published ? s.publishedOnTime / s.published : null }));
  const total = departments.reduce(
    (t, s) => ({
      open: t.open + s.open,
      dueSoon: t.dueSoon + s.dueSoon,
      overdue: t.overdue + s.overdue,
      published: t.published + s.published,
      publishedOnTime: t.publishedOnTime + s.publishedOnTime,
    }),
    { open: 0, dueSoon: 0, overdue: 0, published: 0, publishedOnTime: 0 },
  );
  attention.sort((a, b) => (a.status === b.status ? a.dueOn.localeCompare(b.dueOn) : a.status === "OVERDUE" ? -1 : 1));
  return {
    today: toChinaDate(now),
    departments: departments.sort((a, b) => a.departmentName.localeCompare(b.departmentName, "zh-CN")),
    total: { ...total, onTimeRate: total.published ? total.publishedOnTime / total.published : null },
    attention,
  };
}

export const CLOCK_LABELS: Record<string, string> = {
  SIGN_OFF: "科室签发期限",
  PUBLISH: "审核后发布期限",
  STATUTORY: "法定公开期限（20个工作日）",
};

/**
 * Daily reminders: each responsible user gets one notification per item and day for items due
 * soon or overdue (drafters and department heads for sign-off; 党政办 reviewers for the rest).
 */
export async function writeItemReminders(db: Db, now: Date = new Date()): Promise<number> {
  const dash = await getItemDashboard(db, { now });
  if (dash.attention.length === 0) return 0;
  const reviewers = await db.userRole.findMany({ where: { role: "OFFICE_REVIEWER", user: { active: true } }, select: { userId: true } });
  let written = 0;
  for (const a of dash.attention) {
    const item = await db.item.findUniqueOrThrow({ where: { id: a.id }, include: { versions: true } });
    const drafter = item.versions.find((v) => v.number === item.workingVersionNo)?.createdById;
    const heads = await db.userRole.findMany({ where: { role: "DEPT_HEAD", departmentId: item.departmentId }, select: { userId: true } });
    const recipients =
      item.state === "DRAFT" || item.state === "SUBMITTED"
        ? [drafter, ...heads.map((h) => h.userId)]
        : reviewers.map((r) => r.userId);
    const label = a.status === "OVERDUE" ? "已超期" : "即将到期";
    for (const userId of new Set(recipients.filter((x): x is string => !!x))) {
      const dedupeKey = `item:${a.id}:${a.clock}:${dash.today}:${userId}`;
      const res = await db.notification.createMany({
        data: [{
          userId,
          kind: `item.${a.status.toLowerCase()}`,
          title: `【${label}】${a.title}`,
          body: `${CLOCK_LABELS[a.clock] ?? a.clock}截止日期为${a.dueOn}，请及时办理。`,
          link: `/console/items/${a.id}`,
          dedupeKey,
        }],
        skipDuplicates: true,
      });
      written += res.count;
    }
  }
  return written;
}
