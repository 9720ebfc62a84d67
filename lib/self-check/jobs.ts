/**
 * Scheduled 自查 on the system queue (workers/registry.ts): the daily run at 06:30 China time (before
 * staff arrive, after the night's scheduled publications), and the weekly 自查报告 on Monday at 08:30
 * covering the seven days to that morning. Both can also be started from the console.
 */
import type { Queue } from "bullmq";
import type { Db } from "../db/client";
import { getStorage } from "../attachments/get-storage";
import { runSelfCheck } from "./run";
import { generateWeeklyReport } from "./weekly-report";

export const SELF_CHECK_JOBS = { daily: "self-check-daily", weekly: "self-check-weekly" } as const;

export async function registerSelfCheckRepeatables(systemQueue: Queue): Promise<void> {
  await systemQueue.upsertJobScheduler(SELF_CHECK_JOBS.daily, { pattern: "30 6 * * *", tz: "Asia/Shanghai" }, { name: SELF_CHECK_JOBS.daily });
  await systemQueue.upsertJobScheduler(SELF_CHECK_JOBS.weekly, { pattern: "30 8 * * 1", tz: "Asia/Shanghai" }, { name: SELF_CHECK_JOBS.weekly });
}

/** Runs the job if `name` is one of ours; undefined otherwise (the system queue serves several modules). */
export async function runSelfCheckJob(db: Db, name: string): Promise<unknown> {
  if (name === SELF_CHECK_JOBS.daily) {
    const r = await runSelfCheck(db, { storage: getStorage(), trigger: "SCHEDULE" });
    return { day: r.day, durationMs: r.durationMs, findings: r.findings, scannedItems: r.scannedItems };
  }
  if (name === SELF_CHECK_JOBS.weekly) {
    // The report compares the week's latest run: make sure today's exists.
    await runSelfCheck(db, { storage: getStorage(), trigger: "SCHEDULE" });
    const report = await generateWeeklyReport(db, getStorage(), { trigger: "SCHEDULE" });
    return { reportId: report.id };
  }
  return undefined;
}
