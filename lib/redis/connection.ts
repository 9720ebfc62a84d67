import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "../config/env";

/**
 * Producers (the web process) fail fast when Redis is away instead of queueing commands in memory;
 * workers wait and retry (BullMQ "going to production": maxRetriesPerRequest null for workers).
 */
export function createRedis(kind: "producer" | "worker" = "producer", url = getEnv().REDIS_URL): Redis {
  const options: RedisOptions =
    kind === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: false };
  return new Redis(url, options);
}

/** Our own keys (not BullMQ's, which get the same prefix through its `prefix` option). */
export function redisKey(...parts: string[]): string {
  return [getEnv().REDIS_PREFIX, ...parts].join(":");
}

const globalForRedis = globalThis as unknown as { __redis?: Redis };

/** A shared producer connection for the web process, created on first use (never at import time). */
export function getRedis(): Redis {
  if (!globalForRedis.__redis) globalForRedis.__redis = createRedis("producer");
  return globalForRedis.__redis;
}

/** Waits until the connection is ready, or fails after timeoutMs. */
export async function waitForReady(redis: Redis, timeoutMs = 3000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error("Redis not ready"));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}
