/**
 * Due dates that reach into a year without a known holiday schedule (暂定), and the reminder to
 * enter next year's schedule.
 *
 * The State Council's office (国务院办公厅) publishes the next year's holidays and 调休 working
 * days in late autumn. Until the office enters them (工作日历 → 录入全年安排) or a package release
 * brings them, a period that runs into that year is counted on plain weekdays and every due date
 * computed so is marked 暂定 wherever it is shown — the console, the applicant's /track page and the
 * letters.
 */
import { addCalendarDays, compareDates, formatChineseDate, type IsoDate } from "./dates";
import type { WorkingCalendar } from "./working-days";

/** First month (1-based) from which the next year's missing schedule is flagged. */
export const NEXT_YEAR_ALERT_FROM_MONTH = 11;

/** Years in (start, end] without a known schedule, ascending. */
export function unscheduledYears(calendar: WorkingCalendar, start: IsoDate, end: IsoDate): number[] {
  const [a, b] = compareDates(start, end) <= 0 ? [start, end] : [end, start];
  const out: number[] = [];
  for (let y = Number(addCalendarDays(a, 1).slice(0, 4)); y <= Number(b.slice(0, 4)); y++) {
    if (!calendar.hasHolidaySchedule(y)) out.push(y);
  }
  return out;
}

/** Short marking shown next to a provisional date, e.g. "（暂定）". */
export const PROVISIONAL_MARK = "暂定";

/** Console and /track: why the date is provisional. */
export function provisionalExplanation(years: readonly number[]): string {
  const ys = years.map((y) => `${y}年`).join("、");
  return `该期限跨越${ys}，国务院办公厅公布的${ys}节假日安排尚未录入，暂按周一至周五为工作日计算；录入后期限将按国务院办公厅通知重新计算。`;
}

/** The sentence a letter carries after a provisional date. */
export function provisionalLetterSentence(date: IsoDate, years: readonly number[]): string {
  const ys = years.map((y) => `${y}年`).join("、");
  return `上述${formatChineseDate(date)}系按正常工作日暂定；${ys}部分节假日安排以国务院办公厅通知为准，期限相应顺延或提前的，以按该通知计算的日期为准。`;
}

export interface CalendarAlert {
  year: number;
  message: string;
}

/**
 * From 1 November, the next year's schedule is due: until it is known (entered or bundled), the
 * dashboard and 工作日历 show administrators this alert. The current year's missing schedule is
 * flagged all year.
 */
export function calendarAlert(calendar: WorkingCalendar, today: IsoDate): CalendarAlert | null {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const missing = !calendar.hasHolidaySchedule(year)
    ? year
    : month >= NEXT_YEAR_ALERT_FROM_MONTH && !calendar.hasHolidaySchedule(year + 1)
      ? year + 1
      : null;
  if (missing === null) return null;
  return {
    year: missing,
    message: `尚未录入${missing}年节假日安排。跨入${missing}年的期限暂按正常工作日计算并标注“暂定”；请在国务院办公厅公布后到“工作日历”录入全年放假和调休上班日期。`,
  };
}
