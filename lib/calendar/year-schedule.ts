/**
 * A whole year's official holiday schedule entered in one form (工作日历 → 录入全年安排): the
 * holiday ranges with their names and the weekend days worked instead (调休上班), as the
 * 国务院办公厅 notice lists them. Pure: validates the entry, turns it into override rows, and
 * lays out the resulting calendar month by month for the preview.
 */
import { addCalendarDays, compareDates, dayOfWeek, isIsoDate, isWeekend, type IsoDate } from "./dates";
import { createWorkingCalendar, OFFICIAL_SCHEDULE_LAST_YEAR, type CalendarOverride, type WorkingCalendar } from "./working-days";

export interface HolidayRange {
  name: string;
  from: IsoDate;
  to: IsoDate;
}

export interface MakeUpDay {
  date: IsoDate;
  name: string;
}

export interface YearScheduleInput {
  year: number;
  /** The notice, e.g. 国办发明电〔2026〕号 (free text, optional). */
  source: string;
  holidays: HolidayRange[];
  workdays: MakeUpDay[];
}

export interface YearScheduleProblem {
  /** "holidays.2.to", "workdays.0.date", "year" … for the form. */
  field: string;
  message: string;
}

/** Longest holiday range accepted (the Spring Festival is 8–9 days). */
const MAX_RANGE_DAYS = 15;

function rowLabel(kind: "holidays" | "workdays", i: number): string {
  return kind === "holidays" ? `放假安排第${i + 1}行` : `调休上班第${i + 1}行`;
}

/** Problems with the entry, in zh-CN; an empty list means it can be saved. */
export function validateYearSchedule(input: YearScheduleInput): YearScheduleProblem[] {
  const problems: YearScheduleProblem[] = [];
  const { year } = input;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    return [{ field: "year", message: "请填写年份，如2027" }];
  }
  if (year <= OFFICIAL_SCHEDULE_LAST_YEAR) {
    problems.push({
      field: "year",
      message: `系统已内置${year}年国务院办公厅公布的节假日安排，无需录入；个别日期需要调整的，请使用“单日设置”`,
    });
  }
  if (input.source.length > 100) problems.push({ field: "source", message: "依据文件不能超过100个字" });
  if (input.holidays.length === 0) problems.push({ field: "holidays", message: "请至少填写一项放假安排" });
  const inYear = (d: IsoDate) => d.slice(0, 4) === String(year);
  const taken = new Map<IsoDate, string>();
  input.holidays.forEach((h, i) => {
    const label = rowLabel("holidays", i);
    if (!h.name.trim()) problems.push({ field: `holidays.${i}.name`, message: `${label}：请填写节日名称，如“春节”` });
    else if (h.name.trim().length > 20) problems.push({ field: `holidays.${i}.name`, message: `${label}：节日名称不能超过20个字` });
    if (!isIsoDate(h.from) || !isIsoDate(h.to)) {
      problems.push({ field: `holidays.${i}.from`, message: `${label}：请填写放假的起止日期` });
      return;
    }
    if (!inYear(h.from) || !inYear(h.to)) {
      problems.push({ field: `holidays.${i}.from`, message: `${label}：放假日期应在${year}年内` });
      return;
    }
    if (compareDates(h.from, h.to) > 0) {
      problems.push({ field: `holidays.${i}.to`, message: `${label}：结束日期不能早于开始日期` });
      return;
    }
    if (compareDates(h.to, h.from) >= MAX_RANGE_DAYS) {
      problems.push({ field: `holidays.${i}.to`, message: `${label}：放假不能超过${MAX_RANGE_DAYS}天，请核对日期` });
      return;
    }
    for (let d = h.from; compareDates(d, h.to) <= 0; d = addCalendarDays(d, 1)) {
      const other = taken.get(d);
      if (other) {
        problems.push({ field: `holidays.${i}.from`, message: `${label}：${d}已在${other}中填写` });
        return;
      }
    }
    for (let d = h.from; compareDates(d, h.to) <= 0; d = addCalendarDays(d, 1)) taken.set(d, label);
  });
  input.workdays.forEach((w, i) => {
    const label = rowLabel("workdays", i);
    if (!isIsoDate(w.date)) {
      problems.push({ field: `workdays.${i}.date`, message: `${label}：请填写调休上班的日期` });
      return;
    }
    if (!inYear(w.date)) {
      problems.push({ field: `workdays.${i}.date`, message: `${label}：日期应在${year}年内` });
      return;
    }
    if (!isWeekend(w.date)) {
      problems.push({ field: `workdays.${i}.date`, message: `${label}：${w.date}不是周六或周日，本来就是工作日，无需设为调休上班` });
      return;
    }
    const other = taken.get(w.date);
    if (other) {
      problems.push({ field: `workdays.${i}.date`, message: `${label}：${w.date}已在${other}中填写` });
      return;
    }
    taken.set(w.date, label);
  });
  return problems;
}

/** The override rows the entry stands for: every day of each range off, each make-up day worked. */
export function yearScheduleOverrides(input: YearScheduleInput): CalendarOverride[] {
  const rows: CalendarOverride[] = [];
  for (const h of input.holidays) {
    for (let d = h.from; compareDates(d, h.to) <= 0; d = addCalendarDays(d, 1)) {
      rows.push({ date: d, kind: "HOLIDAY", name: h.name.trim() });
    }
  }
  for (const w of input.workdays) {
    rows.push({ date: w.date, kind: "WORKDAY", name: w.name.trim() || "调休上班" });
  }
  return rows.sort((a, b) => compareDates(a.date, b.date));
}

/**
 * The calendar after saving: the existing overrides outside the year are kept, the year's own are
 * replaced by the entry, and the year counts as scheduled.
 */
export function calendarWithYear(
  existing: readonly CalendarOverride[],
  scheduledYears: readonly number[],
  input: YearScheduleInput,
): WorkingCalendar {
  const prefix = `${input.year}-`;
  const kept = existing.filter((o) => !o.date.startsWith(prefix));
  return createWorkingCalendar([...kept, ...yearScheduleOverrides(input)], {
    scheduledYears: [...new Set([...scheduledYears, input.year])],
  });
}

export interface PreviewDay {
  date: IsoDate;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  working: boolean;
  /** Holiday or make-up day name. */
  name: string | null;
  makeUpWorkday: boolean;
  /** A weekday off (a holiday on Monday–Friday). */
  weekdayOff: boolean;
}

export interface PreviewMonth {
  month: number;
  days: PreviewDay[];
  workingDays: number;
}

/** The year laid out month by month, for the preview before saving. */
export function previewYear(calendar: WorkingCalendar, year: number): PreviewMonth[] {
  const months: PreviewMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const days: PreviewDay[] = [];
    for (let d = `${year}-${String(m).padStart(2, "0")}-01`; Number(d.slice(5, 7)) === m; d = addCalendarDays(d, 1)) {
      const info = calendar.describeDay(d);
      days.push({
        date: d,
        day: Number(d.slice(8, 10)),
        weekday: dayOfWeek(d),
        working: info.working,
        name: info.name,
        makeUpWorkday: info.makeUpWorkday,
        weekdayOff: !info.working && !isWeekend(d),
      });
    }
    months.push({ month: m, days, workingDays: days.filter((x) => x.working).length });
  }
  return months;
}
