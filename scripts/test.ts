// `npm test`: the whole suite — type check, the production build, unit and integration tests (vitest, real PostgreSQL in a
// database of the run's own and real Redis under a prefix of its own), then Playwright against a
// production build in Debian's Chromium. Ends with one line: `tests: N passed, N failed`.
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dropDatabase } from "../lib/db/migrate";
import { ensureServices } from "./lib/fresh-machine";
import { ensureNginx } from "./lib/nginx";

const runId = `${Date.now().toString(36)}${process.pid}`;
const outDir = ".local/test-results";
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  TEST_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/gk_test_${runId}`,
  E2E_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/gk_e2e_${runId}`,
  REDIS_PREFIX: `gktest:${runId}`,
  E2E_REDIS_PREFIX: `gke2e:${runId}`,
};

function step(title: string) {
  console.log(`\n=== ${title} ===`);
}

function ensureChromium(): string | null {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  const needFonts = spawnSync("sh", ["-c", "fc-list :lang=zh | grep -q ."]).status !== 0;
  if (existsSync(path) && !needFonts && existsSync("/usr/bin/pdftotext")) return null;
  const cmd = "apt-get install -y chromium fonts-noto-cjk poppler-utils";
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) return `缺少 Chromium 或中文字体。请以 root 运行：apt-get update && ${cmd}`;
  console.log(`正在安装 Chromium、中文字体与 poppler-utils：${cmd}`);
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  const r = spawnSync("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${cmd}`], { stdio: "inherit" });
  return r.status === 0 && existsSync(path) ? null : `安装失败，请手动运行：apt-get update && ${cmd}`;
}

const counts = { passed: 0, failed: 0 };
let broken = false;

function readJson(file: string): any | null {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

step("环境检查");
// Installs and starts PostgreSQL and Redis as root on a fresh Debian machine, or names the commands.
const serviceProblem = await ensureServices("postgresql://postgres@127.0.0.1:5432/postgres", process.env.REDIS_URL || "redis://127.0.0.1:6379");
if (serviceProblem) {
  console.error(serviceProblem);
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
const chromiumProblem = ensureChromium();
if (chromiumProblem) {
  console.error(chromiumProblem);
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
// The front-cache test runs the deployed nginx configuration (deploy/nginx/) in front of the e2e server.
const nginxProblem = ensureNginx();
if (nginxProblem) {
  console.error(nginxProblem);
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
if (!existsSync("lib/generated/prisma/client.ts")) spawnSync("node", ["scripts/generate-client.mjs"], { stdio: "inherit" });

step("类型检查 (tsc --noEmit)");
const tsc = spawnSync("npx", ["tsc", "--noEmit"], { stdio: "inherit", env });
if (tsc.status !== 0) {
  counts.failed += 1;
  broken = true;
  console.error("类型检查未通过。");
} else counts.passed += 1;

step("构建 (next build)");
// Built before the vitest run: the multi-instance integration test starts `next start` processes.
const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
if (build.status !== 0) {
  counts.failed += 1;
  broken = true;
}

step("单元测试与集成测试 (vitest)");
const vitestOut = `${outDir}/vitest.json`;
spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestOut}`], {
  stdio: "inherit",
  env,
});
const v = readJson(vitestOut);
if (v) {
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += (v.numFailedTests ?? 0) + (v.numRuntimeErrors ? 1 : 0);
  // A file that failed to load has no tests counted: count it as a failure.
  for (const f of v.testResults ?? []) if (f.status === "failed" && (f.assertionResults ?? []).length === 0) counts.failed += 1;
} else {
  counts.failed += 1;
  broken = true;
}

if (build.status === 0) {
  step("浏览器测试 (Playwright, Chromium)");
  const pwOut = `${outDir}/playwright.json`;
  spawnSync("npx", ["playwright", "test"], { stdio: "inherit", env: { ...env, PW_JSON_OUTPUT: pwOut } });
  const p = readJson(pwOut);
  if (p?.stats) {
    counts.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    counts.failed += p.stats.unexpected ?? 0;
    if ((p.errors ?? []).length > 0) counts.failed += p.errors.length;
  } else {
    counts.failed += 1;
  }
}

await dropDatabase(env.E2E_DATABASE_URL!).catch(() => undefined);
await dropDatabase(env.TEST_DATABASE_URL!).catch(() => undefined);

const summary = `tests: ${counts.passed} passed, ${counts.failed} failed`;
writeFileSync(`${outDir}/summary.txt`, summary + "\n");
if (broken) console.error("部分测试阶段未能运行，详见上文。");
console.log(`\n${summary}`);
process.exit(counts.failed > 0 ? 1 : 0);
