// Benchmark (not a test): N published items × 3 channels (district, WeChat, notice boards) through
// the real outbox, queues and workers process, against the stand-ins. Prints throughput and latency
// percentiles. Uses a database and Redis prefix of its own and removes both afterwards.
//
//   npx tsx scripts/bench-channels.ts --n 1000 [--concurrency 4] [--poll-ms 3000] [--keep]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { DISTRICT_DEV_CREDENTIALS } from "../lib/channels/district/contract";
import { CHANNELS, addDeliveryJobs, createDeliveries, shanghaiToday } from "../lib/channels/outbox";
import { getEnv } from "../lib/config/env";
import { readHeartbeats } from "../lib/health/heartbeat";
import { createDb } from "../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate";
import { seedDemo } from "../lib/seed/seed-demo";
import { startDistrictStandIn } from "../stand-ins/district-server";
import { startWeChatStandIn } from "../stand-ins/wechat-server";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "4" },
    "poll-ms": { type: "string", default: "3000" },
    keep: { type: "boolean", default: false },
  },
});
const N = Number(values.n);
const env = getEnv();
const runId = `${Date.now().toString(36)}${process.pid}`;
const baseUrl = new URL(env.DATABASE_URL);
baseUrl.pathname = `/gk_bench_${runId}`;
const databaseUrl = baseUrl.toString();
const prefix = `gkbench:${runId}`;
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-bench-"));
const WECHAT = { appId: "wxbench000000001", appSecret: "bench-secret" };

console.log(`bench: ${N} items × ${CHANNELS.length} channels, WORKER_CONCURRENCY=${values.concurrency}, WECHAT_POLL_DELAY_MS=${values["poll-ms"]}`);
await ensureDatabase(databaseUrl);
await migrate(databaseUrl);
const db = createDb(databaseUrl);
await seedDemo(db);
const district = await startDistrictStandIn({ port: 0, ...DISTRICT_DEV_CREDENTIALS });
const wechat = await startWeChatStandIn({ port: 0, ...WECHAT });

const workers = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: prefix,
    STORAGE_DIR: storageDir,
    PUBLIC_BASE_URL: "http://localhost:3000",
    DISTRICT_API_BASE_URL: district.url,
    WECHAT_API_BASE_URL: wechat.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
    WORKER_CONCURRENCY: values.concurrency,
    WECHAT_POLL_DELAY_MS: values["poll-ms"],
  },
  stdio: ["ignore", "ignore", "inherit"],
});

async function cleanup() {
  if (workers.exitCode === null) {
    workers.kill("SIGTERM");
    await new Promise((r) => workers.once("exit", r));
  }
  await district.close();
  await wechat.close();
  await db.$disconnect();
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
  if (!values.keep) await dropDatabase(databaseUrl);
  rmSync(storageDir, { recursive: true, force: true });
}

try {
  // Items as the workflow leaves them: published, with a 索引号 and one version.
  const org = await db.organisation.findFirstOrThrow();
  const dept = await db.department.findFirstOrThrow({ where: { code: "shsw" } });
  const category = await db.category.findFirstOrThrow({ where: { code: "msbz" } });
  const user = await db.user.findFirstOrThrow({ where: { username: "staff2" } });
  const today = shanghaiToday();
  const body = `<p>${"根据《社会救助暂行办法》有关规定，经社区初审、街道审核、入户调查和民主评议，现将拟救助对象及救助金额予以公示，接受社会监督。".repeat(6)}</p>`;
  const prepared: { itemId: string; versionId: string }[] = [];
  for (let i = 1; i <= N; i++) {
    const item = await db.item.create({
      data: {
        organisationId: org.id,
        departmentId: dept.id,
        categoryId: category.id,
        state: "PUBLISHED",
        indexNo: `${org.creditCode}/2099-${String(i).padStart(5, "0")}`,
        generatedDate: today,
        publishedVersionNo: 1,
        createdById: user.id,
        firstPublishedAt: new Date(),
        lastPublishedAt: new Date(),
        postingFrom: today,
        postingTo: new Date(today.getTime() + 14 * 86_400_000),
        versions: {
          create: {
            number: 1,
            title: `四宝山街道临时救助对象公示（第${i}批）`,
            summary: "现将临时救助拟救助对象予以公示。",
            bodyHtml: body,
            topic: "民政、扶贫、救灾",
            generatedDate: today,
            createdById: user.id,
            publishedAt: new Date(),
          },
        },
      },
      include: { versions: { select: { id: true } } },
    });
    prepared.push({ itemId: item.id, versionId: item.versions[0].id });
  }
  const ids: string[] = [];
  for (const p of prepared) {
    ids.push(...(await db.$transaction((tx) => createDeliveries(tx, { ...p, action: "UPSERT", channels: [...CHANNELS] }))));
  }
  const rows = await db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, channel: true } });

  // Wait for the workers process to be up (its heartbeat) before the burst.
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  for (let waited = 0; (await readHeartbeats(redis, prefix)).length === 0; waited += 200) {
    if (waited > 60_000) throw new Error("workers process did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const queues = new Map<string, Queue>();
  const start = Date.now();
  await addDeliveryJobs(rows, (name) => {
    if (!queues.has(name)) queues.set(name, new Queue(name, { connection: redis, prefix }));
    return queues.get(name)!;
  });
  const enqueuedAt = new Date();
  console.log(`enqueued ${rows.length} deliveries in ${Date.now() - start} ms; waiting…`);

  let lastReport = Date.now();
  for (;;) {
    const open = await db.delivery.count({ where: { id: { in: ids }, status: { in: ["PENDING", "IN_PROGRESS"] } } });
    if (open === 0) break;
    if (Date.now() - lastReport > 10_000) {
      console.log(`  ${ids.length - open}/${ids.length} settled after ${((Date.now() - start) / 1000).toFixed(0)} s`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const done = await db.delivery.findMany({ where: { id: { in: ids } }, select: { channel: true, status: true, deliveredAt: true, updatedAt: true, attempts: true } });
  const finishedAt = Math.max(...done.map((d) => (d.deliveredAt ?? d.updatedAt).getTime()));
  const seconds = (finishedAt - enqueuedAt.getTime()) / 1000;
  for (const q of queues.values()) await q.close();
  await redis.quit();

  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const line = (label: string, list: typeof done) => {
    const lat = list.filter((d) => d.deliveredAt).map((d) => d.deliveredAt!.getTime() - enqueuedAt.getTime()).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const d of list) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
    const s = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
    console.log(
      `${label.padEnd(9)} ${JSON.stringify(statuses).padEnd(22)} p50 ${s(pct(lat, 50))}  p90 ${s(pct(lat, 90))}  p99 ${s(pct(lat, 99))}  max ${s(lat.at(-1))}`,
    );
  };
  console.log(`\n${done.length} deliveries settled in ${seconds.toFixed(1)} s: ${(done.length / seconds).toFixed(1)} deliveries/s, ${(N / seconds).toFixed(1)} items/s`);
  console.log("latency from enqueue (burst of all items at once):");
  for (const c of CHANNELS) line(c, done.filter((d) => d.channel === c));
  line("all", done);
  const held = district.items().length;
  const published = wechat.state().published.length;
  const sheets = await db.boardPosting.count({ where: { sheetKey: { not: null } } });
  console.log(`district holds ${held} items; WeChat published ${published} articles (${wechat.state().counters.tokenRequests} token requests); ${sheets} board tasks with a sheet`);
} finally {
  await cleanup();
}
