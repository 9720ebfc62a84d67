/**
 * Calendar dates as "YYYY-MM-DD" strings, computed without the server's time zone.
 *
 * Every statutory period in the 条例 is counted in whole days of the Chinese calendar, so a date
 * must never be an instant: `new Date("2026-01-01")` is UTC midnight and prints as 12-31 on a
 * server west of Greenwich. All arithmetic here goes through UTC day numbers.
 */

/** A calendar date in China, "YYYY-MM-DD". */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year: no daylight saving time since 1991. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Day number since 1970-01-01; throws on anything but a real "YYYY-MM-DD" date. */
export function toDayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`No such calendar date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError unless `date` is a valid "YYYY-MM-DD" date; returns it unchanged. */
export function assertIsoDate(date: IsoDate): IsoDate {
  toDayNumber(date);
  return date;
}

export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** b − a in calendar days. */
export function calendarDaysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday.
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** "YYYY-MM" of a date, for per-calendar-month rules (e.g. the 按件 fee count). */
export function monthOf(date: IsoDate): string {
  return assertIsoDate(date).slice(0, 7);
}

/** The calendar date in China (Asia/Shanghai) at the given instant. */
export function toChinaDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which `date` begins in China (00:00 Asia/Shanghai), for database range queries. */
export function chinaDayStart(date: IsoDate): Date {
  return new Date(toDayNumber(date) * MS_PER_DAY - CHINA_OFFSET_MS);
}

/** Accepts either a China calendar date or an instant (converted to its China date). */
export function asChinaDate(value: IsoDate | Date): IsoDate {
  return value instanceof Date ? toChinaDate(value) : assertIsoDate(value);
}

/** "2026年1月13日", the form used in official letters. */
export function formatChineseDate(date: IsoDate): string {
  toDayNumber(date);
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
