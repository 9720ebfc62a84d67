/**
 * The 自查 run: every indicator computed from the records as of `now` (an injected clock in tests),
 * stored as the Beijing day's run (a rerun the same day replaces it), findings and all. Runs daily
 * from the workers (SELF_CHECK_JOBS) and on demand from the console.
 */
import type { Db } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { addCalendarDays, toChinaDate, type IsoDate } from "../calendar/dates";
import { isoToDbDate } from "../calendar/load-calendar";
import { getEnv } from "../config/env";
import { getOrganisation } from "../org/get-organisation";
import { getSiteSettings } from "../portal/site-settings";
import { loadScanOptions } from "../scan/scan-options";
import { summarise, type RunSummary, type SelfCheckFindingInput } from "./indicators";
import { checkPublishedContent, type ContentContext } from "./published-content";
import {
  checkAnnualReport,
  checkApplications,
  checkColumns,
  checkHomePage,
  checkItemDeadlines,
  checkRectifications,
  checkWechat,
} from "./site-checks";

/** Findings are kept this long (the trend reads the runs' summaries, kept for good). */
export const FINDINGS_KEPT_DAYS = 120;

export interface RunOptions {
  now?: Date;
  trigger?: "SCHEDULE" | "MANUAL";
  userId?: string | null;
  storage: BlobStorage;
}

export interface RunResult {
  runId: string;
  day: IsoDate;
  durationMs: number;
  summary: RunSummary;
  findings: number;
  scannedItems: number;
  /** Milliseconds per part, for the benchmark. */
  timings: Record<string, number>;
}

async function loadContentContext(db: Db, storage: BlobStorage, today: IsoDate): Promise<ContentContext> {
  const [scan, wording, categories, org] = await Promise.all([
    loadScanOptions(db),
    db.wordingRule.findMany({ where: { active: true }, select: { wrong: true, correct: true, note: true } }),
    db.category.findMany({ select: { id: true, code: true, name: true, active: true, requiresDocumentNumber: true, reportRow: true, parentId: true } }),
    getOrganisation(db),
  ]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  // A child category inherits its parent's report row (as the annual report counts it).
  const rowOf = (c: (typeof categories)[number]): string | null => c.reportRow ?? (c.parentId ? (byId.get(c.parentId)?.reportRow ?? null) : null);
  const site = await getSiteSettings(db, org.name);
  const hosts = new Set<string>();
  for (const h of [site.siteDomain, safeHost(getEnv().PUBLIC_BASE_URL), safeHost(org.website)]) if (h) hosts.add(h.toLowerCase());
  return {
    db,
    storage,
    today,
    rules: { scan, wording },
    siteHosts: hosts,
    categories: new Map(categories.map((c) => [c.id, { code: c.code, name: c.name, active: c.active, requiresDocumentNumber: c.requiresDocumentNumber, normative: rowOf(c) === "NORMATIVE" }])),
  };
}

function safeHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(/^https?:\/\//.test(url) ? url : `http://${url}`).host;
  } catch {
    return null;
  }
}

/** Computes every indicator; stores nothing. */
export async function computeSelfCheck(db: Db, options: RunOptions) {
  const now = options.now ?? new Date();
  const today = toChinaDate(now);
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  const content = await timed("content", async () => checkPublishedContent(await loadContentContext(db, options.storage, today)));
  // Of which: time spent waiting for the database (the rest is scanning).
  timings.contentDbWait = content.waitMs;
  const site = await timed("site", async () =>
    (
      await Promise.all([
        checkHomePage(db, today),
        checkColumns(db, today),
        checkWechat(db, today),
        checkApplications(db, now),
        checkItemDeadlines(db, now),
        checkAnnualReport(db, today),
        checkRectifications(db, today),
      ])
    ).flat(),
  );
  return { today, findings: [...site, ...content.findings], scanned: content.scanned, timings };
}

export async function runSelfCheck(db: Db, options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const { today, findings, scanned, timings } = await computeSelfCheck(db, options);
  const summary = summarise(findings);
  const t1 = performance.now();
  const runId = await storeRun(db, { today, startedAt, summary, findings, trigger: options.trigger ?? "SCHEDULE", userId: options.userId ?? null, durationMs: Math.round(t1 - t0) });
  timings.store = Math.round(performance.now() - t1);
  return { runId, day: today, durationMs: Math.round(performance.now() - t0), summary, findings: findings.length, scannedItems: scanned, timings };
}

async function storeRun(
  db: Db,
  r: { today: IsoDate; startedAt: Date; summary: RunSummary; findings: SelfCheckFindingInput[]; trigger: string; userId: string | null; durationMs: number },
): Promise<string> {
  const day = isoToDbDate(r.today);
  try {
    return await replaceDayRun(db, day, r);
  } catch (e) {
    // Two runs of the same day finishing together (the daily job and a reviewer's): the later one wins.
    if ((e as { code?: string }).code !== "P2002") throw e;
    return replaceDayRun(db, day, r);
  }
}

function replaceDayRun(
  db: Db,
  day: Date,
  r: { today: IsoDate; startedAt: Date; summary: RunSummary; findings: SelfCheckFindingInput[]; trigger: string; userId: string | null; durationMs: number },
): Promise<string> {
  return db.$transaction(
    async (tx) => {
      // A rerun the same day replaces that day's results (findings go with the run).
      await tx.selfCheckRun.deleteMany({ where: { day } });
      const run = await tx.selfCheckRun.create({
        data: { day, startedAt: r.startedAt, finishedAt: new Date(), durationMs: r.durationMs, trigger: r.trigger, triggeredById: r.userId, summary: r.summary as object },
      });
      for (let i = 0; i < r.findings.length; i += 5000) {
        await tx.selfCheckFinding.createMany({ data: r.findings.slice(i, i + 5000).map((f) => ({ ...f, runId: run.id })) });
      }
      await tx.selfCheckFinding.deleteMany({ where: { run: { day: { lt: isoToDbDate(addCalendarDays(r.today, -FINDINGS_KEPT_DAYS)) } } } });
      return run.id;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
