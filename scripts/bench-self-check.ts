// Benchmark (not a test) of the daily 自查 run over bulk data: wall time of the whole run (every
// published version re-scanned with the scanner and both word lists, links and attachments,
// validity, metadata, columns, home page, WeChat, applications, deadlines, annual report,
// rectifications; results stored), with the time of each part. Fill the database first:
//
//   npm run seed:bulk -- --items 100000
//   npm run bench:self-check -- [--database-url postgresql://…/sibaoshan_bulk] [--runs 2]
//
// Each run replaces the day's stored run in that database (the bulk database, never the demo one
// unless named explicitly).
import os from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { LocalBlobStorage } from "../lib/attachments/storage";
import { runSelfCheck } from "../lib/self-check/run";
import { INDICATORS } from "../lib/self-check/indicators";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/sibaoshan_bulk" },
    runs: { type: "string", default: "2" },
    "storage-dir": { type: "string" },
  },
});
const runs = Math.max(1, Number(values.runs) || 1);
const db = createDb(values["database-url"]);
const dir = values["storage-dir"] ?? mkdtempSync(path.join(os.tmpdir(), "gk-bench-selfcheck-"));
const storage = new LocalBlobStorage(dir);

const published = await db.item.count({ where: { publishedVersionNo: { not: null } } });
const attachments = await db.itemAttachment.count();
console.log(`数据库 ${new URL(values["database-url"]!).pathname.slice(1)}：已公开信息 ${published} 条，附件 ${attachments} 个；CPU ${os.cpus().length} 核，负载 ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}`);

for (let i = 1; i <= runs; i++) {
  const cpu0 = process.cpuUsage();
  const r = await runSelfCheck(db, { storage, trigger: "MANUAL" });
  const cpu = process.cpuUsage(cpu0);
  const parts = Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join("，");
  console.log(
    `第${i}次：用时 ${(r.durationMs / 1000).toFixed(1)} 秒（${parts}；本进程 CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} 秒），扫描 ${r.scannedItems} 条，发现 ${r.findings} 项，内存峰值约 ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
}
const last = await db.selfCheckRun.findFirstOrThrow({ orderBy: { day: "desc" } });
const summary = last.summary as Record<string, { red: number; amber: number; info: number }>;
for (const i of INDICATORS) {
  const s = summary[i.code];
  console.log(`  ${i.label}：单项否决 ${s?.red ?? 0}，需整改 ${s?.amber ?? 0}，待核查 ${s?.info ?? 0}`);
}
await db.$disconnect();
if (!values["storage-dir"]) rmSync(dir, { recursive: true, force: true });
