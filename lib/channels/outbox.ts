import { getDb, type Db, type Prisma } from "../db/client";
import type { JobsOptions, Queue } from "bullmq";
import { DEFAULT_JOB_OPTIONS, getQueue } from "../queues/queues";

/**
 * The outbox (docs: architecture "Publishing: the outbox"). Publishing, revising and withdrawing
 * write Delivery rows in the same transaction as the state change; after commit each row becomes a
 * job whose id is the row's id. The database is the record: if Redis loses the job, the sweeper
 * (workers/channels/sweeper.ts) enqueues it again, and a processor never delivers a row twice.
 */

export const CHANNELS = ["DISTRICT", "WECHAT", "BOARD"] as const;
export type Channel = (typeof CHANNELS)[number];
/** TAKEDOWN (紧急下架) removes like DELETE, but runs ahead of ordinary work and marks board tasks urgent. */
export type DeliveryAction = "UPSERT" | "DELETE" | "TAKEDOWN";

/** Removal actions: the content must leave the channel. */
export const isRemoval = (action: string) => action === "DELETE" || action === "TAKEDOWN";

/**
 * BullMQ job priority (lower runs first; a job without priority would run before all prioritised
 * ones, so every delivery job gets one): takedowns overtake every waiting publication.
 */
export const TAKEDOWN_JOB_PRIORITY = 1;
export const ORDINARY_JOB_PRIORITY = 10;
export const jobPriority = (action?: string) => (action === "TAKEDOWN" ? TAKEDOWN_JOB_PRIORITY : ORDINARY_JOB_PRIORITY);

export const CHANNEL_LABELS: Record<Channel, string> = {
  DISTRICT: "区政府信息公开系统",
  WECHAT: "微信公众号",
  BOARD: "政务公开栏",
};

/** One queue per channel: rate limits, pausing and backoff are per queue. */
export const CHANNEL_QUEUES: Record<Channel, string> = {
  DISTRICT: "deliver-district",
  WECHAT: "deliver-wechat",
  BOARD: "deliver-board",
};

const ENQUEUE_TIMEOUT_MS = 3_000;

/** The outbox sweeper and the end-of-公示期 check run on this queue. */
export const CHANNEL_MAINTENANCE_QUEUE = "channels-maintenance";

/** Days a sheet stays on a board when the item has no 公示期 of its own (boards fill up). */
export const DEFAULT_POSTING_DAYS = 30;

export type OutboxTx = Prisma.TransactionClient;

export interface CreateDeliveriesInput {
  itemId: string;
  versionId: string;
  action: DeliveryAction;
  /** Channel names as stored on Item.channels; unknown names are ignored, case does not matter. */
  channels: readonly string[];
  /** TAKEDOWN: the reason, written on the boards' urgent take-down tasks. */
  reason?: string;
}

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function normaliseChannels(channels: readonly string[]): Channel[] {
  const out: Channel[] = [];
  for (const raw of channels) {
    const c = raw.trim().toUpperCase();
    if (isChannel(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * Writes the delivery rows (PENDING) for one published version, inside the caller's transaction.
 * Rows that already exist (same version × channel × action) are kept as they are, so calling this
 * twice is harmless. Returns the ids of all requested rows, new or existing, for enqueueDeliveries.
 *
 * BOARD also gets its print-queue tasks here, so the queue is right the moment the transaction
 * commits, even before a worker has rendered anything:
 *  - UPSERT: a POST task for this version on each of the item's boards (its own choice, or its
 *    category's defaults). On a revision, sheets of earlier versions that are on a board get a
 *    TAKE_DOWN task (replace-and-take-down), and earlier POST tasks not yet posted are cancelled.
 *  - DELETE: a TAKE_DOWN task on every board showing the item; POST tasks not yet posted are cancelled.
 */
export async function createDeliveries(tx: OutboxTx, input: CreateDeliveriesInput): Promise<string[]> {
  const channels = normaliseChannels(input.channels);
  if (channels.length === 0) return [];
  if (input.action !== "UPSERT" && !isRemoval(input.action)) throw new Error(`unknown delivery action ${String(input.action)}`);

  const version = await tx.itemVersion.findUnique({
    where: { id: input.versionId },
    select: { id: true, itemId: true, number: true },
  });
  if (!version || version.itemId !== input.itemId) {
    throw new Error(`version ${input.versionId} does not belong to item ${input.itemId}`);
  }

  await tx.delivery.createMany({
    data: channels.map((channel) => ({
      itemId: input.itemId,
      versionId: input.versionId,
      channel,
      action: input.action,
    })),
    skipDuplicates: true,
  });

  if (channels.includes("BOARD")) {
    if (input.action === "UPSERT") await queueBoardPosts(tx, input.itemId, version.number);
    else if (input.action === "TAKEDOWN") await queueBoardTakeDowns(tx, input.itemId, { reason: `紧急下架：${input.reason ?? ""}`.slice(0, 500), urgent: true });
    else await queueBoardTakeDowns(tx, input.itemId, { reason: "信息已撤回" });
  }

  const rows = await tx.delivery.findMany({
    where: { versionId: input.versionId, action: input.action, channel: { in: channels } },
    select: { id: true, channel: true },
  });
  const order = (c: string) => channels.indexOf(c as Channel);
  return rows.sort((a, b) => order(a.channel) - order(b.channel)).map((r) => r.id);
}

/** The boards an item goes on: its own choice, else the defaults of its category (or the nearest parent's). */
export async function boardsForItem(tx: OutboxTx, itemId: string): Promise<string[]> {
  const chosen = await tx.itemBoard.findMany({
    where: { itemId, board: { active: true } },
    select: { boardId: true },
  });
  if (chosen.length > 0) return chosen.map((c) => c.boardId);

  const item = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { categoryId: true } });
  let categoryId: string | null = item.categoryId;
  // A child category without defaults of its own inherits its parent's (depth is small, guard anyway).
  for (let depth = 0; categoryId && depth < 8; depth++) {
    const defaults = await tx.boardCategoryDefault.findMany({
      where: { categoryId, board: { active: true } },
      select: { boardId: true },
    });
    if (defaults.length > 0) return defaults.map((d) => d.boardId);
    const category: { parentId: string | null } | null = await tx.category.findUnique({
      where: { id: categoryId },
      select: { parentId: true },
    });
    categoryId = category?.parentId ?? null;
  }
  return [];
}

/** Today in the office's time zone, as a date-only value (stored in @db.Date columns). */
export function shanghaiToday(now = new Date()): Date {
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
  return new Date(`${ymd}T00:00:00Z`);
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

async function queueBoardPosts(tx: OutboxTx, itemId: string, versionNo: number): Promise<void> {
  const item = await tx.item.findUniqueOrThrow({
    where: { id: itemId },
    select: { postingFrom: true, postingTo: true },
  });
  const from = item.postingFrom ?? shanghaiToday();
  const to = item.postingTo && item.postingTo >= from ? item.postingTo : addDays(from, DEFAULT_POSTING_DAYS);
  const boardIds = await boardsForItem(tx, itemId);

  if (boardIds.length > 0) {
    await tx.boardPosting.createMany({
      data: boardIds.map((boardId) => ({
        boardId,
        itemId,
        versionNo,
        task: "POST",
        postingFrom: from,
        postingTo: to,
      })),
      skipDuplicates: true,
    });
  }

  // Replace-and-take-down: a sheet of an earlier version still on a board must come off.
  await queueBoardTakeDowns(tx, itemId, { beforeVersion: versionNo, reason: "信息已修订，更换为新版本" });
}

async function queueBoardTakeDowns(
  tx: OutboxTx,
  itemId: string,
  options: { beforeVersion?: number; reason: string; urgent?: boolean },
): Promise<void> {
  const versionFilter = options.beforeVersion === undefined ? {} : { versionNo: { lt: options.beforeVersion } };
  // A sheet never posted needs no take-down: cancelling the print task is enough.
  await tx.boardPosting.updateMany({
    where: { itemId, task: "POST", status: "PENDING", ...versionFilter },
    data: { status: "CANCELLED", reason: options.reason },
  });
  const posted = await tx.boardPosting.findMany({
    where: { itemId, task: "POST", status: "DONE", ...versionFilter },
    select: { boardId: true, versionNo: true },
  });
  if (posted.length === 0) return;
  // 紧急下架: a take-down already waiting (withdrawal, end of 公示期) becomes urgent too.
  if (options.urgent) {
    await tx.boardPosting.updateMany({
      where: { itemId, task: "TAKE_DOWN", status: "PENDING" },
      data: { urgent: true, reason: options.reason },
    });
  }
  await tx.boardPosting.createMany({
    data: posted.map((p) => ({
      boardId: p.boardId,
      itemId,
      versionNo: p.versionNo,
      task: "TAKE_DOWN",
      reason: options.reason,
      urgent: options.urgent ?? false,
    })),
    // An existing TAKE_DOWN (end of 公示期, an earlier revision) already covers that sheet.
    skipDuplicates: true,
  });
}

/**
 * After commit: one job per delivery on its channel's queue, with the row's id as job id (BullMQ
 * ignores a second add with the same id while the first job exists). Never throws: if Redis is
 * away the rows stay PENDING and the sweeper enqueues them once it is back.
 */
export async function enqueueDeliveries(ids: readonly string[], options: { db?: Db } = {}): Promise<void> {
  if (ids.length === 0) return;
  try {
    const db = options.db ?? getDb();
    const rows = await db.delivery.findMany({ where: { id: { in: [...ids] } }, select: { id: true, channel: true, action: true } });
    await withinEnqueueTimeout(addDeliveryJobs(rows));
  } catch (e) {
    console.error(`[outbox] could not enqueue ${ids.length} deliveries, the sweeper will pick them up: ${(e as Error).message}`);
  }
}

/** Adds the jobs; throws on Redis errors (enqueueDeliveries and the sweeper decide what that means). */
export async function addDeliveryJobs(
  rows: readonly { id: string; channel: string; action?: string }[],
  queueFor: (name: string) => Pick<Queue, "addBulk"> = getQueue,
  jobOptions: JobsOptions = {},
): Promise<void> {
  const byQueue = new Map<string, { id: string; action?: string }[]>();
  for (const r of rows) {
    if (!isChannel(r.channel)) continue;
    const q = CHANNEL_QUEUES[r.channel];
    byQueue.set(q, [...(byQueue.get(q) ?? []), r]);
  }
  for (const [queue, list] of byQueue) {
    await queueFor(queue).addBulk(
      list.map((r) => ({
        name: "deliver",
        data: { deliveryId: r.id },
        opts: { ...DEFAULT_JOB_OPTIONS, priority: jobPriority(r.action), ...jobOptions, jobId: r.id },
      })),
    );
  }
}

/**
 * For rows put back to PENDING by staff (retry): a finished job under the same id would make BullMQ
 * ignore the new one, so it is removed first. Never throws; the sweeper is the fallback.
 */
export async function requeueDeliveries(
  rows: readonly { id: string; channel: string; action?: string }[],
  queueFor: (name: string) => Queue = getQueue,
): Promise<void> {
  try {
    await withinEnqueueTimeout(
      (async () => {
        for (const r of rows) {
          if (!isChannel(r.channel)) continue;
          const job = await queueFor(CHANNEL_QUEUES[r.channel]).getJob(r.id);
          const state = job ? await job.getState() : "missing";
          if (job && (state === "failed" || state === "completed")) await job.remove();
        }
        await addDeliveryJobs(rows, queueFor);
      })(),
    );
  } catch (e) {
    console.error(`[outbox] could not re-enqueue ${rows.length} deliveries, the sweeper will pick them up: ${(e as Error).message}`);
  }
}

/** BullMQ waits for a connection that is not there; the staff member must not wait with it. */
async function withinEnqueueTimeout<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
