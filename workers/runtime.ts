import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Worker, type Processor, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import { createRedis } from "../lib/redis/connection";
import { removeHeartbeat, writeHeartbeat, type Heartbeat } from "../lib/health/heartbeat";

export interface ProcessorDefinition {
  queue: string;
  processor: Processor;
  concurrency?: number;
  options?: Partial<WorkerOptions>;
}

export interface RuntimeOptions {
  prefix: string;
  redisUrl: string;
  heartbeatSeconds: number;
  definitions: ProcessorDefinition[];
  /** Called once the workers run (repeatable jobs are registered here). */
  onStart?: (ctx: { connection: Redis }) => Promise<void>;
  /** Called on shutdown before connections close (to close channel clients etc.). */
  onStop?: () => Promise<void>;
  log?: (msg: string) => void;
}

export interface Runtime {
  id: string;
  workers: Worker[];
  stop: () => Promise<void>;
}

/**
 * The workers process: one BullMQ Worker per queue, a heartbeat in Redis that /api/health reads,
 * and a clean stop that lets running jobs finish (Worker.close waits for them).
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((m: string) => console.log(`[workers] ${m}`));
  const connection = createRedis("worker", options.redisUrl);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const workers = options.definitions.map(
    (d) =>
      new Worker(d.queue, d.processor, {
        connection: createRedis("worker", options.redisUrl),
        prefix: options.prefix,
        concurrency: d.concurrency ?? 1,
        ...d.options,
      }),
  );
  for (const w of workers) {
    w.on("failed", (job, err) => log(`job ${job?.id ?? "?"} on ${w.name} failed: ${err.message}`));
    w.on("error", (err) => log(`worker ${w.name} error: ${err.message}`));
  }
  const beat = (): Heartbeat => ({
    id,
    host: hostname(),
    pid: process.pid,
    startedAt,
    at: new Date().toISOString(),
    queues: options.definitions.map((d) => d.queue),
  });
  const ttl = options.heartbeatSeconds * 3;
  await writeHeartbeat(connection, options.prefix, beat(), ttl);
  const timer = setInterval(() => {
    writeHeartbeat(connection, options.prefix, beat(), ttl).catch((e) => log(`heartbeat failed: ${(e as Error).message}`));
  }, options.heartbeatSeconds * 1000);
  await options.onStart?.({ connection });
  log(`started ${id} with queues: ${options.definitions.map((d) => d.queue).join(", ") || "(none)"}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
      await options.onStop?.();
      await removeHeartbeat(connection, options.prefix, id).catch(() => undefined);
      await Promise.all(workers.map((w) => (w.opts.connection as Redis).quit().catch(() => undefined)));
      await connection.quit().catch(() => undefined);
      log(`stopped ${id}`);
    })());
  return { id, workers, stop };
}
