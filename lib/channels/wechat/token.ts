import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { ChannelError } from "../errors";
import { WECHAT_CHANNEL, weChatError } from "./errors";

/**
 * The access token is owned centrally in Redis (docs/channels.md: "Never let every worker fetch its
 * own token"). Fetching a new token from /cgi-bin/token invalidates the previous one after about
 * five minutes, so workers that each fetched their own would keep knocking each other out.
 *
 * Layout under `keyPrefix` (e.g. "gk:wechat:"):
 *   token:<appId>        hash {token, expiresAt, refreshAt}, expiring at expiresAt
 *   token-lock:<appId>   the refresh lock (SET NX PX, released by compare-and-delete)
 *   token-error:<appId>  a cached configuration error (40164, 40125…), so a broken account costs
 *                        one request per `configErrorCacheMs`, not one per queued job
 */

export interface FetchedToken {
  accessToken: string;
  expiresInSec: number;
}

export interface WeChatTokenStore {
  /** A token valid now: from the cache, or fetched by exactly one process while the others wait. */
  get(): Promise<string>;
  /**
   * Drops the cached token only if it is still `badToken`: of 20 jobs that all saw 42001 with the
   * same token, the first invalidates, the rest find a newer token already there.
   */
  invalidate(badToken: string): Promise<boolean>;
  /** Remembers an account configuration error for a while so other jobs fail fast. */
  rememberConfigError(error: ChannelError): Promise<void>;
  /** Forgets the cached token and any cached configuration error (after staff fixed the account). */
  clear(): Promise<void>;
}

export interface CreateWeChatTokenStoreOptions {
  redis: Redis;
  keyPrefix: string;
  appId: string;
  fetchToken: () => Promise<FetchedToken>;
  /** Refresh this long before expiry (default 5 minutes; capped at half the token's lifetime). */
  refreshAheadMs?: number;
  /** Lock lifetime: longer than one token request can take (default 15 s). */
  lockTtlMs?: number;
  /** How long a caller waits for another process's refresh before giving up (default 20 s). */
  lockWaitMs?: number;
  pollIntervalMs?: number;
  /** How long a configuration error is cached (default 60 s). */
  configErrorCacheMs?: number;
}

// Deletes the key only if it still holds our value: a lock that expired and was taken by another
// process must not be released by us (the standard Redis single-instance lock pattern).
const RELEASE_LOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const INVALIDATE_TOKEN = `if redis.call("HGET", KEYS[1], "token") == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createWeChatTokenStore(options: CreateWeChatTokenStoreOptions): WeChatTokenStore {
  const {
    redis,
    keyPrefix,
    appId,
    fetchToken,
    refreshAheadMs = 5 * 60_000,
    lockTtlMs = 15_000,
    lockWaitMs = 20_000,
    pollIntervalMs = 50,
    configErrorCacheMs = 60_000,
  } = options;
  const tokenKey = `${keyPrefix}token:${appId}`;
  const lockKey = `${keyPrefix}token-lock:${appId}`;
  const errorKey = `${keyPrefix}token-error:${appId}`;

  async function readCached(): Promise<{ token: string; expiresAt: number; refreshAt: number } | null> {
    const h = await redis.hgetall(tokenKey);
    if (!h.token) return null;
    return { token: h.token, expiresAt: Number(h.expiresAt), refreshAt: Number(h.refreshAt) };
  }

  async function throwIfConfigError(): Promise<void> {
    const raw = await redis.get(errorKey);
    if (!raw) return;
    const e = JSON.parse(raw) as { code: ChannelError["code"]; message: string; vendor?: ChannelError["vendor"] };
    throw new ChannelError({ channel: WECHAT_CHANNEL, code: e.code, permanent: true, message: e.message, vendor: e.vendor });
  }

  async function refresh(): Promise<string> {
    const fetchedAt = Date.now();
    const fetched = await fetchToken();
    const lifetimeMs = fetched.expiresInSec * 1000;
    const expiresAt = fetchedAt + lifetimeMs;
    const refreshAt = expiresAt - Math.min(refreshAheadMs, lifetimeMs / 2);
    await redis
      .multi()
      .del(tokenKey)
      .hset(tokenKey, { token: fetched.accessToken, expiresAt: String(expiresAt), refreshAt: String(refreshAt) })
      .pexpireat(tokenKey, expiresAt)
      .exec();
    return fetched.accessToken;
  }

  async function rememberConfigError(error: ChannelError): Promise<void> {
    if (!error.permanent) return;
    await redis.set(
      errorKey,
      JSON.stringify({ code: error.code, message: error.message, vendor: error.vendor }),
      "PX",
      configErrorCacheMs,
    );
  }

  async function get(): Promise<string> {
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      await throwIfConfigError();
      const cached = await readCached();
      const now = Date.now();
      if (cached && now < cached.refreshAt) return cached.token;

      const lockValue = randomBytes(16).toString("hex");
      const acquired = await redis.set(lockKey, lockValue, "PX", lockTtlMs, "NX");
      if (acquired === "OK") {
        try {
          // Another process may have refreshed between our read and taking the lock.
          const again = await readCached();
          if (again && Date.now() < again.refreshAt) return again.token;
          await throwIfConfigError();
          return await refresh();
        } catch (e) {
          // A permanent answer to the token request (40164, 40125, 45009…) will not change on retry.
          if (e instanceof ChannelError && e.permanent) await rememberConfigError(e);
          throw e;
        } finally {
          await redis.eval(RELEASE_LOCK, 1, lockKey, lockValue);
        }
      }

      // Someone else is refreshing. A token inside its refresh window is still valid: use it
      // rather than wait.
      if (cached && now < cached.expiresAt - 1000) return cached.token;
      if (Date.now() >= deadline) {
        throw weChatError({
          code: "TIMEOUT",
          permanent: false,
          message: "等待获取公众号 access_token 超时",
        });
      }
      await sleep(pollIntervalMs);
    }
  }

  async function invalidate(badToken: string): Promise<boolean> {
    return (await redis.eval(INVALIDATE_TOKEN, 1, tokenKey, badToken)) === 1;
  }

  async function clear(): Promise<void> {
    await redis.del(tokenKey, errorKey);
  }

  return { get, invalidate, rememberConfigError, clear };
}
