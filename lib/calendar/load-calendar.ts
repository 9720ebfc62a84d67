import type { Db } from "../db/client";
import { toChinaDate } from "./dates";
import { createWorkingCalendar, type CalendarOverride, type WorkingCalendar } from "./working-days";

/** The official calendar plus the administrator's overrides and whole-year entries. */
export async function loadWorkingCalendar(db: Pick<Db, "calendarOverride" | "calendarYear">): Promise<WorkingCalendar> {
  const [rows, years] = await Promise.all([
    db.calendarOverride.findMany({ orderBy: { date: "asc" } }),
    db.calendarYear.findMany({ select: { year: true } }),
  ]);
  const overrides: CalendarOverride[] = rows.map((r) => ({
    // @db.Date columns come back as UTC midnight of the stored date.
    date: r.date.toISOString().slice(0, 10),
    kind: r.kind === "WORKDAY" ? "WORKDAY" : "HOLIDAY",
    name: r.name || null,
  }));
  return createWorkingCalendar(overrides, { scheduledYears: years.map((y) => y.year) });
}

/** A China calendar date as the Date Prisma stores in a @db.Date column. */
export function isoToDbDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

export function dbDateToIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export { toChinaDate };
