// Calendar-day helpers for the annual report. All comparisons are on local dates in China
// Standard Time (UTC+8, no daylight saving), as "YYYY-MM-DD" strings, which order correctly
// as plain strings.

import { assertIsoDate } from "../calendar/dates";

export type DateInput = Date | string;

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
/** An ISO 8601 instant that says its zone: "…Z" or "…+08:00". */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Local (UTC+8) calendar day of a Date or date string, as "YYYY-MM-DD". A string must be a real
 * "YYYY-MM-DD" day or an instant with its zone; a zone-less date-time ("2026-12-31T20:00") is
 * refused, as in lib/calendar: JavaScript would read it in the server's zone, and under UTC that
 * instant is already 2027-01-01 in China.
 */
export function toDay(value: DateInput): string {
  if (typeof value === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return assertIsoDate(value);
    if (!ZONED_INSTANT.test(value)) {
      throw new RangeError(`Date string without a time zone or not ISO 8601: ${JSON.stringify(value)}; pass "YYYY-MM-DD" or an instant ending in Z or ±hh:mm`);
    }
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new RangeError(`invalid date: ${value}`);
    return toDay(parsed);
  }
  if (Number.isNaN(value.getTime())) throw new RangeError("invalid date");
  return new Date(value.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function toDayOrNull(value: DateInput | null | undefined): string | null {
  return value == null ? null : toDay(value);
}

export function yearStart(year: number): string {
  return `${String(year).padStart(4, "0")}-01-01`;
}

export function yearEnd(year: number): string {
  return `${String(year).padStart(4, "0")}-12-31`;
}

export function inYear(day: string, year: number): boolean {
  return day >= yearStart(year) && day <= yearEnd(year);
}

/** Whole calendar days from a to b (b − a). */
export function calendarDaysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** "2017年3月5日" */
export function formatChineseDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
