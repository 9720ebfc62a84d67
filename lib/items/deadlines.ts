/**
 * Time limits for proactively disclosed items (主动公开) and their status for the dashboard.
 *
 * Three clocks, each configurable because the office's own rules say "日" without saying whether
 * calendar days are meant:
 * - SIGN_OFF: the department head signs the item and submits it to 党政办公室 within 5 days of the
 *   information being formed (生成日期) — the office's own procedure;
 * - PUBLISH: 党政办公室 publishes within 10 days of approval — the office's own procedure;
 * - STATUTORY: publication within 20 working days of the information being formed or changed
 *   (条例第二十六条), the national ceiling that inspections check.
 *
 * Every period starts the day after its start date (民法典第二百零一条). A calendar-day period
 * whose last day is not a working day ends on the next working day (民法典第二百零三条), unless
 * the setting turns that off.
 */
import { asChinaDate, compareDates, type IsoDate } from "../calendar/dates";
import type { WorkingCalendar } from "../calendar/working-days";
import { unscheduledYears } from "../calendar/provisional";

export type PeriodUnit = "CALENDAR_DAYS" | "WORKING_DAYS";

export interface PeriodSetting {
  length: number;
  unit: PeriodUnit;
  /** Calendar-day periods only: move a due date that falls on a non-working day to the next working day. */
  rollForwardToWorkingDay?: boolean;
}

export interface ItemDeadlineSettings {
  signOff: PeriodSetting;
  publish: PeriodSetting;
  statutory: PeriodSetting;
  /** A clock is "due soon" when this many working days or fewer remain (0 = due today). */
  dueSoonWorkingDays: number;
}

export const DEFAULT_ITEM_DEADLINE_SETTINGS: Readonly<ItemDeadlineSettings> = Object.freeze({
  signOff: Object.freeze({ length: 5, unit: "CALENDAR_DAYS", rollForwardToWorkingDay: true }),
  publish: Object.freeze({ length: 10, unit: "CALENDAR_DAYS", rollForwardToWorkingDay: true }),
  statutory: Object.freeze({ length: 20, unit: "WORKING_DAYS" }),
  dueSoonWorkingDays: 2,
}) as Readonly<ItemDeadlineSettings>;

/** Adds a configured period to a start date, per the conventions in the file comment. */
export function applyPeriod(calendar: WorkingCalendar, start: IsoDate, period: PeriodSetting): IsoDate {
  if (!Number.isInteger(period.length) || period.length < 0) {
    throw new RangeError(`Period length must be a non-negative integer: ${period.length}`);
  }
  if (period.unit === "WORKING_DAYS") return calendar.addWorkingDays(start, period.length);
  const end = calendar.addCalendarDays(start, period.length);
  return period.rollForwardToWorkingDay ? calendar.nextWorkingDayOnOrAfter(end) : end;
}

export interface ItemDueDates {
  /** Department head's sign-off and submission to 党政办公室. */
  signOffDueOn: IsoDate;
  /** Publication after approval; null until the item is approved. */
  publishDueOn: IsoDate | null;
  /** 条例第二十六条 ceiling for publication. */
  statutoryDueOn: IsoDate;
}

export interface ItemDates {
  /** 生成日期: the day the information was formed or changed. */
  generatedOn: IsoDate;
  /** Day the head signed and submitted it to 党政办公室. */
  submittedOn?: IsoDate | null;
  /** Day 党政办公室 approved it for publication. */
  approvedOn?: IsoDate | null;
  /** First publication day on any channel. */
  publishedOn?: IsoDate | null;
}

export function computeItemDueDates(
  calendar: WorkingCalendar,
  dates: Pick<ItemDates, "generatedOn" | "approvedOn">,
  settings: ItemDeadlineSettings = DEFAULT_ITEM_DEADLINE_SETTINGS,
): ItemDueDates {
  return {
    signOffDueOn: applyPeriod(calendar, dates.generatedOn, settings.signOff),
    publishDueOn: dates.approvedOn ? applyPeriod(calendar, dates.approvedOn, settings.publish) : null,
    statutoryDueOn: applyPeriod(calendar, dates.generatedOn, settings.statutory),
  };
}

/**
 * Coarse phase of the item. The clocks are met by the recorded dates; the phase only says
 * whether the item is still on its way to publication (CLOSED: not to be published, withdrawn
 * before publication, or merged — no clock runs any more).
 */
export type ItemPhase = "DRAFT" | "SUBMITTED" | "APPROVED" | "PUBLISHED" | "CLOSED";

export type ItemClockName = "SIGN_OFF" | "PUBLISH" | "STATUTORY";

export type ClockStatus =
  /** Not started yet (the publish clock before approval). */
  | "NOT_STARTED"
  | "ON_TRACK"
  | "DUE_SOON"
  | "OVERDUE"
  | "MET"
  | "MET_LATE"
  /** The item was closed before the clock was met. */
  | "STOPPED";

export interface ItemClock {
  clock: ItemClockName;
  dueOn: IsoDate | null;
  status: ClockStatus;
  /** Day the clock was met, if it was. */
  metOn: IsoDate | null;
  /** Open clocks only: working days left (0 = due today, negative = working days overdue). */
  workingDaysRemaining: number | null;
  /** dueOn counted across a year without a known holiday schedule (暂定). */
  provisional: boolean;
}

export interface ItemClockReport {
  today: IsoDate;
  clocks: ItemClock[];
  /** Worst open status, for sorting a dashboard: OVERDUE > DUE_SOON > ON_TRACK > none. */
  attention: "OVERDUE" | "DUE_SOON" | "ON_TRACK" | "NONE";
}

export interface ItemClockInput extends ItemDates {
  phase: ItemPhase;
}

function assertConsistent(input: ItemClockInput): void {
  const need: Array<[ItemPhase[], keyof ItemDates]> = [
    [["SUBMITTED", "APPROVED", "PUBLISHED"], "submittedOn"],
    [["APPROVED", "PUBLISHED"], "approvedOn"],
    [["PUBLISHED"], "publishedOn"],
  ];
  for (const [phases, field] of need) {
    if (phases.includes(input.phase) && !input[field]) {
      throw new RangeError(`Item in phase ${input.phase} must have ${field}`);
    }
  }
}

/**
 * Status of each clock on `now` (a China calendar date or an instant). A clock is met by the
 * date that completes it: SIGN_OFF by submittedOn, PUBLISH and STATUTORY by publishedOn.
 */
export function evaluateItemClocks(
  calendar: WorkingCalendar,
  input: ItemClockInput,
  now: IsoDate | Date,
  settings: ItemDeadlineSettings = DEFAULT_ITEM_DEADLINE_SETTINGS,
): ItemClockReport {
  assertConsistent(input);
  const today = asChinaDate(now);
  const due = computeItemDueDates(calendar, input, settings);
  const closed = input.phase === "CLOSED";

  function clock(name: ItemClockName, dueOn: IsoDate | null, metOn: IsoDate | null | undefined, start: IsoDate | null | undefined): ItemClock {
    const provisional = dueOn !== null && !!start && unscheduledYears(calendar, start, dueOn).length > 0;
    if (metOn) {
      const late = dueOn !== null && compareDates(metOn, dueOn) > 0;
      return { clock: name, dueOn, status: late ? "MET_LATE" : "MET", metOn, workingDaysRemaining: null, provisional };
    }
    if (closed) return { clock: name, dueOn, status: "STOPPED", metOn: null, workingDaysRemaining: null, provisional };
    if (dueOn === null) return { clock: name, dueOn, status: "NOT_STARTED", metOn: null, workingDaysRemaining: null, provisional };
    const remaining = calendar.workingDaysBetween(today, dueOn);
    // A due date on a non-working day (roll-forward switched off) is overdue from the next day on.
    const overdue = compareDates(today, dueOn) > 0;
    const status: ClockStatus = overdue
      ? "OVERDUE"
      : remaining <= settings.dueSoonWorkingDays
        ? "DUE_SOON"
        : "ON_TRACK";
    return { clock: name, dueOn, status, metOn: null, workingDaysRemaining: remaining, provisional };
  }

  const clocks = [
    clock("SIGN_OFF", due.signOffDueOn, input.submittedOn, input.generatedOn),
    clock("PUBLISH", due.publishDueOn, input.publishedOn, input.approvedOn),
    clock("STATUTORY", due.statutoryDueOn, input.publishedOn, input.generatedOn),
  ];
  const statuses = new Set(clocks.map((c) => c.status));
  const attention = statuses.has("OVERDUE")
    ? "OVERDUE"
    : statuses.has("DUE_SOON")
      ? "DUE_SOON"
      : statuses.has("ON_TRACK")
        ? "ON_TRACK"
        : "NONE";
  return { today, clocks, attention };
}
