import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { isChannelError, isPermanentChannelError } from "../../lib/channels/errors";
import { CHANNEL_QUEUES, TAKEDOWN_JOB_PRIORITY, isChannel, type Channel } from "../../lib/channels/outbox";
import { activePause, formatBeijingTime, pauseChannel, pauseNotice, type PauseSpec } from "../../lib/channels/pause";
import type { Prisma } from "../../lib/db/client";
import type { ChannelContext } from "./context";

export interface DeliveryRow {
  id: string;
  itemId: string;
  versionId: string;
  channel: string;
  action: string;
  status: string;
  attempts: number;
  state: Record<string, unknown>;
  createdAt: Date;
  versionNo: number;
}

export type HandlerOutcome =
  | { kind: "delivered"; externalId?: string | null; externalUrl?: string | null; state?: Record<string, unknown> }
  | { kind: "skipped"; reason: string; state?: Record<string, unknown> }
  /** Not finished, nothing wrong: come back later (WeChat still publishing, an earlier delivery still running). */
  | { kind: "wait"; delayMs: number; state?: Record<string, unknown> };

export interface HandlerHelpers {
  /** Persists vendor ids as soon as they exist, so a retry skips finished steps. Also renews the lease. */
  saveState(state: Record<string, unknown>): Promise<void>;
  /**
   * Names the step being worked on (zh-CN, e.g. "查询公众号发布结果"): a failure message says where
   * it failed, and failed attempts are counted per step.
   */
  step?(label: string): void;
  /** True when a newer version or a withdrawal of the same item on the same channel exists. */
  superseded: boolean;
}

export type ChannelHandler = (ctx: ChannelContext, row: DeliveryRow, helpers: HandlerHelpers) => Promise<HandlerOutcome>;

export interface DeliveryProcessorOptions {
  /** Account-level answers (wrong secret, quota used up) pause the whole channel instead of failing the row. */
  pauseFor?: (e: unknown, now: Date) => PauseSpec | null;
  /** Hash of the channel's configuration; a CONFIGURATION pause taken under another one is lifted. */
  configFingerprint?: string;
  /** Called when this process lifts a pause (e.g. to forget a cached configuration error). */
  onPauseLifted?: () => Promise<void>;
}

/** While paused without a time to resume, a held job looks again this often (staff resuming wakes it at once). */
const PAUSE_RECHECK_MS = 5 * 60_000;
const DEFAULT_BACKOFF_MAX_MS = 10 * 60_000;

/** Shown in the console; the vendor detail is kept in the log line. */
export function errorText(e: unknown): string {
  if (isChannelError(e)) return e.message;
  if (e instanceof Error) return `系统错误：${e.message}`;
  return `系统错误：${String(e)}`;
}

/** The problem only: what happens next is added by the processor, which knows. */
export function problemText(e: unknown): string {
  return errorText(e)
    .replace(/[，,]\s*(系统将自动重试|系统将稍后重试|稍后将自动重试|稍后自动重试|稍后将再次查询)[。.]?$/u, "")
    .replace(/[。.]$/u, "");
}

export function retryDelayMs(settings: ChannelContext["settings"], failures: number): number {
  return Math.min(settings.backoffMs * 2 ** Math.max(0, failures - 1), settings.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS);
}

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const toJson = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/**
 * The processor of every channel queue (job data: { deliveryId }, job id = delivery id).
 *
 *  1. Loads the row; a delivered, skipped or failed row is left alone (the guard against double
 *     posting: BullMQ may run a job twice after a crash, the sweeper may add one Redis forgot).
 *  2. Claims it: PENDING → IN_PROGRESS in one conditional UPDATE. A row IN_PROGRESS under a fresh
 *     lease belongs to another run (Redis was emptied and the sweeper re-added its job while the
 *     first run was still going): this job waits until that lease ends.
 *  3. Runs the channel handler, then records the outcome (handleFailure for errors: a pause of
 *     the channel, FAILED, or a retry at a stated time — see there).
 * A paused channel (lib/channels/pause.ts) is checked before the claim: its jobs wait, unclaimed.
 */
export function deliveryProcessor(ctx: ChannelContext, channel: Channel, handler: ChannelHandler, options: DeliveryProcessorOptions = {}) {
  return async (job: Job<{ deliveryId: string }>, token?: string): Promise<unknown> => {
    const id = job.data?.deliveryId ?? job.id;
    if (!id) throw new UnrecoverableError("job without delivery id");
    const { db } = ctx;
    const leaseMs = ctx.settings.lockMs;

    const found = await db.delivery.findUnique({
      where: { id },
      include: { version: { select: { number: true } } },
    });
    if (!found) return { skipped: "delivery row no longer exists" };
    if (found.channel !== channel) throw new UnrecoverableError(`delivery ${id} is for ${found.channel}, not ${channel}`);
    if (found.status === "DELIVERED" || found.status === "SKIPPED" || found.status === "FAILED") {
      return { already: found.status };
    }

    const now = new Date();
    const pause = await activePause(db, channel, { now, configFingerprint: options.configFingerprint, onLifted: options.onPauseLifted });
    if (pause) {
      // Held, not failed: the row keeps its place and says why (pauseChannel wrote the notice).
      const notice = pauseNotice(channel, pause);
      await db.delivery.updateMany({
        where: { id, status: "PENDING", OR: [{ lastError: null }, { lastError: { not: notice } }] },
        data: { lastError: notice },
      });
      const until = pause.resumesAt ? Math.min(pause.resumesAt.getTime() - now.getTime() + 50, PAUSE_RECHECK_MS) : PAUSE_RECHECK_MS;
      return delay(job, token, Math.max(until, 100));
    }
    const claimed = await db.delivery.updateMany({
      where: {
        id,
        OR: [{ status: "PENDING" }, { status: "IN_PROGRESS", updatedAt: { lt: new Date(now.getTime() - leaseMs) } }],
      },
      data: { status: "IN_PROGRESS" },
    });
    if (claimed.count === 0) {
      const again = await db.delivery.findUnique({ where: { id }, select: { status: true, updatedAt: true } });
      if (!again || again.status !== "IN_PROGRESS") return { already: again?.status ?? "missing" };
      const until = again.updatedAt.getTime() + leaseMs + 100;
      return delay(job, token, Math.max(until - Date.now(), 100));
    }

    const row: DeliveryRow = {
      id: found.id,
      itemId: found.itemId,
      versionId: found.versionId,
      channel: found.channel,
      action: found.action,
      status: "IN_PROGRESS",
      attempts: found.attempts,
      state: asObject(found.state),
      createdAt: found.createdAt,
      versionNo: found.version.number,
    };

    let progressed = false;
    let stepLabel = "";
    const helpers: HandlerHelpers = {
      superseded: await isSuperseded(ctx, row),
      async saveState(state) {
        progressed = true;
        row.state = state;
        await db.delivery.update({ where: { id }, data: { state: toJson(state) } });
      },
      step(label) {
        stepLabel = label;
      },
    };

    let outcome: HandlerOutcome;
    try {
      outcome = await handler(ctx, row, helpers);
    } catch (e) {
      return handleFailure(ctx, channel, job, token, row, e, { progressed, stepLabel, options });
    }

    switch (outcome.kind) {
      case "delivered":
        await finish(ctx, id, {
          status: "DELIVERED",
          attempts: 0,
          lastError: null,
          externalId: outcome.externalId ?? null,
          externalUrl: outcome.externalUrl ?? null,
          deliveredAt: new Date(),
          ...(outcome.state ? { state: toJson(outcome.state) } : {}),
        });
        return { delivered: true, externalId: outcome.externalId ?? null };
      case "skipped":
        await finish(ctx, id, {
          status: "SKIPPED",
          lastError: outcome.reason,
          ...(outcome.state ? { state: toJson(outcome.state) } : {}),
        });
        return { skipped: outcome.reason };
      case "wait":
        // A step that answered (a poll, a lookup) ends the count of failures; the error is history.
        await finish(ctx, id, { status: "PENDING", attempts: 0, lastError: null, ...(outcome.state ? { state: toJson(outcome.state) } : {}) });
        return delay(job, token, outcome.delayMs);
    }
  };
}

/**
 * A failed run. Every message says what happens next:
 *  - an account-level answer pauses the channel (held, resumes by itself or after staff fix it);
 *  - a permanent error fails the row (nothing retries; the message says what to fix);
 *  - otherwise the run is tried again at a stated time, up to settings.attempts failures at the
 *    same step (a run that got a step further starts the count again), then waits for a person.
 * Retries are delayed jobs (BullMQ's step-job pattern), so BullMQ's own attempts stay unused.
 */
async function handleFailure(
  ctx: ChannelContext,
  channel: Channel,
  job: Job,
  token: string | undefined,
  row: DeliveryRow,
  e: unknown,
  run: { progressed: boolean; stepLabel: string; options: DeliveryProcessorOptions },
): Promise<never> {
  const { id } = row;
  const now = new Date();
  const where = run.stepLabel ? `${run.stepLabel}：` : "";
  const problem = `${where}${problemText(e)}`;
  ctx.log(`${channel} delivery ${id} (${row.action} v${row.versionNo}) failed: ${problem}${isChannelError(e) && e.vendor ? ` ${JSON.stringify(e.vendor).slice(0, 300)}` : ""}`);

  const pauseSpec = run.options.pauseFor?.(e, now);
  if (pauseSpec) {
    const pause = await pauseChannel(ctx.db, channel, pauseSpec, { configFingerprint: run.options.configFingerprint });
    await finish(ctx, id, { status: "PENDING", lastError: pauseNotice(channel, pause) });
    const until = pause.resumesAt ? Math.min(pause.resumesAt.getTime() - now.getTime() + 50, PAUSE_RECHECK_MS) : PAUSE_RECHECK_MS;
    return delay(job, token, Math.max(until, 100));
  }

  const failures = run.progressed ? 1 : row.attempts + 1;
  if (isPermanentChannelError(e)) {
    const message = `${problem}。系统不会自动重试。`;
    await finish(ctx, id, { status: "FAILED", attempts: failures, lastError: message });
    throw new UnrecoverableError(message);
  }
  const max = ctx.settings.attempts;
  if (failures >= max) {
    const message = `${problem}。已连续失败 ${failures} 次，不再自动重试；请确认对方系统恢复正常后，在信息详情页点击“重试”。`;
    await finish(ctx, id, { status: "FAILED", attempts: failures, lastError: message });
    throw new UnrecoverableError(message);
  }
  const wait = retryDelayMs(ctx.settings, failures);
  const at = formatBeijingTime(new Date(now.getTime() + wait));
  const message = `${problem}。已连续失败 ${failures} 次，将于 ${at} 自动重试（连续失败 ${max} 次后停止）。`;
  await finish(ctx, id, { status: "PENDING", attempts: failures, lastError: message });
  return delay(job, token, wait);
}

async function finish(ctx: ChannelContext, id: string, data: Prisma.DeliveryUpdateInput): Promise<void> {
  await ctx.db.delivery.update({ where: { id }, data });
}

/**
 * Puts the job back as delayed under the same id (so it keeps deduplicating) without using up an
 * attempt — BullMQ's documented "process step jobs" pattern.
 */
async function delay(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/** A newer version or a later withdrawal on this channel makes an UPSERT pointless (or harmful). */
async function isSuperseded(ctx: ChannelContext, row: DeliveryRow): Promise<boolean> {
  if (row.action !== "UPSERT") return false;
  const newer = await ctx.db.delivery.findFirst({
    where: {
      itemId: row.itemId,
      channel: row.channel,
      id: { not: row.id },
      OR: [
        { action: "UPSERT", version: { number: { gt: row.versionNo } } },
        { action: { in: ["DELETE", "TAKEDOWN"] }, createdAt: { gt: row.createdAt } },
      ],
    },
    select: { id: true },
  });
  return newer !== null;
}

/**
 * For DELETE deliveries: earlier UPSERTs of the same item and channel that have not settled yet.
 * A takedown does not queue behind them: an earlier publication never started (nothing reached the
 * vendor) is skipped at once; one already running is waited for (and hurried).
 */
export async function hasUnsettledEarlierUpserts(ctx: ChannelContext, row: DeliveryRow): Promise<boolean> {
  if (row.action === "TAKEDOWN") {
    // Never started = nothing saved from the vendor yet (no draft, no submit intent, no publish_id):
    // attempts alone cannot tell, since a publication being polled has no failures either.
    await ctx.db.$executeRaw`
      UPDATE "Delivery" SET status = 'SKIPPED', "lastError" = '信息已紧急下架，不再推送', "updatedAt" = now()
       WHERE "itemId" = ${row.itemId} AND channel = ${row.channel} AND action = 'UPSERT' AND "createdAt" <= ${row.createdAt}
         AND status = 'PENDING' AND attempts = 0 AND (state IS NULL OR state = 'null'::jsonb OR state = '{}'::jsonb)`;
    await hurryEarlierUpserts(ctx, row);
  }
  const pending = await ctx.db.delivery.findFirst({
    where: {
      itemId: row.itemId,
      channel: row.channel,
      action: "UPSERT",
      createdAt: { lte: row.createdAt },
      id: { not: row.id },
      status: { in: ["PENDING", "IN_PROGRESS"] },
    },
    select: { id: true },
  });
  return pending !== null;
}

/**
 * A publication already under way (e.g. WeChat still publishing, next poll in up to a minute) must
 * settle before its content can be removed: its job jumps to the takedown's priority and, when it is
 * waiting for a later poll, runs now.
 */
async function hurryEarlierUpserts(ctx: ChannelContext, row: DeliveryRow): Promise<void> {
  if (!isChannel(row.channel)) return;
  const running = await ctx.db.delivery.findMany({
    where: { itemId: row.itemId, channel: row.channel, action: "UPSERT", createdAt: { lte: row.createdAt }, id: { not: row.id }, status: { in: ["PENDING", "IN_PROGRESS"] } },
    select: { id: true },
  });
  for (const { id } of running) {
    const job = await ctx.queue(CHANNEL_QUEUES[row.channel]).getJob(id);
    if (!job) continue;
    await job.changePriority({ priority: TAKEDOWN_JOB_PRIORITY }).catch(() => undefined);
    if (await job.isDelayed()) await job.promote().catch(() => undefined);
  }
}
