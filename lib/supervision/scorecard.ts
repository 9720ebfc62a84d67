// The department scorecard (督察考核): per department and year, items published, on-time rates for
// sign-off (科室5日内签字报送), publishing (党政办10日内公开) and the statutory 20 working days,
// items published late, open items overdue now, applications answered on time, and rectification
// items from the year's inspections. The figures come from the same facts as the annual report
// (lib/reports/load-annual-data.ts), so the two never disagree.

import type { Db } from "../db/client";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { chinaDayStart, toChinaDate } from "../calendar/dates";
import { getItemDashboard } from "../items/item-clocks";
import { clockOf, loadClockContext } from "../applications/records";
import { loadPublishedItemFacts } from "../reports/load-annual-data";

export interface ScorecardItemFact {
  departmentId: string;
  publishedOn: string;
  submittedOn: string | null;
  submitDueOn: string | null;
  approvedOn: string | null;
  publishDueOn: string | null;
  statutoryDueOn: string;
}

export interface ScorecardApplicationFact {
  departmentId: string | null;
  closedOn: string;
  dueOn: string | null;
}

export interface ScorecardRectificationFact {
  departmentId: string | null;
  dueOn: string;
  status: "OPEN" | "DONE";
  doneOn: string | null;
}

export interface Rate {
  judged: number;
  onTime: number;
  /** 0–1, or null when nothing was judged. */
  rate: number | null;
}

export interface ScorecardRow {
  departmentId: string | null;
  departmentName: string;
  published: number;
  signOff: Rate;
  publish: Rate;
  statutory: Rate;
  /** Published this year with at least one limit missed. */
  publishedLate: number;
  /** Open items overdue today (current state; shown for the current year only). */
  overdueNow: number | null;
  dueSoonNow: number | null;
  applications: Rate;
  rectifications: { total: number; done: number; overdue: number };
  monthly: number[];
}

const rate = (judged: number, onTime: number): Rate => ({ judged, onTime, rate: judged ? onTime / judged : null });

function emptyRow(departmentId: string | null, departmentName: string): ScorecardRow {
  return {
    departmentId,
    departmentName,
    published: 0,
    signOff: rate(0, 0),
    publish: rate(0, 0),
    statutory: rate(0, 0),
    publishedLate: 0,
    overdueNow: null,
    dueSoonNow: null,
    applications: rate(0, 0),
    rectifications: { total: 0, done: 0, overdue: 0 },
    monthly: Array(12).fill(0),
  };
}

/** Pure: the rows (departments in the given order, then a 合计 row) from the year's facts. */
export function computeScorecard(input: {
  departments: readonly { id: string; name: string }[];
  items: readonly ScorecardItemFact[];
  applications: readonly ScorecardApplicationFact[];
  rectifications: readonly ScorecardRectificationFact[];
  today: string;
  /** Current open-item clocks per department, when the year is the current one. */
  current?: ReadonlyMap<string, { overdue: number; dueSoon: number }>;
}): { rows: ScorecardRow[]; total: ScorecardRow } {
  const rows = new Map<string | null, ScorecardRow>(input.departments.map((d) => [d.id, emptyRow(d.id, d.name)]));
  const rowOf = (id: string | null) => {
    let r = rows.get(id);
    if (!r) {
      r = emptyRow(id, id === null ? "未指定科室" : "（已删除的科室）");
      rows.set(id, r);
    }
    return r;
  };
  const counts = new Map<ScorecardRow, { s: [number, number]; p: [number, number]; t: [number, number]; a: [number, number] }>();
  const c = (r: ScorecardRow) => {
    let x = counts.get(r);
    if (!x) counts.set(r, (x = { s: [0, 0], p: [0, 0], t: [0, 0], a: [0, 0] }));
    return x;
  };
  for (const it of input.items) {
    const r = rowOf(it.departmentId);
    const k = c(r);
    r.published += 1;
    r.monthly[Number(it.publishedOn.slice(5, 7)) - 1] += 1;
    let late = false;
    if (it.submittedOn && it.submitDueOn) {
      k.s[0] += 1;
      if (it.submittedOn <= it.submitDueOn) k.s[1] += 1;
      else late = true;
    }
    if (it.approvedOn && it.publishDueOn) {
      k.p[0] += 1;
      if (it.publishedOn <= it.publishDueOn) k.p[1] += 1;
      else late = true;
    }
    k.t[0] += 1;
    if (it.publishedOn <= it.statutoryDueOn) k.t[1] += 1;
    else late = true;
    if (late) r.publishedLate += 1;
  }
  for (const a of input.applications) {
    const r = rowOf(a.departmentId);
    if (!a.dueOn) continue;
    const k = c(r);
    k.a[0] += 1;
    if (a.closedOn <= a.dueOn) k.a[1] += 1;
  }
  for (const x of input.rectifications) {
    const r = rowOf(x.departmentId);
    r.rectifications.total += 1;
    if (x.status === "DONE") r.rectifications.done += 1;
    else if (input.today > x.dueOn) r.rectifications.overdue += 1;
  }
  if (input.current) {
    for (const r of rows.values()) {
      const cur = r.departmentId ? input.current.get(r.departmentId) : undefined;
      r.overdueNow = cur?.overdue ?? 0;
      r.dueSoonNow = cur?.dueSoon ?? 0;
    }
  }
  for (const [r, k] of counts) {
    r.signOff = rate(...k.s);
    r.publish = rate(...k.p);
    r.statutory = rate(...k.t);
    r.applications = rate(...k.a);
  }

  const list = [...rows.values()];
  const total = emptyRow(null, "合计");
  const sum = (f: (r: ScorecardRow) => Rate) => rate(list.reduce((s, r) => s + f(r).judged, 0), list.reduce((s, r) => s + f(r).onTime, 0));
  total.published = list.reduce((s, r) => s + r.published, 0);
  total.signOff = sum((r) => r.signOff);
  total.publish = sum((r) => r.publish);
  total.statutory = sum((r) => r.statutory);
  total.applications = sum((r) => r.applications);
  total.publishedLate = list.reduce((s, r) => s + r.publishedLate, 0);
  total.overdueNow = input.current ? list.reduce((s, r) => s + (r.overdueNow ?? 0), 0) : null;
  total.dueSoonNow = input.current ? list.reduce((s, r) => s + (r.dueSoonNow ?? 0), 0) : null;
  total.rectifications = {
    total: list.reduce((s, r) => s + r.rectifications.total, 0),
    done: list.reduce((s, r) => s + r.rectifications.done, 0),
    overdue: list.reduce((s, r) => s + r.rectifications.overdue, 0),
  };
  total.monthly = total.monthly.map((_, m) => list.reduce((s, r) => s + r.monthly[m], 0));
  return { rows: list, total };
}

export function formatPercent(r: number | null): string {
  if (r === null) return "—";
  const pct = Math.round(r * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export async function loadScorecard(db: Db, year: number, now: Date = new Date()) {
  const today = toChinaDate(now);
  const isCurrent = today.slice(0, 4) === String(year);
  const [departments, facts, apps, rects, ctx, dash] = await Promise.all([
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
    loadPublishedItemFacts(db, year),
    db.application.findMany({
      where: { closedOn: { gte: isoToDbDate(`${year}-01-01`), lte: isoToDbDate(`${year}-12-31`) }, receivedOn: { not: null } },
      include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
    }),
    db.rectification.findMany({
      where: { inspection: { date: { gte: isoToDbDate(`${year}-01-01`), lte: isoToDbDate(`${year}-12-31`) } } },
    }),
    loadClockContext(db),
    isCurrent ? getItemDashboard(db, { now }) : null,
  ]);
  const handlerIds = [...new Set(apps.map((a) => a.handlerId).filter((x): x is string => !!x))];
  const handlers = new Map(
    (await db.user.findMany({ where: { id: { in: handlerIds } }, select: { id: true, departmentId: true } })).map((u) => [u.id, u.departmentId]),
  );
  const applications: ScorecardApplicationFact[] = apps.map((a) => {
    const closedOn = dbDateToIso(a.closedOn!);
    let dueOn: string | null = null;
    try {
      dueOn = clockOf(ctx, a, chinaDayStart(closedOn))?.dueOn ?? null;
    } catch {
      dueOn = null;
    }
    return { departmentId: a.handlerId ? (handlers.get(a.handlerId) ?? null) : null, closedOn, dueOn };
  });
  const items: ScorecardItemFact[] = facts.map((f) => ({
    departmentId: f.departmentId,
    publishedOn: String(f.record.publishedDate),
    submittedOn: (f.record.submittedDate as string | null) ?? null,
    submitDueOn: (f.record.submitDueDate as string | null) ?? null,
    approvedOn: (f.record.approvedDate as string | null) ?? null,
    publishDueOn: (f.record.publishDueDate as string | null) ?? null,
    statutoryDueOn: f.statutoryDueDate,
  }));
  const rectifications: ScorecardRectificationFact[] = rects.map((r) => ({
    departmentId: r.departmentId,
    dueOn: dbDateToIso(r.dueOn),
    status: r.status === "DONE" ? "DONE" : "OPEN",
    doneOn: r.doneOn ? dbDateToIso(r.doneOn) : null,
  }));
  const current = dash ? new Map(dash.departments.map((d) => [d.departmentId, { overdue: d.overdue, dueSoon: d.dueSoon }])) : undefined;
  const result = computeScorecard({ departments, items, applications, rectifications, today, current });
  // Departments with nothing at all this year are left out to keep the charts readable.
  const rows = result.rows.filter(
    (r) => r.published + r.applications.judged + r.rectifications.total + (r.overdueNow ?? 0) + (r.dueSoonNow ?? 0) > 0,
  );
  return { year, today, isCurrent, rows, total: result.total };
}
