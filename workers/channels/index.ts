import type { Job } from "bullmq";
import { getStorage } from "../../lib/attachments/get-storage";
import { getEnv, type Env } from "../../lib/config/env";
import { CHANNEL_MAINTENANCE_QUEUE, CHANNEL_QUEUES } from "../../lib/channels/outbox";
import type { Db } from "../../lib/db/client";
import type { ProcessorDefinition } from "../runtime";
import { handleBoard } from "./board";
import { createChannelContext, type ChannelContext, type ChannelSettings } from "./context";
import { handleDistrict } from "./district";
import { deliveryProcessor } from "./process-delivery";
import { expireBoardPostings, sweepDeliveries } from "./sweeper";
import { handleWeChat } from "./wechat";
import { weChatPauseFor } from "../../lib/channels/wechat/policy";

export { CHANNEL_MAINTENANCE_QUEUE };
const SWEEP_SCHEDULER = "outbox-sweeper";
const EXPIRY_SCHEDULER = "board-posting-expiry";

export function channelSettingsFromEnv(env: Env = getEnv()): ChannelSettings {
  return {
    attempts: 8,
    backoffMs: 2_000,
    backoffMaxMs: 10 * 60_000,
    lockMs: env.CHANNEL_JOB_LOCK_SECONDS * 1000,
    pollDelayMs: env.WECHAT_POLL_DELAY_MS,
    pollMaxDelayMs: 60_000,
    sweepEveryMs: env.CHANNEL_SWEEP_SECONDS * 1000,
    sweepAfterMs: env.CHANNEL_SWEEP_AFTER_SECONDS * 1000,
    boardExpiryEveryMs: env.BOARD_EXPIRY_CHECK_MINUTES * 60_000,
    paper: env.BOARD_SHEET_PAPER,
    concurrency: env.WORKER_CONCURRENCY,
  };
}

export function createChannelContextFromEnv(db: Db, env: Env = getEnv()): ChannelContext {
  return createChannelContext({
    db,
    storage: getStorage(),
    redisUrl: env.REDIS_URL,
    prefix: env.REDIS_PREFIX,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    district: {
      baseUrl: env.DISTRICT_API_BASE_URL,
      keyId: env.DISTRICT_API_KEY_ID,
      secret: env.DISTRICT_API_SECRET,
      timeoutMs: env.DISTRICT_API_TIMEOUT_MS,
    },
    wechat: {
      baseUrl: env.WECHAT_API_BASE_URL,
      appId: env.WECHAT_APP_ID,
      appSecret: env.WECHAT_APP_SECRET,
      timeoutMs: env.WECHAT_API_TIMEOUT_MS,
    },
    settings: channelSettingsFromEnv(env),
  });
}

/** One queue per channel plus the maintenance queue. */
export function channelDefinitions(ctx: ChannelContext): ProcessorDefinition[] {
  const { settings } = ctx;
  // A worker killed mid-job gives the job back after lockMs; our row lease has the same length.
  const options = { lockDuration: settings.lockMs, stalledInterval: settings.lockMs, maxStalledCount: 2 };
  return [
    { queue: CHANNEL_QUEUES.DISTRICT, concurrency: settings.concurrency, options, processor: deliveryProcessor(ctx, "DISTRICT", handleDistrict) },
    {
      queue: CHANNEL_QUEUES.WECHAT,
      concurrency: settings.concurrency,
      options,
      processor: deliveryProcessor(ctx, "WECHAT", handleWeChat, {
        // A wrong secret, a missing IP whitelist entry or a used-up daily quota holds the channel.
        pauseFor: weChatPauseFor,
        configFingerprint: ctx.wechatConfigFingerprint,
        onPauseLifted: () => ctx.wechat.tokens.clear(),
      }),
    },
    // PDF rendering is CPU work: two at a time keep the other queues responsive on a small server.
    { queue: CHANNEL_QUEUES.BOARD, concurrency: Math.min(settings.concurrency, 2), options, processor: deliveryProcessor(ctx, "BOARD", handleBoard) },
    {
      queue: CHANNEL_MAINTENANCE_QUEUE,
      concurrency: 1,
      processor: async (job: Job) => {
        if (job.name === "sweep") return sweepDeliveries(ctx);
        if (job.name === "expire-postings") return expireBoardPostings(ctx);
        throw new Error(`unknown maintenance job ${job.name}`);
      },
    },
  ];
}

/**
 * Registers the repeatable jobs, and keeps them registered: if Redis is emptied the schedulers go
 * with it, and the sweeper is exactly what must survive that. Returns a stop function.
 */
export async function startChannelSchedulers(ctx: ChannelContext): Promise<() => void> {
  const queue = ctx.queue(CHANNEL_MAINTENANCE_QUEUE);
  const ensure = async () => {
    if (!(await queue.getJobScheduler(SWEEP_SCHEDULER))) {
      await queue.upsertJobScheduler(SWEEP_SCHEDULER, { every: ctx.settings.sweepEveryMs }, { name: "sweep", opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
    if (!(await queue.getJobScheduler(EXPIRY_SCHEDULER))) {
      await queue.upsertJobScheduler(
        EXPIRY_SCHEDULER,
        { every: ctx.settings.boardExpiryEveryMs },
        { name: "expire-postings", opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
  };
  await ensure();
  const timer = setInterval(() => {
    ensure().catch((e) => ctx.log(`could not check the channel schedulers: ${(e as Error).message}`));
  }, ctx.settings.sweepEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
