import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { createStorage, type BlobStorage } from "../../lib/attachments/storage";
import { DISTRICT_DEV_CREDENTIALS } from "../../lib/channels/district/contract";
import { addDeliveryJobs, createDeliveries, requeueDeliveries, shanghaiToday, type DeliveryAction } from "../../lib/channels/outbox";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { retryDelivery } from "../../lib/channels/retry-delivery";
import { createDb, type Db } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { startDistrictStandIn, type DistrictStandIn } from "../../stand-ins/district-server";
import { startWeChatStandIn, type WeChatStandIn } from "../../stand-ins/wechat-server";
import { channelDefinitions, startChannelSchedulers } from "../../workers/channels";
import { createChannelContext, type ChannelContext, type ChannelSettings } from "../../workers/channels/context";
import { jobOptions } from "../../workers/channels/sweeper";
import { startRuntime, type Runtime } from "../../workers/runtime";

/**
 * What the channel integration tests share: the real database of the run, stand-ins on port 0,
 * a Redis prefix of the test's own, and the workers either in-process or as a child process.
 */

export const WECHAT_APP = { appId: "wxchanneltest0001", appSecret: "channel-test-secret" };

export const FAST_SETTINGS: ChannelSettings = {
  attempts: 10,
  backoffMs: 100,
  backoffMaxMs: 1_000,
  lockMs: 3_000,
  pollDelayMs: 50,
  pollMaxDelayMs: 400,
  sweepEveryMs: 500,
  sweepAfterMs: 1_500,
  boardExpiryEveryMs: 60_000,
  paper: "A4",
  concurrency: 4,
};

export interface Harness {
  db: Db;
  district: DistrictStandIn;
  wechat: WeChatStandIn;
  storage: BlobStorage;
  storageDir: string;
  prefix: string;
  redisUrl: string;
  close(): Promise<void>;
}

export async function startHarness(options: { redisUrl?: string; name: string }): Promise<Harness> {
  const db = createDb(process.env.DATABASE_URL);
  await seedDemo(db);
  const district = await startDistrictStandIn({ port: 0, keyId: DISTRICT_DEV_CREDENTIALS.keyId, secret: DISTRICT_DEV_CREDENTIALS.secret });
  const wechat = await startWeChatStandIn({ port: 0, ...WECHAT_APP });
  const storageDir = mkdtempSync(path.join(tmpdir(), "gk-channels-"));
  return {
    db,
    district,
    wechat,
    storage: createStorage({ driver: "local", root: storageDir }),
    storageDir,
    prefix: `${process.env.REDIS_PREFIX ?? "gktest"}:${options.name}:${randomBytes(3).toString("hex")}`,
    redisUrl: options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    async close() {
      await district.close();
      await wechat.close();
      await db.$disconnect();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export function channelContext(h: Harness, settings: Partial<ChannelSettings> = {}, timeouts = { district: 1_500, wechat: 1_500 }): ChannelContext {
  return createChannelContext({
    db: h.db,
    storage: h.storage,
    redisUrl: h.redisUrl,
    prefix: h.prefix,
    publicBaseUrl: "http://localhost:3100",
    district: { baseUrl: h.district.url, ...DISTRICT_DEV_CREDENTIALS, timeoutMs: timeouts.district },
    wechat: { baseUrl: h.wechat.url, ...WECHAT_APP, timeoutMs: timeouts.wechat },
    settings: { ...FAST_SETTINGS, ...settings },
    log: () => undefined,
  });
}

/** The workers in this process: the channel queues and the maintenance schedulers. */
export async function startWorkers(h: Harness, ctx: ChannelContext): Promise<{ runtime: Runtime; stop: () => Promise<void> }> {
  let stopSchedulers: () => void = () => undefined;
  const runtime = await startRuntime({
    prefix: h.prefix,
    redisUrl: h.redisUrl,
    heartbeatSeconds: 5,
    definitions: channelDefinitions(ctx),
    onStart: async () => {
      stopSchedulers = await startChannelSchedulers(ctx);
    },
    log: () => undefined,
  });
  return {
    runtime,
    async stop() {
      stopSchedulers();
      await runtime.stop();
    },
  };
}

/** The workers as their own process (workers/main.ts), for crash tests. */
export function spawnWorkers(h: Harness, extraEnv: Record<string, string> = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: h.redisUrl,
      REDIS_PREFIX: h.prefix,
      STORAGE_DIR: h.storageDir,
      PUBLIC_BASE_URL: "http://localhost:3100",
      DISTRICT_API_BASE_URL: h.district.url,
      DISTRICT_API_KEY_ID: DISTRICT_DEV_CREDENTIALS.keyId,
      DISTRICT_API_SECRET: DISTRICT_DEV_CREDENTIALS.secret,
      WECHAT_API_BASE_URL: h.wechat.url,
      WECHAT_APP_ID: WECHAT_APP.appId,
      WECHAT_APP_SECRET: WECHAT_APP.appSecret,
      WECHAT_POLL_DELAY_MS: "50",
      CHANNEL_JOB_LOCK_SECONDS: "2",
      CHANNEL_SWEEP_SECONDS: "1",
      CHANNEL_SWEEP_AFTER_SECONDS: "2",
      WORKER_HEARTBEAT_SECONDS: "1",
      WORKER_CONCURRENCY: "4",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  return Object.assign(child, { output: () => output });
}

let serial = randomInt(0, 40_000);
const year = 2040 + randomInt(0, 50);

export interface TestItem {
  itemId: string;
  versionId: string;
  indexNo: string;
  title: string;
}

/** A published item written straight to the database (the workflow is not under test here). */
export async function createPublishedItem(
  db: Db,
  options: { title?: string; categoryCode?: string; channels?: string[]; bodyHtml?: string } = {},
): Promise<TestItem> {
  const org = await db.organisation.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
  const dept = await db.department.findFirstOrThrow({ where: { organisationId: org.id, code: "shsw" } });
  const category = await db.category.findFirstOrThrow({ where: { organisationId: org.id, code: options.categoryCode ?? "msbz" } });
  const user = await db.user.findFirstOrThrow({ where: { username: "staff2" } });
  serial += 1;
  const indexNo = `${org.creditCode}/${year}-${String(serial).padStart(5, "0")}`;
  const title = options.title ?? `关于临时救助对象的公示（测试${serial}）`;
  const now = new Date();
  const item = await db.item.create({
    data: {
      organisationId: org.id,
      departmentId: dept.id,
      categoryId: category.id,
      state: "PUBLISHED",
      indexNo,
      generatedDate: new Date("2026-03-02T00:00:00Z"),
      publishedVersionNo: 1,
      createdById: user.id,
      firstPublishedAt: now,
      lastPublishedAt: now,
      channels: options.channels ?? ["DISTRICT", "WECHAT", "BOARD"],
      // A 公示期 from today: the end-of-period job runs whenever the workers start.
      postingFrom: shanghaiToday(),
      postingTo: new Date(shanghaiToday().getTime() + 14 * 86_400_000),
      versions: {
        create: {
          number: 1,
          title,
          summary: "经社区初审、街道审核，现将临时救助拟救助对象予以公示。",
          bodyHtml: options.bodyHtml ?? "<p>根据《社会救助暂行办法》有关规定，现将拟救助对象予以公示，公示期内如有异议，请向街道社会事务办公室反映。</p>",
          topic: "民政、扶贫、救灾",
          generatedDate: new Date("2026-03-02T00:00:00Z"),
          createdById: user.id,
          publishedAt: now,
        },
      },
    },
    include: { versions: true },
  });
  return { itemId: item.id, versionId: item.versions[0].id, indexNo, title };
}

/** Adds a new published version (a revision) and returns its id. */
export async function reviseItem(db: Db, item: TestItem, title: string): Promise<string> {
  const current = await db.itemVersion.findFirstOrThrow({ where: { itemId: item.itemId }, orderBy: { number: "desc" } });
  const version = await db.itemVersion.create({
    data: {
      itemId: item.itemId,
      number: current.number + 1,
      title,
      summary: current.summary,
      bodyHtml: `${current.bodyHtml}<p>（已修订）</p>`,
      topic: current.topic,
      generatedDate: current.generatedDate,
      createdById: current.createdById,
      changeNote: "更正公示对象信息",
      publishedAt: new Date(),
    },
  });
  await db.item.update({ where: { id: item.itemId }, data: { publishedVersionNo: version.number, lastPublishedAt: new Date() } });
  return version.id;
}

/** What the lead's publish/withdraw transaction does with the outbox, then the enqueue after commit. */
export async function publishDeliveries(
  db: Db,
  ctx: ChannelContext,
  item: { itemId: string; versionId: string },
  action: DeliveryAction = "UPSERT",
  channels = ["DISTRICT", "WECHAT", "BOARD"],
): Promise<string[]> {
  const ids = await db.$transaction((tx) => createDeliveries(tx, { ...item, action, channels }));
  const rows = await db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, channel: true } });
  await addDeliveryJobs(rows, (name) => ctx.queue(name), jobOptions(ctx));
  return ids;
}

export async function waitForDeliveries(
  db: Db,
  ids: string[],
  timeoutMs: number,
  settled: readonly string[] = ["DELIVERED", "FAILED", "SKIPPED"],
): Promise<{ id: string; status: string; lastError: string | null; channel: string }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, lastError: true, channel: true } });
    if (rows.length === ids.length && rows.every((r) => settled.includes(r.status))) return rows;
    if (Date.now() > deadline) {
      const counts: Record<string, number> = {};
      for (const r of rows) counts[`${r.channel}:${r.status}`] = (counts[`${r.channel}:${r.status}`] ?? 0) + 1;
      throw new Error(`deliveries not settled after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server of the test's own (for tests that empty Redis). */
export async function startOwnRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => 50 });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect().catch(() => undefined);
      if ((await probe.ping()) === "PONG") break;
    } catch {
      if (Date.now() > deadline) throw new Error("own redis-server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await probe.quit();
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Published, not deleted WeChat articles per title. */
export function liveArticlesByTitle(wechat: WeChatStandIn): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of wechat.state().published) {
    if (p.deletedAll) continue;
    for (const t of p.titles) out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

/** Deletes the test's own keys from the shared Redis. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}

/**
 * What the office does with failed rows: press 重试 (as the reviewer) on each, until none is left or
 * `rounds` rounds are spent. Returns the settled rows and the messages of the rows retried.
 */
export async function retryFailedAsStaff(
  db: Db,
  ctx: ChannelContext,
  ids: string[],
  timeoutMs: number,
  rounds = 5,
): Promise<{ rows: Awaited<ReturnType<typeof waitForDeliveries>>; retried: string[] }> {
  const reviewer = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { username: "reviewer" } })).id))!;
  const retried: string[] = [];
  let rows = await waitForDeliveries(db, ids, timeoutMs);
  for (let round = 0; round < rounds && rows.some((r) => r.status === "FAILED"); round++) {
    for (const r of rows.filter((x) => x.status === "FAILED")) {
      retried.push(r.lastError ?? "");
      const row = await retryDelivery(db, { user: reviewer }, r.id);
      await requeueDeliveries([row], (name) => ctx.queue(name));
    }
    rows = await waitForDeliveries(db, ids, timeoutMs);
  }
  return { rows, retried };
}
