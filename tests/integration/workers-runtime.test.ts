import { spawn } from "node:child_process";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { readHeartbeats } from "../../lib/health/heartbeat";

describe("the workers process", () => {
  const prefix = `${process.env.REDIS_PREFIX}:rt`;
  const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  afterAll(() => redis.quit());

  it("reports a heartbeat, processes jobs, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
      env: { ...process.env, REDIS_PREFIX: prefix, WORKER_HEARTBEAT_SECONDS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    try {
      await expect.poll(async () => (await readHeartbeats(redis, prefix)).length, { timeout: 30_000 }).toBe(1);
      const [beat] = await readHeartbeats(redis, prefix);
      expect(beat.pid).toBeGreaterThan(0);
      expect(beat.queues).toContain("system");

      const queue = new Queue("system", { connection: redis, prefix });
      const events = new QueueEvents("system", { connection: redis.duplicate(), prefix });
      await events.waitUntilReady();
      const job = await queue.add("ping", {});
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result.pong).toBe(true);
      await queue.close();
      await events.close();
      await (events.opts.connection as Redis).quit?.();

      const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(output).toContain("SIGTERM received");
      expect(await readHeartbeats(redis, prefix)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
