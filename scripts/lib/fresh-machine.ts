// `npm start` and `npm test` on a fresh Debian/Ubuntu machine: when PostgreSQL or Redis (on this
// machine) do not answer, install them from the distribution and start them as root — the way the
// test script installs Chromium — or print the exact commands to run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { postgresAnswers, redisAnswers } from "./services";

export interface MachineFacts {
  isRoot: boolean;
  hasApt: boolean;
  /** PostgreSQL versions with a `main` cluster (/etc/postgresql/<v>/main). */
  pgClusters: string[];
  hasRedisServer: boolean;
  postgresUp: boolean;
  redisUp: boolean;
  /** The URLs point at this machine (127.0.0.1 / localhost): only then is anything installed or started. */
  postgresLocal: boolean;
  redisLocal: boolean;
}

export interface Step {
  title: string;
  cmd: string;
}

const PG_VERSION = "$(ls /etc/postgresql | sort -V | tail -1)";
// A cluster this script installed gets password-less access for `postgres` from this machine only,
// as the default DATABASE_URL (postgresql://postgres@127.0.0.1:5432/…) expects.
const PG_TRUST =
  `sed -i '1i host all postgres 127.0.0.1/32 trust\\nhost all postgres ::1/128 trust' /etc/postgresql/${PG_VERSION}/main/pg_hba.conf`;
// The package's own scripts may already have started the cluster: reload it then (picks up the above).
const PG_START =
  `if pg_ctlcluster ${PG_VERSION} main status >/dev/null 2>&1; then pg_ctlcluster --skip-systemctl-redirect ${PG_VERSION} main reload; ` +
  `else pg_ctlcluster --skip-systemctl-redirect ${PG_VERSION} main start; fi`;
const REDIS_START =
  'redis-cli -p 6379 ping >/dev/null 2>&1 || { mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 ' +
  '--port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/sibaoshan.log; }';

/** What to run to get PostgreSQL and Redis answering, in order. Pure: decided from the facts only. */
export function planServices(f: MachineFacts): { steps: Step[]; problems: string[] } {
  const steps: Step[] = [];
  const problems: string[] = [];
  const install: string[] = [];
  if (!f.postgresUp) {
    if (!f.postgresLocal) problems.push("PostgreSQL（DATABASE_URL 指向其他主机）不可连接，请检查该服务器。");
    else if (f.pgClusters.length === 0) install.push("postgresql");
  }
  if (!f.redisUp) {
    if (!f.redisLocal) problems.push("Redis（REDIS_URL 指向其他主机）不可连接，请检查该服务器。");
    else if (!f.hasRedisServer) install.push("redis-server");
  }
  if (install.length) {
    steps.push({ title: "更新软件包索引", cmd: "apt-get update -qq" });
    steps.push({ title: `安装 ${install.join("、")}`, cmd: `DEBIAN_FRONTEND=noninteractive apt-get install -y ${install.join(" ")}` });
  }
  if (!f.postgresUp && f.postgresLocal) {
    if (install.includes("postgresql")) steps.push({ title: "允许本机以 postgres 用户免密连接", cmd: PG_TRUST });
    steps.push({ title: "启动 PostgreSQL", cmd: PG_START });
  }
  if (!f.redisUp && f.redisLocal) steps.push({ title: "启动 Redis", cmd: REDIS_START });
  return { steps, problems };
}

const isLocal = (url: string) => {
  try {
    return ["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

async function waitFor(check: () => Promise<string | null>, seconds: number): Promise<string | null> {
  let problem = await check();
  for (let i = 0; problem && i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    problem = await check();
  }
  return problem;
}

/**
 * Makes PostgreSQL and Redis answer: installs/starts them as root on Debian, or returns the exact
 * commands (zh-CN) for the operator. Returns null when both answer.
 */
export async function ensureServices(databaseUrl: string, redisUrl: string): Promise<string | null> {
  const pg = () => postgresAnswers(databaseUrl);
  const redis = () => redisAnswers(redisUrl);
  const [pgProblem, redisProblem] = await Promise.all([pg(), redis()]);
  if (!pgProblem && !redisProblem) return null;
  const facts: MachineFacts = {
    isRoot: process.getuid?.() === 0,
    hasApt: existsSync("/usr/bin/apt-get"),
    pgClusters: existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").filter((v) => existsSync(`/etc/postgresql/${v}/main`)) : [],
    hasRedisServer: existsSync("/usr/bin/redis-server"),
    postgresUp: !pgProblem,
    redisUp: !redisProblem,
    postgresLocal: isLocal(databaseUrl),
    redisLocal: isLocal(redisUrl),
  };
  const { steps, problems } = planServices(facts);
  const detail = [pgProblem && `PostgreSQL（${databaseUrl}）：${pgProblem}`, redisProblem && `Redis（${redisUrl}）：${redisProblem}`].filter(Boolean).join("；");
  if (problems.length) return `${detail}\n${problems.join("\n")}`;
  if (!facts.isRoot || !facts.hasApt) {
    return `${detail}\n请以 root 依次运行：\n${steps.map((s) => `  ${s.cmd}`).join("\n")}`;
  }
  for (const step of steps) {
    console.log(`${step.title}：${step.cmd}`);
    const r = spawnSync("sh", ["-c", step.cmd], { stdio: "inherit" });
    if (r.status !== 0) return `${step.title}失败。请以 root 手动运行：\n${steps.map((s) => `  ${s.cmd}`).join("\n")}`;
  }
  const [pgAfter, redisAfter] = await Promise.all([waitFor(pg, 30), waitFor(redis, 15)]);
  if (pgAfter || redisAfter) return `服务已安装但仍无法连接：${[pgAfter, redisAfter].filter(Boolean).join("；")}`;
  console.log("PostgreSQL 与 Redis 已就绪。");
  return null;
}
