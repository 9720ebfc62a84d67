import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "../config/env";
import { createRedis } from "../redis/connection";

/** One queue per channel (rate limits and pausing are per queue), plus system jobs. */
export const QUEUE_NAMES = {
  system: "system",
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES] | string;

const globalForQueues = globalThis as unknown as { __queues?: Map<string, Queue>; __queueRedis?: Redis };

/** BullMQ keys share the deployment's prefix with our own keys (REDIS_PREFIX). */
export function bullPrefix(): string {
  return getEnv().REDIS_PREFIX;
}

/** A producer-side queue, created on first use — never at import time (next build imports modules). */
export function getQueue(name: QueueName): Queue {
  globalForQueues.__queues ??= new Map();
  let q = globalForQueues.__queues.get(name);
  if (!q) {
    globalForQueues.__queueRedis ??= createRedis("producer");
    q = new Queue(name, { connection: globalForQueues.__queueRedis, prefix: bullPrefix() });
    globalForQueues.__queues.set(name, q);
  }
  return q;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export async function closeQueues(): Promise<void> {
  for (const q of globalForQueues.__queues?.values() ?? []) await q.close();
  globalForQueues.__queues?.clear();
  if (globalForQueues.__queueRedis) {
    await globalForQueues.__queueRedis.quit().catch(() => undefined);
    globalForQueues.__queueRedis = undefined;
  }
}
