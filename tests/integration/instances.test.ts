import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import pg from "pg";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { S3BlobStorage, sha256Hex } from "../../lib/attachments/storage";
import { DISTRICT_DEV_CREDENTIALS } from "../../lib/channels/district/contract";
import { addDeliveryJobs, createDeliveries } from "../../lib/channels/outbox";
import type { Db } from "../../lib/db/client";
import { addItemAttachment } from "../../lib/items/item-attachments";
import { approveItem, createItem, signOffItem, submitItem, withdrawItem, type ItemActor } from "../../lib/items/item-commands";
import { jobOptions } from "../../workers/channels/sweeper";
import { buildIsStale } from "../../scripts/lib/services";
import { run } from "../../scripts/lib/processes";
import { makePdf } from "../fixtures/documents";
import {
  WECHAT_APP,
  channelContext,
  createPublishedItem,
  dropPrefix,
  liveArticlesByTitle,
  spawnWorkers,
  startHarness,
  waitForDeliveries,
  type Harness,
  type TestItem,
} from "./channels-harness";
import { startS3rver, type LocalS3 } from "./s3rver-harness";

// The production shape with two of everything: two web processes (`next start`) and two workers
// processes against one PostgreSQL and one Redis, attachments in one S3-compatible bucket (s3rver).
// Needs the production build; builds it when it is missing or older than the sources (`npm test`
// builds before this runs).

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const stop = (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });

type Ready = (res: Response, text: string) => boolean;

/** Polls each path on `base` until it is ready; resolves with the time each became ready (Infinity when never). */
function watchUntil(base: string, checks: [string, Ready][], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  return Promise.all(
    checks.map(async ([path, ready]) => {
      while (Date.now() < deadline) {
        const res = await fetch(`${base}${path}`);
        if (ready(res, await res.text())) return Date.now();
        await new Promise((r) => setTimeout(r, 50));
      }
      return Infinity;
    }),
  );
}

/** The moment of the next commit that changes the portal: PostgreSQL sends `portal_changed` at commit. */
async function listenForCommit(): Promise<{ at: () => number; stop: () => Promise<void> }> {
  const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  let at = Infinity;
  listener.on("notification", () => (at = Math.min(at, Date.now())));
  await listener.query("LISTEN portal_changed");
  return { at: () => at, stop: () => listener.end() };
}

describe("[DEPLOY][INSTANCES] two web and two workers processes, one PostgreSQL, one Redis, attachments in S3", () => {
  let h: Harness;
  let s3: LocalS3;
  let env: Record<string, string>;
  const web: { url: string; child: ChildProcess & { output?: string } }[] = [];
  const workers: (ChildProcess & { output: () => string })[] = [];

  beforeAll(async () => {
    if (buildIsStale(".next")) await run("npx", ["next", "build"], { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
    s3 = await startS3rver();
    h = await startHarness({ name: "instances" });
    env = {
      ...s3.env(),
      NEXTAUTH_SECRET: "instances-test-nextauth-secret-0123456789",
      INTERNAL_API_SECRET: "instances-test-internal-secret-0123456789",
      WORKER_HEARTBEAT_SECONDS: "1",
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const url = `http://localhost:${port}`;
      const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
        env: {
          ...process.env,
          ...env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(port),
          DATABASE_URL: process.env.DATABASE_URL,
          REDIS_PREFIX: h.prefix,
          PUBLIC_BASE_URL: url,
          NEXTAUTH_URL: url,
          DISTRICT_API_BASE_URL: h.district.url,
          DISTRICT_API_KEY_ID: DISTRICT_DEV_CREDENTIALS.keyId,
          DISTRICT_API_SECRET: DISTRICT_DEV_CREDENTIALS.secret,
          WECHAT_API_BASE_URL: h.wechat.url,
          WECHAT_APP_ID: WECHAT_APP.appId,
          WECHAT_APP_SECRET: WECHAT_APP.appSecret,
        },
        stdio: ["ignore", "pipe", "pipe"],
      }) as ChildProcess & { output?: string };
      child.output = "";
      child.stdout!.on("data", (c) => (child.output += c));
      child.stderr!.on("data", (c) => (child.output += c));
      web.push({ url, child });
    }
    workers.push(spawnWorkers(h, env), spawnWorkers(h, env));
    for (const w of web) {
      await until(async () => {
        const res = await fetch(`${w.url}/api/health`, { signal: AbortSignal.timeout(3000) });
        const body = (await res.json()) as { workers: { instances: number } };
        return res.status === 200 && body.workers.instances === 2;
      }, 120_000, `${w.url}/api/health with two workers\n${w.child.output}\n${workers.map((x) => x.output()).join("\n")}`);
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.all([...web.map((w) => stop(w.child)), ...workers.map((w) => stop(w))]);
    if (h) {
      await dropPrefix(h.redisUrl, h.prefix);
      await h.close();
    }
    await s3?.close();
  }, 60_000);

  async function actor(db: Db, username: string): Promise<ItemActor> {
    const u = await db.user.findUniqueOrThrow({ where: { username } });
    return { user: (await loadSessionUser(db, u.id))!, ip: "127.0.0.1" };
  }

  it("publishing through instance A shows on instance B within a second; B serves the attachment from the bucket", async () => {
    const [A, B] = web;
    const storage = new S3BlobStorage(s3.config());
    const title = "四宝山街道关于双实例部署测试信息的公告";
    const staff = await actor(h.db, "staff");
    const draft = async (t: string) => {
      const created = await createItem(h.db, staff, {
        title: t,
        summary: "两个网站进程共用一个数据库和一个对象存储。",
        bodyHtml: "<p>本公告用于检验多实例部署。</p>",
        categoryId: (await h.db.category.findFirstOrThrow({ where: { code: "qt" } })).id,
        departmentId: (await h.db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id,
        generatedDate: "2026-03-02",
        topic: "综合政务",
      });
      return created;
    };
    // B has been serving readers: one published item page rendered there before (untimed), as on any
    // instance that has been up for a while.
    const earlier = await draft("四宝山街道关于双实例部署预备信息的公告");
    await submitItem(h.db, staff, earlier.id);
    await signOffItem(h.db, await actor(h.db, "head"), earlier.id);
    await approveItem(h.db, await actor(h.db, "reviewer"), earlier.id);
    expect(Number.isFinite((await watchUntil(B.url, [[`/items/${earlier.id}`, (res) => res.status === 200]], 30_000))[0])).toBe(true);

    const item = await createItem(h.db, staff, {
      title,
      summary: "两个网站进程共用一个数据库和一个对象存储。",
      bodyHtml: "<p>本公告用于检验多实例部署。</p>",
      categoryId: (await h.db.category.findFirstOrThrow({ where: { code: "qt" } })).id,
      departmentId: (await h.db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id,
      generatedDate: "2026-03-02",
      topic: "综合政务",
    });
    const pdf = await makePdf([["四宝山街道多实例部署测试附件"]]);
    const attachment = await addItemAttachment(h.db, storage, staff, item.id, { name: "测试附件.pdf", data: pdf });
    await submitItem(h.db, staff, item.id);
    await signOffItem(h.db, await actor(h.db, "head"), item.id);

    // B has the list cached (a hit) and no page for the item yet.
    await fetch(`${B.url}/catalogue/qt`);
    expect((await fetch(`${B.url}/catalogue/qt`)).headers.get("x-nextjs-cache")).toBe("HIT");
    expect((await fetch(`${B.url}/items/${item.id}`)).status).toBe(404);

    // Watched from before the click (so the browser's own work does not delay the reading), timed
    // from the commit: PostgreSQL notifies listeners at commit, and the test listens too.
    const commit = await listenForCommit();
    const onB = watchUntil(B.url, [
      ["/catalogue/qt", (_res, text) => text.includes(title)],
      [`/items/${item.id}`, (res) => res.status === 200],
    ], 90_000);

    // A reviewer approves and publishes on instance A, in a browser.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      const page = await (await browser.newContext({ baseURL: A.url, locale: "zh-CN" })).newPage();
      await page.goto("/console/sign-in");
      await page.getByLabel("用户名").fill("reviewer");
      await page.getByLabel("密码").fill("Sibaoshan2026");
      await page.getByRole("button", { name: "登录" }).click();
      await page.getByTestId("console-menu").waitFor();
      await page.goto(`/console/items/${item.id}`);
      await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
      await page.getByTestId("item-state").getByText("已发布").waitFor();
    } finally {
      await browser.close();
    }
    const [onList, onItem] = (await onB).map((t) => t - commit.at());
    await commit.stop();
    expect((await h.db.item.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("PUBLISHED");
    console.log(`[instances] published on A, shown on B after the commit: list ${onList} ms, item page ${onItem} ms`);
    expect.soft(onList).toBeLessThan(1000);
    expect.soft(onItem).toBeLessThan(1000);

    // B serves the attachment A's upload put in the shared bucket.
    const file = await fetch(`${B.url}/items/${item.id}/attachments/${attachment.id}`);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(attachment.sha256);
    expect(await storage.has(attachment.sha256)).toBe(true);
    storage.close();

    // A withdrawal committed by a third process (here, the test) shows on both instances as well.
    const reason = "公告内容有误，予以撤回";
    const withdrawal = await listenForCommit();
    const ready: [string, Ready][] = [
      [`/items/${item.id}`, (_res, text) => text.includes(reason)],
      ["/catalogue/qt", (_res, text) => !text.includes(title)],
    ];
    const [offA, offB] = [watchUntil(A.url, ready), watchUntil(B.url, ready)];
    await withdrawItem(h.db, await actor(h.db, "reviewer"), item.id, reason);
    const [offOnA, offOnB] = [Math.max(...(await offA)) - withdrawal.at(), Math.max(...(await offB)) - withdrawal.at()];
    await withdrawal.stop();
    console.log(`[instances] withdrawn by another process: shown on A ${offOnA} ms, on B ${offOnB} ms after the commit`);
    expect(offOnA).toBeLessThan(1000);
    expect(offOnB).toBeLessThan(1000);
  }, 120_000);

  it("300 deliveries complete exactly once with both workers running; killing one mid-run loses nothing", async () => {
    const ctx = channelContext(h);
    try {
      // Slow enough vendors that the kill lands while jobs are running.
      h.district.setFaults({ latencyMs: 30 });
      h.wechat.configure({ delayMs: { "cgi-bin/draft/add": 30 } });
      const items: TestItem[] = [];
      const ids: string[] = [];
      for (let i = 0; i < 150; i++) {
        const item = await createPublishedItem(h.db, { channels: ["DISTRICT", "WECHAT"], title: `关于多实例投递测试的公示（第${i + 1}号）` });
        items.push(item);
        ids.push(...(await h.db.$transaction((tx) => createDeliveries(tx, { ...item, action: "UPSERT", channels: ["DISTRICT", "WECHAT"] }))));
      }
      expect(ids).toHaveLength(300);
      const rows = await h.db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, channel: true } });
      await addDeliveryJobs(rows, (name) => ctx.queue(name), jobOptions(ctx));

      await until(async () => (await h.db.delivery.count({ where: { id: { in: ids }, status: "DELIVERED" } })) >= 100, 90_000, "100 deliveries");
      const [, second] = workers;
      await stop(second, "SIGKILL");
      const midRun = await h.db.delivery.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
      console.log(`[instances] one workers process killed with ${JSON.stringify(midRun.map((g) => [g.status, g._count]))}`);
      expect(midRun.some((g) => g.status !== "DELIVERED")).toBe(true);

      const settled = await waitForDeliveries(h.db, ids, 150_000);
      expect(settled.filter((r) => r.status !== "DELIVERED")).toEqual([]);
      const published = h.wechat.state().published;
      for (const item of items) {
        const held = h.district.item(item.indexNo);
        expect(held?.status).toBe("published");
        expect(held?.versions).toHaveLength(1);
        expect(published.filter((p) => p.titles.includes(item.title))).toHaveLength(1);
      }
      const live = liveArticlesByTitle(h.wechat);
      for (const item of items) expect(live.get(item.title)).toBe(1);
    } finally {
      h.district.setFaults({});
      h.wechat.configure({ delayMs: {} });
      await ctx.close();
    }
  }, 300_000);
});
