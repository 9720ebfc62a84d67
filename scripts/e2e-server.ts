// The product as the browser tests meet it: a fresh database of the run's own with demo data,
// a Redis prefix of its own, the production build, web + workers + stand-ins. Started by Playwright.
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate";
import { createDb } from "../lib/db/client";
import { seedDemo } from "../lib/seed/seed-demo";
import { buildIsStale } from "./lib/services";
import { run, startManaged, stopAll, type Managed } from "./lib/processes";
import { startManagedStandIns, E2E_STAND_IN_PORTS } from "./lib/stand-ins";

const port = Number(process.env.E2E_PORT || 3100);
const databaseUrl = process.env.E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/gk_e2e";
const prefix = process.env.E2E_REDIS_PREFIX || `gke2e:${Date.now().toString(36)}`;

await dropDatabase(databaseUrl);
await ensureDatabase(databaseUrl);
await migrate(databaseUrl);
const db = createDb(databaseUrl);
await seedDemo(db);
await db.$disconnect();

if (buildIsStale(".next")) await run("npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: databaseUrl,
  REDIS_PREFIX: prefix,
  PORT: String(port),
  PUBLIC_BASE_URL: `http://localhost:${port}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  WORKER_HEARTBEAT_SECONDS: "2",
  // The no-JavaScript test answers the image CAPTCHA with a fixed answer; set here only, never by default.
  // The proof-of-work challenge has no such answer: Chromium solves it, at a lighter difficulty than
  // production's default so a loaded test machine stays within the test timeouts.
  CAPTCHA_TEST_MODE: "1",
  APPLY_POW_COST: "1000",
  APPLY_POW_MAX_COUNTER: "2000",
  // The browser tests are many applicants behind one address (127.0.0.1): per-address quotas are
  // raised here so they do not depend on how many specs ran before; the quotas themselves are
  // tested as attacks in tests/integration (applications-flow, security-hardening).
  APPLY_RATE_LIMIT_PER_HOUR: "200",
  APPLY_RATE_LIMIT_PER_DAY: "200",
  APPLY_FALLBACK_PER_HOUR: "100",
  TRACK_RATE_LIMIT_PER_15MIN: "100",
  DISTRICT_API_BASE_URL: `http://127.0.0.1:${E2E_STAND_IN_PORTS.district}`,
  WECHAT_API_BASE_URL: `http://127.0.0.1:${E2E_STAND_IN_PORTS.wechat}`,
};
const procs: Managed[] = [
  ...startManagedStandIns(env, E2E_STAND_IN_PORTS),
  startManaged("web", process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], env),
  startManaged("workers", process.execPath, ["--import", "tsx", "workers/main.ts"], env),
];
const shutdown = async () => {
  await stopAll(procs);
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
