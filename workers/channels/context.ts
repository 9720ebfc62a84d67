import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { BlobStorage } from "../../lib/attachments/storage";
import { createDistrictClient, type DistrictClient } from "../../lib/channels/district/client";
import { createWeChatClient, type WeChatClient } from "../../lib/channels/wechat/client";
import type { Db } from "../../lib/db/client";
import { createRedis } from "../../lib/redis/connection";
import type { Paper } from "../../lib/sheets/layout";

/**
 * Everything the channel processors need, built once per workers process. Tests build their own
 * (stand-ins on port 0, a Redis prefix of their own) through createChannelContext.
 */
export interface ChannelContext {
  db: Db;
  storage: BlobStorage;
  district: DistrictClient;
  wechat: WeChatClient;
  /** Hash of the WeChat settings: a pause taken under other settings is lifted when they change. */
  wechatConfigFingerprint: string;
  /** Producer-side queue (re-enqueue, sweeper, schedulers). */
  queue(name: string): Queue;
  prefix: string;
  publicBaseUrl: string;
  settings: ChannelSettings;
  log(message: string): void;
  close(): Promise<void>;
}

export interface ChannelSettings {
  /** Retry attempts per job (BullMQ attempts). */
  attempts: number;
  /** Base of the exponential backoff between attempts. */
  backoffMs: number;
  /** Longest wait between two attempts (default 10 minutes). */
  backoffMaxMs?: number;
  /** BullMQ lock and our row lease: a dead worker's delivery is taken over after this long. */
  lockMs: number;
  /** First wait before asking WeChat how a publication went; doubles up to pollMaxDelayMs. */
  pollDelayMs: number;
  pollMaxDelayMs: number;
  sweepEveryMs: number;
  /** A delivery untouched this long whose job is missing is enqueued again. */
  sweepAfterMs: number;
  boardExpiryEveryMs: number;
  paper: Paper;
  concurrency: number;
}

export interface CreateChannelContextOptions {
  db: Db;
  storage: BlobStorage;
  redisUrl: string;
  prefix: string;
  publicBaseUrl: string;
  district: { baseUrl: string; keyId: string; secret: string; timeoutMs: number };
  wechat: { baseUrl: string; appId: string; appSecret: string; timeoutMs: number };
  settings: ChannelSettings;
  log?: (message: string) => void;
}

export function createChannelContext(options: CreateChannelContextOptions): ChannelContext {
  const log = options.log ?? ((m: string) => console.log(`[channels] ${m}`));
  // One worker-style connection for the token store and the producer queues of this process:
  // workers must ride out a Redis restart rather than fail fast.
  const redis: Redis = createRedis("worker", options.redisUrl);
  const queues = new Map<string, Queue>();

  const district = createDistrictClient({
    baseUrl: options.district.baseUrl,
    keyId: options.district.keyId,
    secret: options.district.secret,
    timeoutMs: options.district.timeoutMs,
  });
  const wechat = createWeChatClient({
    baseUrl: options.wechat.baseUrl,
    appId: options.wechat.appId,
    appSecret: options.wechat.appSecret,
    timeoutMs: options.wechat.timeoutMs,
    redis,
    keyPrefix: `${options.prefix}:wechat:`,
  });

  return {
    db: options.db,
    storage: options.storage,
    district,
    wechat,
    wechatConfigFingerprint: createHash("sha256")
      .update(`${options.wechat.baseUrl}\n${options.wechat.appId}\n${options.wechat.appSecret}`)
      .digest("hex")
      .slice(0, 16),
    prefix: options.prefix,
    publicBaseUrl: options.publicBaseUrl,
    settings: options.settings,
    log,
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: redis, prefix: options.prefix });
        queues.set(name, q);
      }
      return q;
    },
    async close() {
      for (const q of queues.values()) await q.close().catch(() => undefined);
      queues.clear();
      await redis.quit().catch(() => undefined);
    },
  };
}
