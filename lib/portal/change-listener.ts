import pg from "pg";

export const PORTAL_CHANNEL = "portal_changed";

export interface ChangeListener {
  stop(): Promise<void>;
  /** True while the LISTEN connection is up (tests wait for it). */
  readonly connected: boolean;
}

/**
 * Listens for the database's `portal_changed` notifications (sent by triggers on PublicItem,
 * Organisation, Department, Category and Setting at commit) and calls `onChange` once per burst.
 * After a lost connection it reconnects with backoff and calls `onChange` again, since
 * notifications sent meanwhile are gone.
 */
export function listenForPortalChanges(options: {
  connectionString: string;
  onChange: (reasons: string[]) => void | Promise<void>;
  debounceMs?: number;
  log?: (message: string) => void;
}): ChangeListener {
  const log = options.log ?? (() => undefined);
  const debounceMs = options.debounceMs ?? 25;
  let client: pg.Client | undefined;
  let connected = false;
  let stopped = false;
  let retryDelay = 1000;
  let retryTimer: NodeJS.Timeout | undefined;
  let debounceTimer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();

  const fire = (reason: string) => {
    pending.add(reason);
    if (debounceTimer) return;
    debounceTimer = setTimeout(() => {
      debounceTimer = undefined;
      const reasons = [...pending];
      pending.clear();
      Promise.resolve(options.onChange(reasons)).catch((e) => log(`刷新页面缓存失败：${(e as Error).message}`));
    }, debounceMs);
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect(true);
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30_000);
  };

  const connect = async (isReconnect: boolean) => {
    const c = new pg.Client({ connectionString: options.connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    client = c;
    c.on("notification", (n) => fire(n.payload || n.channel));
    c.on("error", (e) => log(`缓存刷新监听连接出错：${e.message}`));
    c.on("end", () => {
      connected = false;
      if (!stopped) scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${PORTAL_CHANNEL}`);
      if (stopped) return void (await c.end().catch(() => undefined));
      connected = true;
      retryDelay = 1000;
      if (isReconnect) fire("reconnected");
    } catch (e) {
      log(`无法监听数据库变更（${(e as Error).message}），稍后重试`);
      await c.end().catch(() => undefined);
      scheduleReconnect();
    }
  };

  void connect(false);
  return {
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(debounceTimer);
      connected = false;
      await client?.end().catch(() => undefined);
    },
  };
}
