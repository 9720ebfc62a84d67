// Every date the office shows, stores as a day or puts in a file is a day in Beijing time (UTC+8).
// Two kinds of stored value reach the pages: DATE columns (生成日期, 废止日期, 公示期), which PostgreSQL
// hands over as UTC midnight of that very day, and instants (发布, 撤回, 修订), whose day is the day it
// was in Beijing at that moment — 06:26 Beijing time is still the previous day in UTC.
import { toChinaDate, type IsoDate } from "../calendar/dates";

/** "YYYY-MM-DD" of a DATE column (生成日期, 废止日期, 公示期), or "" when there is none. */
export function dateColumnDay(d: Date | null | undefined): IsoDate {
  return d ? d.toISOString().slice(0, 10) : "";
}

/** "YYYY-MM-DD" of the Beijing day of an instant (发布日期, 撤回日期), or "" when there is none. */
export function beijingDay(instant: Date | null | undefined): IsoDate {
  return instant ? toChinaDate(instant) : "";
}

/** "2026年3月2日" of the Beijing day of an instant. */
export function beijingDayCn(instant: Date): string {
  const [y, m, d] = toChinaDate(instant).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
