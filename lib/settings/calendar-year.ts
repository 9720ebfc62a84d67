/**
 * 工作日历 → 录入全年安排: preview and save a whole year's holiday schedule, then list the open
 * due dates that moved because of it. Application reply clocks and item clocks are computed from
 * the calendar whenever they are shown, so saving recomputes them; fee payment deadlines are
 * stored with the notice, so those are rewritten here.
 */
import type { Db } from "../db/client";
import type { ApplicationEvent } from "../generated/prisma/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { toChinaDate, type IsoDate } from "../calendar/dates";
import { dbDateToIso, isoToDbDate, loadWorkingCalendar } from "../calendar/load-calendar";
import type { WorkingCalendar } from "../calendar/working-days";
import {
  calendarWithYear,
  previewYear,
  validateYearSchedule,
  yearScheduleOverrides,
  type PreviewMonth,
  type YearScheduleInput,
  type YearScheduleProblem,
} from "../calendar/year-schedule";
import { clockOf, eventData, loadClockContext } from "../applications/records";
import { paymentDueOn } from "../applications/fees";
import { loadFeeSettings } from "../applications/settings";
import { OPEN_STATUSES } from "../applications/labels";
import { itemClockReport, CLOCK_LABELS } from "../items/item-clocks";
import { getSetting } from "./settings";
import type { Actor } from "../users/manage-users";

/** Reads the form: repeated fields holidayName/holidayFrom/holidayTo and workdayDate/workdayName. */
export function yearScheduleFromForm(get: (name: string) => string[]): YearScheduleInput {
  const one = (name: string) => (get(name)[0] ?? "").trim();
  const names = get("holidayName");
  const froms = get("holidayFrom");
  const tos = get("holidayTo");
  const holidays = names
    .map((name, i) => ({ name: name.trim(), from: (froms[i] ?? "").trim(), to: (tos[i] ?? "").trim() || (froms[i] ?? "").trim() }))
    // The form lists the usual holidays by name; a row without dates is not part of the entry.
    .filter((h) => h.from || h.to);
  const dates = get("workdayDate");
  const wnames = get("workdayName");
  const workdays = dates.map((date, i) => ({ date: date.trim(), name: (wnames[i] ?? "").trim() })).filter((w) => w.date || w.name);
  const yearText = one("year");
  return { year: /^\d{4}$/.test(yearText) ? Number(yearText) : NaN, source: one("source"), holidays, workdays };
}

async function currentOverrides(db: Db) {
  const [rows, years] = await Promise.all([
    db.calendarOverride.findMany({ orderBy: { date: "asc" } }),
    db.calendarYear.findMany({ select: { year: true } }),
  ]);
  return {
    overrides: rows.map((r) => ({ date: dbDateToIso(r.date), kind: r.kind === "WORKDAY" ? ("WORKDAY" as const) : ("HOLIDAY" as const), name: r.name || null })),
    years: years.map((y) => y.year),
  };
}

export type YearSchedulePreview =
  | { ok: false; problems: YearScheduleProblem[] }
  | { ok: true; year: number; months: PreviewMonth[]; holidayDays: number; makeUpDays: number };

export async function previewYearSchedule(db: Db, input: YearScheduleInput): Promise<YearSchedulePreview> {
  const problems = validateYearSchedule(input);
  if (problems.length > 0) return { ok: false, problems };
  const { overrides, years } = await currentOverrides(db);
  const cal = calendarWithYear(overrides, years, input);
  const rows = yearScheduleOverrides(input);
  return {
    ok: true,
    year: input.year,
    months: previewYear(cal, input.year),
    holidayDays: rows.filter((r) => r.kind === "HOLIDAY").length,
    makeUpDays: rows.filter((r) => r.kind === "WORKDAY").length,
  };
}

export interface MovedDueDate {
  kind: "APPLICATION" | "ITEM" | "FEE";
  /** 依申请公开 / 主动公开 / 缴费期限 */
  kindLabel: string;
  id: string;
  title: string;
  clock: string;
  before: IsoDate;
  after: IsoDate;
  link: string;
}

/** Open clocks whose due date differs between two calendars, as of `now`. */
export async function movedDueDates(db: Db, before: WorkingCalendar, after: WorkingCalendar, now: Date): Promise<MovedDueDate[]> {
  const ctx = await loadClockContext(db);
  const [apps, items, itemSettings, feeSettings] = await Promise.all([
    db.application.findMany({
      where: { status: { in: [...OPEN_STATUSES] }, receivedOn: { not: null } },
      include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
      orderBy: { receivedOn: "asc" },
    }),
    db.item.findMany({
      where: { state: { in: ["DRAFT", "SUBMITTED", "SIGNED_OFF", "APPROVED"] } },
      include: { versions: { select: { number: true, title: true, generatedDate: true } } },
      orderBy: { generatedDate: "asc" },
    }),
    getSetting(db, "itemDeadlines"),
    loadFeeSettings(db),
  ]);
  const moved: MovedDueDate[] = [];
  for (const app of apps) {
    const title = app.infoTitle || app.description.slice(0, 30);
    const a = clockOf({ ...ctx, calendar: before }, app, now)?.dueOn ?? null;
    const b = clockOf({ ...ctx, calendar: after }, app, now)?.dueOn ?? null;
    if (a && b && a !== b) {
      moved.push({ kind: "APPLICATION", kindLabel: "依申请公开", id: app.id, title: `${app.trackingCode} ${title}`, clock: "答复期限", before: a, after: b, link: `/console/applications/${app.id}` });
    }
    const fee = feeDelivery(app.events);
    if (app.status === "AWAITING_PAYMENT" && fee) {
      const fa = paymentDueOn(before, fee.deliveredOn, feeSettings);
      const fb = paymentDueOn(after, fee.deliveredOn, feeSettings);
      if (fa !== fb) {
        moved.push({ kind: "FEE", kindLabel: "缴费期限", id: app.id, title: `${app.trackingCode} ${title}`, clock: "缴费期限", before: fa, after: fb, link: `/console/applications/${app.id}` });
      }
    }
  }
  for (const item of items) {
    const ra = itemClockReport(before, item, now, itemSettings);
    const rb = itemClockReport(after, item, now, itemSettings);
    const title = item.versions.find((v) => v.number === item.workingVersionNo)?.title ?? "";
    ra.clocks.forEach((c, i) => {
      const d = rb.clocks[i];
      if (c.metOn === null && c.dueOn && d.dueOn && c.dueOn !== d.dueOn) {
        moved.push({ kind: "ITEM", kindLabel: "主动公开", id: item.id, title, clock: CLOCK_LABELS[c.clock] ?? c.clock, before: c.dueOn, after: d.dueOn, link: `/console/items/${item.id}` });
      }
    });
  }
  return moved;
}

/** The event holding the fee notice's current deadline, and the day the applicant received it. */
function feeDelivery(events: readonly Pick<ApplicationEvent, "id" | "type" | "on" | "data">[]) {
  const i = events.map((e) => e.type).lastIndexOf("FEE_NOTICE_ISSUED");
  if (i < 0) return null;
  const delivered = events.slice(i + 1).find((e) => e.type === "FEE_NOTICE_DELIVERED");
  const holder = delivered ?? events[i];
  const d = eventData<{ deliveredOn?: string | null; dueOn?: string | null }>(holder);
  if (!d.deliveredOn || !d.dueOn) return null;
  return { eventId: holder.id, deliveredOn: d.deliveredOn, dueOn: d.dueOn, data: d };
}

/**
 * Saves the year: replaces that year's override rows with the entry, marks the year as scheduled,
 * rewrites stored fee deadlines that moved, and returns every open due date that moved.
 */
export async function saveYearSchedule(db: Db, actor: Actor, input: YearScheduleInput, now: Date = new Date()): Promise<MovedDueDate[]> {
  const problems = validateYearSchedule(input);
  if (problems.length > 0) {
    throw new AppError("INVALID_INPUT", "全年安排有误，请修改后再保存", { fields: Object.fromEntries(problems.map((p) => [p.field, p.message])) });
  }
  const before = await loadWorkingCalendar(db);
  const { overrides, years } = await currentOverrides(db);
  const after = calendarWithYear(overrides, years, input);
  const moved = await movedDueDates(db, before, after, now);
  const rows = yearScheduleOverrides(input);
  const from = isoToDbDate(`${input.year}-01-01`);
  const to = isoToDbDate(`${input.year}-12-31`);
  await db.$transaction(async (tx) => {
    const replaced = await tx.calendarOverride.findMany({ where: { date: { gte: from, lte: to } } });
    await tx.calendarOverride.deleteMany({ where: { date: { gte: from, lte: to } } });
    await tx.calendarOverride.createMany({
      data: rows.map((r) => ({ date: isoToDbDate(r.date), kind: r.kind, name: r.name ?? "", createdById: actor.user.id })),
    });
    await tx.calendarYear.upsert({
      where: { year: input.year },
      create: { year: input.year, source: input.source, enteredById: actor.user.id },
      update: { source: input.source, enteredById: actor.user.id, enteredAt: new Date() },
    });
    for (const m of moved.filter((x) => x.kind === "FEE")) {
      const app = await tx.application.findUniqueOrThrow({ where: { id: m.id }, include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } } });
      const fee = feeDelivery(app.events);
      if (fee) await tx.applicationEvent.update({ where: { id: fee.eventId }, data: { data: { ...fee.data, dueOn: m.after, dueOnBefore: m.before } } });
    }
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "calendar.year-save",
      entityType: "CalendarYear",
      entityId: String(input.year),
      before: { overrides: replaced.map((r) => ({ date: dbDateToIso(r.date), kind: r.kind, name: r.name })) },
      after: { source: input.source, holidays: input.holidays, workdays: input.workdays },
      detail: { moved: moved.map((m) => ({ kind: m.kind, id: m.id, clock: m.clock, before: m.before, after: m.after })), on: toChinaDate(now) },
    });
  });
  return moved;
}
