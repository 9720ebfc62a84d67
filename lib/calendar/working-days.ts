/**
 * The office's working-day calendar: the official holiday and 调休 schedule published each year
 * by 国务院办公厅 (from the `chinese-days` package) plus the office's own overrides, which win.
 *
 * Overrides exist because the package lags: the next year's schedule is announced in December and
 * the 依申请公开 reply period (条例第三十三条) is counted in working days, so staff must be able to
 * enter it before a package release.
 *
 * Counting convention (used by every module that computes a deadline): the day on which a period
 * starts is not counted and counting begins on the next day (民法典第二百零一条; "自收到申请之日起
 * 20个工作日内" therefore ends on the 20th working day after the day of receipt). So
 * `addWorkingDays(d, n)` is the n-th working day strictly after d, and
 * `workingDaysBetween(a, b)` counts the working days in (a, b] — the two are inverses.
 */
// The package's own functions build their holiday table at import time by parsing "YYYY-MM-DD"
// strings as UTC and reading them back in the server's local zone: on a server west of UTC every
// official day moves back by one (checked: 483 of 8,401 days differ under America/New_York). The
// JSON table shipped in the same package is generated from the same data and does not depend on
// the time zone, so it is the source used here.
import officialSchedule from "chinese-days/dist/chinese-days.json";
import { addCalendarDays, compareDates, isIsoDate, isWeekend, toDayNumber, type IsoDate } from "./dates";

export type CalendarOverrideKind = "HOLIDAY" | "WORKDAY";

/** One row of the office's override table, as the database loader passes it in. */
export interface CalendarOverride {
  date: IsoDate;
  kind: CalendarOverrideKind;
  name?: string | null;
}

export type DaySource = "OVERRIDE" | "OFFICIAL" | "REGULAR";

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** OVERRIDE = office table, OFFICIAL = national schedule, REGULAR = plain weekday/weekend. */
  source: DaySource;
  /** Holiday name (元旦, 春节 …) or the override's name, when there is one. */
  name: string | null;
  /** A weekend day that is worked (调休上班). */
  makeUpWorkday: boolean;
}

export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  describeDay(date: IsoDate): DayInfo;
  /** n > 0: the n-th working day after `date` (date itself never counted); n < 0: before; n = 0: date. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  addCalendarDays(date: IsoDate, n: number): IsoDate;
  /** Working days in (a, b]; negative, −(working days in (b, a]), when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** `date` itself when it is a working day, else the next working day. */
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate;
  /**
   * Whether the official holiday schedule is known for the year: bundled package data, or the
   * whole year entered by an administrator (工作日历 → 录入全年安排). A single override row does not
   * make a year known.
   */
  hasHolidaySchedule(year: number): boolean;
  /**
   * Whether a period counted over (start, end] crosses a day of a year without a known schedule:
   * such a due date is computed on plain weekdays and shown as 暂定 (provisional).
   */
  isProvisionalSpan(start: IsoDate, end: IsoDate): boolean;
  /** Years entered by an administrator as a whole schedule. */
  readonly scheduledYears: readonly number[];
  readonly overrides: readonly CalendarOverride[];
}

interface OfficialTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const official = officialSchedule as unknown as OfficialTable;

interface PackageDay {
  working: boolean;
  official: boolean;
  name: string | null;
}

/** Entries look like "Spring Festival,春节,4": English name, Chinese name, length in days. */
function chineseName(entry: string): string {
  return entry.split(",")[1] ?? entry;
}

function packageDay(date: IsoDate): PackageDay {
  const work = official.workdays[date];
  if (work !== undefined) return { working: true, official: true, name: chineseName(work) };
  const off = official.holidays[date];
  if (off !== undefined) return { working: false, official: true, name: chineseName(off) };
  return { working: !isWeekend(date), official: false, name: null };
}

const officialYears = new Set(
  [...Object.keys(official.holidays), ...Object.keys(official.workdays)].map((d) => Number(d.slice(0, 4))),
);

/** Last year for which the installed package has the official schedule (2026 for 1.5.7). */
export const OFFICIAL_SCHEDULE_LAST_YEAR = Math.max(...officialYears);

export interface OverrideProblem {
  index: number;
  message: string;
}

/** Problems in override rows, in zh-CN, for the admin form; an empty list means the rows are usable. */
export function validateCalendarOverrides(rows: readonly CalendarOverride[]): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const seen = new Map<IsoDate, number>();
  rows.forEach((row, index) => {
    if (!isIsoDate(row.date)) {
      problems.push({ index, message: `日期“${String(row.date)}”格式不正确，应为“年-月-日”，如2027-01-01` });
      return;
    }
    if (row.kind !== "HOLIDAY" && row.kind !== "WORKDAY") {
      problems.push({ index, message: `${row.date}的类型应为“放假”或“上班”` });
      return;
    }
    const earlier = seen.get(row.date);
    if (earlier !== undefined) {
      problems.push({ index, message: `${row.date}已设置过（第${earlier + 1}行），同一日期只能设置一次` });
      return;
    }
    seen.set(row.date, index);
  });
  return problems;
}

/** Bounds the day-by-day walks so a bad input cannot spin forever (about ten years). */
const MAX_WALK_DAYS = 3660;

export interface WorkingCalendarOptions {
  /** Years whose whole official schedule the office has entered (CalendarYear rows). */
  scheduledYears?: readonly number[];
}

export function createWorkingCalendar(overrides: readonly CalendarOverride[] = [], options: WorkingCalendarOptions = {}): WorkingCalendar {
  const problems = validateCalendarOverrides(overrides);
  if (problems.length > 0) {
    throw new RangeError(`Invalid calendar overrides: ${problems.map((p) => `#${p.index}: ${p.message}`).join("; ")}`);
  }
  const byDate = new Map<IsoDate, CalendarOverride>(overrides.map((o) => [o.date, o]));
  const enteredYears = new Set(options.scheduledYears ?? []);
  const hasHolidaySchedule = (year: number) => enteredYears.has(year) || officialYears.has(year);
  const frozen = Object.freeze(overrides.map((o) => Object.freeze({ ...o })));

  function describeDay(date: IsoDate): DayInfo {
    toDayNumber(date);
    const weekend = isWeekend(date);
    const o = byDate.get(date);
    if (o) {
      const working = o.kind === "WORKDAY";
      return { date, working, source: "OVERRIDE", name: o.name ?? null, makeUpWorkday: working && weekend };
    }
    const p = packageDay(date);
    return {
      date,
      working: p.working,
      source: p.official ? "OFFICIAL" : "REGULAR",
      name: p.name,
      makeUpWorkday: p.working && weekend,
    };
  }

  function isWorkingDay(date: IsoDate): boolean {
    return describeDay(date).working;
  }

  function addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`Working-day count must be an integer: ${n}`);
    toDayNumber(date);
    const step = n >= 0 ? 1 : -1;
    let left = Math.abs(n);
    let day = date;
    let walked = 0;
    while (left > 0) {
      day = addCalendarDays(day, step);
      if (isWorkingDay(day)) left--;
      if (++walked > MAX_WALK_DAYS) throw new RangeError(`No ${n} working days within ten years of ${date}`);
    }
    return day;
  }

  function workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const cmp = compareDates(a, b);
    if (cmp === 0) return 0;
    if (cmp > 0) return -workingDaysBetween(b, a);
    let count = 0;
    for (let day = addCalendarDays(a, 1); compareDates(day, b) <= 0; day = addCalendarDays(day, 1)) {
      if (isWorkingDay(day)) count++;
    }
    return count;
  }

  function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    return isWorkingDay(date) ? date : addWorkingDays(date, 1);
  }

  return {
    isWorkingDay,
    describeDay,
    addWorkingDays,
    addCalendarDays,
    workingDaysBetween,
    nextWorkingDayOnOrAfter,
    hasHolidaySchedule,
    isProvisionalSpan(start: IsoDate, end: IsoDate): boolean {
      const [a, b] = compareDates(start, end) <= 0 ? [start, end] : [end, start];
      const from = Number(addCalendarDays(a, 1).slice(0, 4));
      const to = Number(b.slice(0, 4));
      for (let y = from; y <= to; y++) if (!hasHolidaySchedule(y)) return true;
      return false;
    },
    scheduledYears: Object.freeze([...enteredYears].sort((x, y) => x - y)),
    overrides: frozen,
  };
}
