/**
 * Fixed-window rate limits in Redis, shared by every web instance. Used to stop floods of
 * online applications and guessing on the tracking page from one address — abuse protection that
 * works on an offline network (no outside service).
 *
 * Subjects (addresses, tracking codes) are hashed into the key, so Redis never holds an
 * applicant's address in the clear.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export interface RateLimitRule {
  /** Short name, part of the key: "apply-hour". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult =
  | { ok: true }
  | { ok: false; rule: RateLimitRule; retryAfterSeconds: number };

export interface RateLimitOptions {
  prefix: string;
  now?: number;
}

function keyFor(rule: RateLimitRule, subject: string, nowSeconds: number, prefix: string) {
  const window = Math.floor(nowSeconds / rule.windowSeconds);
  const hashed = createHash("sha256").update(subject).digest("hex").slice(0, 32);
  return {
    key: `${prefix}:rl:${rule.name}:${hashed}:${window}`,
    retryAfterSeconds: (window + 1) * rule.windowSeconds - nowSeconds,
  };
}

/** Counts one hit against every rule; refuses when any rule is already over its limit. */
export async function hitRateLimit(
  redis: Redis,
  subject: string,
  rules: readonly RateLimitRule[],
  options: RateLimitOptions,
): Promise<RateLimitResult> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const multi = redis.multi();
  const keys = rules.map((r) => keyFor(r, subject, now, options.prefix));
  keys.forEach((k, i) => multi.incr(k.key).expire(k.key, rules[i].windowSeconds + 1));
  const replies = (await multi.exec()) ?? [];
  for (let i = 0; i < rules.length; i++) {
    const [err, count] = replies[i * 2] ?? [];
    if (err) throw err;
    if (Number(count) > rules[i].limit) return { ok: false, rule: rules[i], retryAfterSeconds: keys[i].retryAfterSeconds };
  }
  return { ok: true };
}

/** Whether every rule still has room, without counting a hit (e.g. before stored submissions). */
export async function checkRateLimit(
  redis: Redis,
  subject: string,
  rules: readonly RateLimitRule[],
  options: RateLimitOptions,
): Promise<RateLimitResult> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const keys = rules.map((r) => keyFor(r, subject, now, options.prefix));
  const counts = keys.length ? await redis.mget(...keys.map((k) => k.key)) : [];
  for (let i = 0; i < rules.length; i++) {
    if (Number(counts[i] ?? 0) >= rules[i].limit) return { ok: false, rule: rules[i], retryAfterSeconds: keys[i].retryAfterSeconds };
  }
  return { ok: true };
}

/** Counts a hit without checking (e.g. after an application was stored). */
export async function countRateLimit(
  redis: Redis,
  subject: string,
  rules: readonly RateLimitRule[],
  options: RateLimitOptions,
): Promise<void> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const multi = redis.multi();
  for (const r of rules) {
    const k = keyFor(r, subject, now, options.prefix);
    multi.incr(k.key).expire(k.key, r.windowSeconds + 1);
  }
  await multi.exec();
}

/** "3分钟" / "2小时" for messages. */
export function formatRetryAfter(seconds: number): string {
  if (seconds >= 3600) return `${Math.ceil(seconds / 3600)}小时`;
  return `${Math.max(1, Math.ceil(seconds / 60))}分钟`;
}
