// Benchmark (not a test) of the public portal over bulk data: requests/s and latency percentiles for
// the home page, a catalogue list and an item page under concurrent load (a production build served
// by `next start`), and search latency percentiles over the whole read model. Fill the database
// first with `npm run seed:bulk -- --items 100000`.
//
//   npm run bench:portal -- [--database-url postgresql://…/sibaoshan_bulk] [--duration 10] [--connections 32]
//                           [--port 3300] [--skip-http] [--skip-search] [--rounds 20]
//
// The load generator runs on the same machine as the server and takes CPU from it: the numbers are
// a floor for a dedicated web host.
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { searchPublicItems } from "../lib/search/search-public-items";
import { buildIsStale } from "./lib/services";
import { run, startManaged, stopAll, waitForHttp } from "./lib/processes";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/sibaoshan_bulk" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    port: { type: "string", default: "3300" },
    rounds: { type: "string", default: "20" },
    "skip-http": { type: "boolean", default: false },
    "skip-search": { type: "boolean", default: false },
  },
});
const databaseUrl = values["database-url"]!;
const DURATION_MS = Number(values.duration) * 1000;
const CONNECTIONS = Number(values.connections);
const PORT = Number(values.port);

const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(7) : "      –");

interface LoadResult {
  name: string;
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
}

/** Keeps `connections` keep-alive requests in flight for `durationMs`; paths are drawn from `paths`. */
async function load(name: string, paths: string[], durationMs: number, connections: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let failures = 0;
  let i = 0;
  const deadline = Date.now() + durationMs;
  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: "127.0.0.1", port: PORT, path, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - started);
          if (res.statusCode !== 200) failures++;
          resolve();
        });
      });
      req.on("error", () => {
        failures++;
        resolve();
      });
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await once(paths[i++ % paths.length]);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    path: paths.length === 1 ? paths[0] : `${paths.length} 个不同地址`,
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failures,
  };
}

const db = createDb(databaseUrl);
const total = await db.publicItem.count();
if (total < 1000) {
  console.error(`数据库 ${databaseUrl} 中只有 ${total} 条公开信息。请先运行：npm run seed:bulk -- --items 100000`);
  process.exit(1);
}
console.log(`门户性能测试：${total} 条公开信息；${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}；Node ${process.version}`);

// Queries a citizen would type, from rare to very common, plus the cases.
const QUERIES = [
  "2017年度报告", "信息公开", "四宝山", "宝山", "低保", "预算", "三公经费", "安全生产", "老旧小区改造", "柳杭社区",
  "北石社区加装电梯", "招聘网格员", "防汛", "临时救助", "财务公开", "社区", "公示", "2024年部门决算", "燃气安全", "山街",
];

if (!values["skip-search"]) {
  const rounds = Number(values.rounds);
  for (const q of QUERIES) await searchPublicItems(db, { q }); // warm caches and the segmenter
  const all: number[] = [];
  const perQuery = new Map<string, { times: number[]; total: number; approximate: boolean; mode: string }>();
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const t0 = performance.now();
      const res = await searchPublicItems(db, { q, page: 1 + (r % 3) });
      const t = performance.now() - t0;
      all.push(t);
      const entry = perQuery.get(q) ?? { times: [], total: res.total, approximate: res.approximate, mode: res.mode };
      entry.times.push(t);
      perQuery.set(q, entry);
    }
  }
  all.sort((a, b) => a - b);
  console.log(`\n搜索（进程内调用 searchPublicItems，${QUERIES.length} 个查询 × ${rounds} 轮，第1–3页）`);
  console.log("  查询                 结果数        p50 (ms)");
  for (const [q, e] of perQuery) {
    e.times.sort((a, b) => a - b);
    const count = `${e.approximate ? "约" : ""}${e.total}${e.mode === "substring" ? "（子串）" : ""}`;
    console.log(`  ${q.padEnd(12, "　")} ${count.padStart(12)} ${ms(percentile(e.times, 0.5))}`);
  }
  console.log(`  全部 ${all.length} 次：p50 ${ms(percentile(all, 0.5))} ms  p95 ${ms(percentile(all, 0.95))} ms  p99 ${ms(percentile(all, 0.99))} ms  max ${ms(all[all.length - 1])} ms`);
}

if (!values["skip-http"]) {
  const sample = await db.publicItem.findMany({ where: { withdrawnAt: null }, select: { itemId: true }, orderBy: { itemId: "asc" }, skip: Math.floor(total / 2), take: 1 });
  const randomItems = (
    await db.$queryRaw<{ itemId: string }[]>`SELECT "itemId" FROM "PublicItem" WHERE "withdrawnAt" IS NULL ORDER BY md5("itemId") LIMIT 2000`
  ).map((r) => `/items/${r.itemId}`);
  const busiest = await db.$queryRaw<{ code: string; n: number }[]>`
    SELECT c.code, count(*)::int AS n FROM "PublicItem" p JOIN "Category" c ON c.id = p."categoryId"
     WHERE p."withdrawnAt" IS NULL GROUP BY c.code ORDER BY n DESC LIMIT 1`;
  await db.$disconnect();

  if (buildIsStale(".next")) await run("npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  const web = startManaged("web", process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `gkbench:portal:${process.pid}`,
    PORT: String(PORT),
    PUBLIC_BASE_URL: `http://localhost:${PORT}`,
  });
  try {
    if (!(await waitForHttp(`http://127.0.0.1:${PORT}/`, 60_000, (s) => s === 200))) throw new Error("web process did not answer");
    const targets: [string, string[]][] = [
      ["首页", ["/"]],
      [`目录列表（${busiest[0].code}，${busiest[0].n} 条）`, [`/catalogue/${busiest[0].code}`]],
      ["目录列表第 20 页", [`/catalogue/${busiest[0].code}/page-20`]],
      ["信息页", [`/items/${sample[0].itemId}`]],
      ["信息页（2000 条轮换，首次未缓存）", randomItems],
      ["搜索结果页（低保）", [`/search?q=${encodeURIComponent("低保")}`]],
    ];
    const results: LoadResult[] = [];
    for (const [name, paths] of targets) {
      if (paths.length === 1) await load(name, paths, 2000, 4); // warm the page cache
      results.push(await load(name, paths, DURATION_MS, CONNECTIONS));
    }
    console.log(`\nHTTP（next start，${CONNECTIONS} 个并发连接，每项 ${DURATION_MS / 1000} 秒；负载生成器与服务器同机）`);
    console.log("  页面                                  请求/秒    p50 (ms)  p95 (ms)  p99 (ms)   请求数  失败");
    for (const r of results) {
      console.log(`  ${r.name.padEnd(28, "　")} ${r.rps.toFixed(0).padStart(8)} ${ms(r.p50)}   ${ms(r.p95)}   ${ms(r.p99)} ${String(r.requests).padStart(8)} ${String(r.failures).padStart(5)}`);
    }
  } finally {
    await stopAll([web]);
  }
} else {
  await db.$disconnect();
}
