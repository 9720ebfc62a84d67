import { CHANNEL_QUEUES, addDeliveryJobs, isChannel, shanghaiToday } from "../../lib/channels/outbox";
import type { ChannelContext } from "./context";

export interface SweepResult {
  /** Rows whose job Redis no longer had: enqueued again. */
  requeued: number;
  /** Rows whose job BullMQ gave up on without the processor recording it (e.g. stalled too often). */
  failed: number;
}

const BATCH = 500;

/**
 * The outbox sweeper: PENDING / IN_PROGRESS deliveries untouched for a while are checked against
 * their queue. A missing job (Redis emptied, the producer could not reach Redis after commit) is
 * added again under the same id; a job BullMQ failed on its own is recorded as FAILED. Adding is
 * safe even when the row is being worked on: the processor's claim lets only one run deliver it.
 */
export async function sweepDeliveries(ctx: ChannelContext, now = new Date()): Promise<SweepResult> {
  const rows = await ctx.db.delivery.findMany({
    where: {
      status: { in: ["PENDING", "IN_PROGRESS"] },
      updatedAt: { lt: new Date(now.getTime() - ctx.settings.sweepAfterMs) },
    },
    select: { id: true, channel: true, action: true, updatedAt: true },
    orderBy: { updatedAt: "asc" },
    take: BATCH,
  });
  const missing: { id: string; channel: string; action: string }[] = [];
  let failed = 0;
  for (const row of rows) {
    if (!isChannel(row.channel)) continue;
    const queue = ctx.queue(CHANNEL_QUEUES[row.channel]);
    const job = await queue.getJob(row.id);
    if (!job) {
      missing.push(row);
      continue;
    }
    const state = await job.getState();
    // A job that failed before the row was last changed belongs to an earlier round (staff pressed
    // retry but the old job could not be removed then): run the row again.
    const staleFailure = state === "failed" && (job.finishedOn ?? 0) < row.updatedAt.getTime();
    if (state === "failed" && !staleFailure) {
      const reason = job.failedReason || "任务多次中断，已停止重试";
      const updated = await ctx.db.delivery.updateMany({
        where: { id: row.id, status: { in: ["PENDING", "IN_PROGRESS"] } },
        data: { status: "FAILED", lastError: reason.startsWith("job stalled") ? "推送任务多次中断（工作进程异常退出），已停止重试，请点击重试" : reason },
      });
      failed += updated.count;
    } else if (staleFailure || state === "completed" || state === "unknown") {
      // Finished without settling the row (a run that found it claimed elsewhere): run it again.
      await job.remove().catch(() => undefined);
      missing.push(row);
    }
  }
  if (missing.length > 0) {
    await addDeliveryJobs(missing, (name) => ctx.queue(name), jobOptions(ctx));
    ctx.log(`sweeper re-enqueued ${missing.length} deliveries`);
  }
  return { requeued: missing.length, failed };
}

export function jobOptions(ctx: ChannelContext) {
  return {
    attempts: ctx.settings.attempts,
    backoff: { type: "exponential" as const, delay: ctx.settings.backoffMs },
  };
}

/**
 * End of 公示期: a sheet whose posting period is over gets a TAKE_DOWN task; a sheet never posted
 * whose period is already over is not printed any more.
 */
export async function expireBoardPostings(ctx: ChannelContext, now = new Date()): Promise<{ takeDowns: number; cancelled: number }> {
  const today = shanghaiToday(now);
  const expired = await ctx.db.$queryRaw<{ boardId: string; itemId: string; versionNo: number }[]>`
    SELECT p."boardId", p."itemId", p."versionNo"
    FROM "BoardPosting" p
    WHERE p.task = 'POST' AND p.status = 'DONE' AND p."postingTo" < ${today}
      AND NOT EXISTS (
        SELECT 1 FROM "BoardPosting" t
        WHERE t."boardId" = p."boardId" AND t."itemId" = p."itemId" AND t."versionNo" = p."versionNo" AND t.task = 'TAKE_DOWN'
      )
    LIMIT 1000`;
  let takeDowns = 0;
  if (expired.length > 0) {
    const created = await ctx.db.boardPosting.createMany({
      data: expired.map((e) => ({ ...e, task: "TAKE_DOWN", reason: "公示期已满" })),
      skipDuplicates: true,
    });
    takeDowns = created.count;
  }
  const cancelled = await ctx.db.boardPosting.updateMany({
    where: { task: "POST", status: "PENDING", postingTo: { lt: today } },
    data: { status: "CANCELLED", reason: "公示期已过，未张贴" },
  });
  if (takeDowns || cancelled.count) ctx.log(`公示期 ended: ${takeDowns} take-down tasks, ${cancelled.count} unposted sheets cancelled`);
  return { takeDowns, cancelled: cancelled.count };
}
