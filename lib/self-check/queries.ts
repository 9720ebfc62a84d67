/** Read models of the 自查 runs for the console, the dashboard and the weekly report. */
import type { Db } from "../db/client";
import { addCalendarDays, toChinaDate, type IsoDate } from "../calendar/dates";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { INDICATORS, readSummary, vetoCountOf, type IndicatorCode, type RunSummary } from "./indicators";

export async function latestRun(db: Db) {
  return db.selfCheckRun.findFirst({ orderBy: { day: "desc" } });
}

export async function runFindings(db: Db, runId: string, indicator?: IndicatorCode) {
  return db.selfCheckFinding.findMany({
    where: { runId, ...(indicator ? { indicator } : {}) },
    orderBy: [{ indicator: "asc" }, { level: "asc" }, { title: "asc" }],
  });
}

export interface Overview {
  run: { id: string; day: IsoDate; finishedAt: Date; durationMs: number; trigger: string } | null;
  summary: RunSummary;
  vetoCount: number;
}

export async function selfCheckOverview(db: Db): Promise<Overview> {
  const run = await latestRun(db);
  const summary = readSummary(run?.summary);
  return {
    run: run ? { id: run.id, day: dbDateToIso(run.day), finishedAt: run.finishedAt, durationMs: run.durationMs, trigger: run.trigger } : null,
    summary,
    vetoCount: vetoCountOf(summary),
  };
}

export interface TrendPoint {
  day: IsoDate;
  /** null: no run that day. */
  red: number | null;
  amber: number | null;
}

/** The last `days` Beijing days up to `today`, one point a day per indicator. */
export async function trendOf(db: Db, today: IsoDate = toChinaDate(new Date()), days = 90): Promise<Record<IndicatorCode, TrendPoint[]>> {
  const from = addCalendarDays(today, -(days - 1));
  const runs = await db.selfCheckRun.findMany({ where: { day: { gte: isoToDbDate(from), lte: isoToDbDate(today) } }, select: { day: true, summary: true } });
  const byDay = new Map(runs.map((r) => [dbDateToIso(r.day), readSummary(r.summary)]));
  const out = {} as Record<IndicatorCode, TrendPoint[]>;
  for (const i of INDICATORS) {
    out[i.code] = Array.from({ length: days }, (_, k) => {
      const day = addCalendarDays(from, k);
      const s = byDay.get(day)?.[i.code];
      return { day, red: s ? s.red : null, amber: s ? s.amber : null };
    });
  }
  return out;
}
