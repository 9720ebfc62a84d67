import { getEnv } from "../config/env";
import { getDb } from "../db/client";
import { syncStalePublicItems } from "../search/sync-public-item";
import { listenForPortalChanges, type ChangeListener } from "./change-listener";

export const REVALIDATE_PATH = "/api/internal/revalidate";
export const INTERNAL_SECRET_HEADER = "x-internal-secret";
/** Further invalidations after a change, for renders that were in flight at the first. */
export const FOLLOW_UP_REVALIDATE_MS = [500, 2_000, 10_000];

const state = globalThis as unknown as { __portalCacheRefresh?: ChangeListener };

/**
 * Started once per web process (instrumentation.ts). When the database reports a change the public
 * can see — whichever process made it: this web instance, another one, the workers' scheduled
 * publishing or a script — it asks its own web process to drop its page cache, through the
 * secret-guarded revalidate route (revalidatePath only works inside a request). Also repairs the
 * portal's read model once at start-up, for items published before it existed.
 */
export function startPortalCacheRefresh(): void {
  if (state.__portalCacheRefresh) return;
  const env = getEnv();
  const origin = () => process.env.__NEXT_PRIVATE_ORIGIN || `http://127.0.0.1:${process.env.PORT || env.PORT}`;
  let inFlight: Promise<void> | undefined;
  let again = false;
  const revalidate = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        const started = new Date();
        const res = await fetch(`${origin()}${REVALIDATE_PATH}`, {
          method: "POST",
          headers: { [INTERNAL_SECRET_HEADER]: env.INTERNAL_API_SECRET },
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) throw new Error(`revalidate answered ${res.status}`);
        void confirmTakedownRefresh(started); // never delays the next refresh
      } while (again);
    })().finally(() => (inFlight = undefined));
    return inFlight;
  };
  // A page render that read the database before the commit but finishes after the invalidation is
  // stored as fresh and would be served until the next change. So the cache is dropped again
  // shortly after each change, once renders in flight have finished (seen under heavy load, when a
  // render takes seconds).
  const followUps = new Map<number, NodeJS.Timeout>();
  const followUp = () => {
    for (const delayMs of FOLLOW_UP_REVALIDATE_MS) {
      clearTimeout(followUps.get(delayMs));
      const timer = setTimeout(() => {
        followUps.delete(delayMs);
        revalidate().catch((e) => console.warn(`[portal-cache] 刷新页面缓存失败：${(e as Error).message}`));
      }, delayMs);
      timer.unref();
      followUps.set(delayMs, timer);
    }
  };
  state.__portalCacheRefresh = listenForPortalChanges({
    connectionString: env.DATABASE_URL,
    onChange: () => {
      followUp();
      return revalidate();
    },
    log: (m) => console.warn(`[portal-cache] ${m}`),
  });
  syncStalePublicItems(getDb())
    .then((n) => n > 0 && console.log(`[portal-cache] 已补建 ${n} 条公开信息索引`))
    .catch((e) => console.warn(`[portal-cache] 补建公开信息索引失败：${(e as Error).message}`));
}

/** 紧急下架 report: a takedown committed before this refresh began is now out of the page cache. */
async function confirmTakedownRefresh(started: Date): Promise<void> {
  await getDb()
    .takedown.updateMany({ where: { cacheRefreshedAt: null, createdAt: { lte: started } }, data: { cacheRefreshedAt: new Date() } })
    .catch((e) => console.warn(`[portal-cache] 下架记录更新失败：${(e as Error).message}`));
}
