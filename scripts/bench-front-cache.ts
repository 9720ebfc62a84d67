// Benchmark (not a test) of the production front: for the home page, a catalogue list and an item
// page, in one run on one machine, the same bytes served
//   1. by nginx as a static file (the ceiling),
//   2. by the product through the nginx micro-cache (deploy/nginx/sibaoshan-portal.conf),
//   3. by the product alone (`next start`, its own page cache),
// measured with wrk (Debian's `wrk`; installed as root when missing). Fill a database first with
// `npm run seed:bulk -- --items 100000`.
//
//   npm run bench:front -- [--database-url postgresql://…/sibaoshan_bulk] [--duration 10] [--connections 64]
//                          [--port 3177] [--front-port 3178] [--static-port 3179]
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { startFrontCache } from "./lib/nginx";
import { run, startManaged, stopAll, waitForHttp } from "./lib/processes";
import { buildIsStale } from "./lib/services";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/sibaoshan_bulk" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "64" },
    port: { type: "string", default: "3177" },
    "front-port": { type: "string", default: "3178" },
    "static-port": { type: "string", default: "3179" },
  },
});
const databaseUrl = values["database-url"]!;
const PORT = Number(values.port);
const DURATION = `${Number(values.duration)}s`;
const CONNECTIONS = Number(values.connections);

function ensureWrk(): void {
  if (existsSync("/usr/bin/wrk")) return;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("正在安装 wrk：apt-get install -y wrk");
    spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk"], { stdio: "inherit" });
  }
  if (!existsSync("/usr/bin/wrk")) {
    console.error("缺少 wrk。请以 root 运行：apt-get update && apt-get install -y wrk");
    process.exit(1);
  }
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** wrk's latency text (e.g. `812.00us`, `1.32ms`, `1.01s`) in milliseconds. */
function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as "us" | "ms" | "s" | "m"];
}

function wrk(url: string, duration = DURATION): WrkResult {
  const r = spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${duration}`, "--latency", url], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const out = r.stdout;
  const pick = (re: RegExp) => re.exec(out)?.[1] ?? "";
  const non2xx = Number(pick(/Non-2xx or 3xx responses: (\d+)/) || 0);
  const socketErrors = (pick(/Socket errors: (.*)/).match(/\d+/g) ?? []).reduce((a, b) => a + Number(b), 0);
  return {
    rps: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
    p50: toMs(pick(/^\s+50%\s+(\S+)/m)),
    p99: toMs(pick(/^\s+99%\s+(\S+)/m)),
    errors: non2xx + socketErrors,
  };
}

ensureWrk();
const db = createDb(databaseUrl);
const total = await db.publicItem.count().catch(() => 0);
if (total < 1000) {
  console.error(`数据库 ${databaseUrl} 中只有 ${total} 条公开信息。请先运行：npm run seed:bulk -- --items 100000`);
  process.exit(1);
}
const [sample] = await db.publicItem.findMany({ where: { withdrawnAt: null }, select: { itemId: true }, orderBy: { itemId: "asc" }, skip: Math.floor(total / 2), take: 1 });
const [busiest] = await db.$queryRaw<{ code: string; n: number }[]>`
  SELECT c.code, count(*)::int AS n FROM "PublicItem" p JOIN "Category" c ON c.id = p."categoryId"
   WHERE p."withdrawnAt" IS NULL GROUP BY c.code ORDER BY n DESC LIMIT 1`;
await db.$disconnect();

if (buildIsStale(".next")) await run("npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
const web = startManaged("web", process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: databaseUrl,
  REDIS_PREFIX: `gkbench:front:${process.pid}`,
  PORT: String(PORT),
  PUBLIC_BASE_URL: `http://localhost:${PORT}`,
});
const front = await startFrontCache({ port: Number(values["front-port"]), upstreamPorts: [PORT], staticPort: Number(values["static-port"]) });
try {
  if (!(await waitForHttp(`http://127.0.0.1:${PORT}/`, 60_000, (s) => s === 200))) throw new Error("web process did not answer");
  const pages: [string, string, string][] = [
    ["首页 /", "/", "home"],
    [`目录列表 /catalogue/${busiest.code}（${busiest.n} 条）`, `/catalogue/${busiest.code}`, "list"],
    ["信息页 /items/…", `/items/${sample.itemId}`, "item"],
  ];
  console.log(`前端缓存性能测试：${total} 条公开信息；${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}；nginx worker_processes auto；`);
  console.log(`wrk 2 线程 ${CONNECTIONS} 个连接，每项 ${DURATION}，不压缩；负载生成器、nginx 与 Node 同机；开始时负载 ${os.loadavg()[0].toFixed(1)}。\n`);
  // The static copies are the product's own HTML for those pages, byte for byte (taken before any load).
  const htmlOf = new Map<string, string>();
  for (const [, pagePath, file] of pages) {
    const res = await fetch(`http://127.0.0.1:${PORT}${pagePath}`);
    if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`);
    htmlOf.set(file, await res.text());
    writeFileSync(path.join(front.staticDir, `${file}.html`), htmlOf.get(file)!);
  }
  const rows: string[] = [];
  for (const [label, pagePath, file] of pages) {
    const html = htmlOf.get(file)!;
    const urls = {
      static: `${front.staticUrl}/${file}.html`,
      cache: `${front.url}${pagePath}`,
      alone: `http://127.0.0.1:${PORT}${pagePath}`,
    };
    for (const url of Object.values(urls)) wrk(url, "2s"); // warm
    const r = { static: wrk(urls.static), cache: wrk(urls.cache), alone: wrk(urls.alone) };
    const cell = (x: WrkResult) => `${x.rps.toFixed(0).padStart(7)} /s  p50 ${x.p50.toFixed(2).padStart(6)} ms  p99 ${x.p99.toFixed(2).padStart(7)} ms${x.errors ? `  错误 ${x.errors}` : ""}`;
    rows.push(
      `${label}（${html.length} 字节）\n` +
        `  nginx 静态文件   ${cell(r.static)}\n` +
        `  经前端缓存       ${cell(r.cache)}   = 静态的 ${(r.cache.rps / r.static.rps).toFixed(2)} 倍\n` +
        `  仅 next start    ${cell(r.alone)}   = 静态的 ${(r.alone.rps / r.static.rps).toFixed(2)} 倍`,
    );
    console.log(rows[rows.length - 1]);
  }
  console.log(`\n结束时负载 ${os.loadavg()[0].toFixed(1)}（1 分钟平均）。`);
} finally {
  await front.stop();
  await stopAll([web]);
}
