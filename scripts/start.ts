// `npm start`: prepares the database (create, migrate, demo data), builds when sources changed, and
// runs the web app, the workers process and the channel stand-ins together until Ctrl+C.
import { existsSync } from "node:fs";
import { getEnv } from "../lib/config/env";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { createDb } from "../lib/db/client";
import { seedDemo } from "../lib/seed/seed-demo";
import { seedDemoItems } from "../lib/seed/seed-demo-items";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo-data";
import { ROLE_LABELS } from "../lib/auth/roles";
import { formatStartWarning, publicBaseUrlWarning } from "../lib/config/public-url-check";
import { buildIsStale } from "./lib/services";
import { ensureServices } from "./lib/fresh-machine";
import { run, startManaged, stopAll, waitForHttp, type Managed } from "./lib/processes";
import { standInProcesses, standInEnv } from "./lib/stand-ins";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const env = getEnv();

// On a fresh Debian machine (as root) PostgreSQL and Redis are installed and started here; otherwise
// the exact commands are printed.
const serviceProblem = await ensureServices(env.DATABASE_URL, env.REDIS_URL);
if (serviceProblem) {
  console.error(serviceProblem);
  process.exit(1);
}

await ensureDatabase(env.DATABASE_URL);
const migrated = await migrate(env.DATABASE_URL);
console.log(`数据库迁移完成（新应用 ${migrated.applied.length} 个）。`);
const db = createDb(env.DATABASE_URL);
const seeded = await seedDemo(db);
const demoItems = await seedDemoItems(db);
await db.$disconnect();
console.log(seeded.created ? `已写入演示数据（${seeded.created} 条）。` : "演示数据已就绪。");
if (demoItems) console.log(`已按审核流程生成演示信息 ${demoItems} 条。`);

if (!existsSync("lib/generated/prisma/client.ts")) await run("node", ["scripts/generate-client.mjs"]);
if (buildIsStale(".next")) {
  console.log("正在构建网站（首次约需1至2分钟）…");
  await run("npx", ["next", "build"]);
}

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...standInEnv(),
  NODE_ENV: "production",
  PORT: String(env.PORT),
  NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
  INTERNAL_API_SECRET: env.INTERNAL_API_SECRET,
};
const procs: Managed[] = [
  ...standInProcesses(childEnv),
  startManaged("web", process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(env.PORT)], childEnv),
  startManaged("workers", process.execPath, ["--import", "tsx", "workers/main.ts"], childEnv),
];

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("正在停止…");
  await stopAll(procs);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
for (const p of procs) {
  p.child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[${p.name}] 进程意外退出（${code}），正在停止全部进程。`);
      void shutdown(1);
    }
  });
}

const base = `http://localhost:${env.PORT}`;
const up = await waitForHttp(`${base}/api/health`, 120_000, (s) => s === 200);
console.log("");
console.log(up ? "四宝山街道办事处政务公开平台已启动：" : "网站已启动，但健康检查尚未全部通过（见 /api/health）：");
console.log(`  公众门户      ${base}/`);
console.log(`  工作人员后台  ${base}/console`);
console.log(`  健康检查      ${base}/api/health`);
console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
for (const u of DEMO_USERS) {
  console.log(`  ${u.username.padEnd(11)} ${u.displayName}　${u.roles.map((r) => ROLE_LABELS[r.role]).join("、")}`);
}
const urlWarning = publicBaseUrlWarning(env.PUBLIC_BASE_URL, "production");
if (urlWarning) console.warn(formatStartWarning(urlWarning) + "（本机演示可忽略此警告。）");
console.log("按 Ctrl+C 停止。");
