import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { readHeartbeats } from "./heartbeat";
import { publicBaseUrlWarning } from "../config/public-url-check";

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  database: { ok: boolean; latencyMs?: number; error?: string };
  redis: { ok: boolean; latencyMs?: number; error?: string };
  workers: { ok: boolean; instances: number; lastBeat?: string; error?: string };
  /** Whether the public address can reach citizens; a warning only, it does not make the site unhealthy. */
  publicBaseUrl: { ok: boolean; url: string; warning?: string };
}

async function timed<T>(fn: () => Promise<T>, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await Promise.race([
    fn(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)),
  ]);
  return { value, ms: Math.round(performance.now() - started) };
}

export async function checkHealth(deps: {
  db: Db;
  redis: Redis;
  prefix: string;
  timeoutMs?: number;
  /** The configured PUBLIC_BASE_URL and NODE_ENV, checked by publicBaseUrlWarning. */
  publicBaseUrl?: string;
  nodeEnv?: string;
}): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const report: HealthReport = {
    status: "ok",
    checkedAt: new Date().toISOString(),
    database: { ok: false },
    redis: { ok: false },
    workers: { ok: false, instances: 0 },
    publicBaseUrl: { ok: true, url: deps.publicBaseUrl ?? "" },
  };
  const urlWarning = deps.publicBaseUrl === undefined ? null : publicBaseUrlWarning(deps.publicBaseUrl, deps.nodeEnv);
  if (urlWarning) report.publicBaseUrl = { ok: false, url: urlWarning.url, warning: urlWarning.message };
  try {
    const { ms } = await timed(() => deps.db.$queryRaw`SELECT 1`, timeoutMs);
    report.database = { ok: true, latencyMs: ms };
  } catch (e) {
    report.database = { ok: false, error: (e as Error).message.slice(0, 200) };
  }
  try {
    const { ms } = await timed(() => deps.redis.ping(), timeoutMs);
    report.redis = { ok: true, latencyMs: ms };
    const beats = await readHeartbeats(deps.redis, deps.prefix);
    const last = beats.map((b) => b.at).sort().at(-1);
    report.workers = { ok: beats.length > 0, instances: beats.length, lastBeat: last };
  } catch (e) {
    report.redis = { ok: false, error: (e as Error).message.slice(0, 200) };
    report.workers = { ok: false, instances: 0, error: "Redis 不可用，无法读取工作进程心跳" };
  }
  if (!report.database.ok || !report.redis.ok || !report.workers.ok) report.status = "degraded";
  return report;
}
