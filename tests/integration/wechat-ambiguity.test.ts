import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { SessionUser } from "../../lib/auth/roles";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { CHANNEL_QUEUES, addDeliveryJobs, createDeliveries, requeueDeliveries } from "../../lib/channels/outbox";
import { activePause, nextBeijingMidnight, pauseChannel, resumeChannel } from "../../lib/channels/pause";
import { retryDelivery } from "../../lib/channels/retry-delivery";
import { wakeChannel } from "../../lib/channels/wake-channel";
import { deleteArticle } from "../../lib/channels/wechat/deliver";
import type { ChannelContext } from "../../workers/channels/context";
import { jobOptions } from "../../workers/channels/sweeper";
import {
  WECHAT_APP,
  channelContext,
  createPublishedItem,
  dropPrefix,
  retryFailedAsStaff,
  spawnWorkers,
  startHarness,
  startWorkers,
  waitForDeliveries,
  type Harness,
  type TestItem,
} from "./channels-harness";

/**
 * Issue 11: the platform's ambiguity must never leak through as a second public article. Each test
 * is one attack against the stand-in, and each ends the same way: exactly one publication per
 * published version, counted at the stand-in, and none left after withdrawal.
 */

let h: Harness;
let reviewer: SessionUser;
const SUBMIT = "cgi-bin/freepublish/submit";
const GET = "cgi-bin/freepublish/get";

beforeAll(async () => {
  h = await startHarness({ name: "wx-ambiguity" });
  reviewer = (await loadSessionUser(h.db, (await h.db.user.findUniqueOrThrow({ where: { username: "reviewer" } })).id))!;
});

afterEach(async () => {
  // A fresh account for the next attack: the stand-in forgets its tokens, so do we (and our jobs).
  h.wechat.reset();
  await dropPrefix(h.redisUrl, h.prefix);
  await h.db.channelPause.deleteMany({});
});

afterAll(async () => {
  await dropPrefix(h.redisUrl, h.prefix);
  await h?.close();
});

async function publishAll(ctx: ChannelContext, n: number, action: "UPSERT" | "DELETE" = "UPSERT", items?: TestItem[]) {
  const list = items ?? [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = items ? items[i] : await createPublishedItem(h.db, { channels: ["WECHAT"] });
    if (!items) list.push(item);
    ids.push(...(await h.db.$transaction((tx) => createDeliveries(tx, { itemId: item.itemId, versionId: item.versionId, action, channels: ["WECHAT"] }))));
  }
  const rows = await h.db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, channel: true } });
  await addDeliveryJobs(rows, (name) => ctx.queue(name), jobOptions(ctx));
  return { items: list, ids };
}

async function retryFailedUntilDone(ctx: ChannelContext, ids: string[], timeoutMs: number) {
  return (await retryFailedAsStaff(h.db, ctx, ids, timeoutMs)).rows;
}

/** Every publication at the stand-in whose first title is the item's (live or deleted since). */
function publicationsOf(item: TestItem) {
  return h.wechat.state().published.filter((p) => p.titles[0] === item.title);
}

function expectOnePublicationEach(items: TestItem[]) {
  for (const item of items) {
    const pubs = publicationsOf(item);
    expect(pubs, item.title).toHaveLength(1);
    expect(pubs[0].deletedAll, item.title).toBe(false);
  }
}

async function withdrawAndExpectNone(ctx: ChannelContext, items: TestItem[], timeoutMs = 30_000) {
  const { ids } = await publishAll(ctx, items.length, "DELETE", items);
  const rows = await retryFailedUntilDone(ctx, ids, timeoutMs);
  expect(rows.filter((r) => r.status !== "DELIVERED")).toEqual([]);
  for (const item of items) {
    const pubs = publicationsOf(item);
    expect(pubs, item.title).toHaveLength(1);
    expect(pubs[0].deletedAll, item.title).toBe(true);
  }
}

async function resumeAsStaff(ctx: ChannelContext) {
  await resumeChannel(h.db, { user: reviewer }, "WECHAT");
  const redis = new Redis(h.redisUrl);
  try {
    await wakeChannel({ channel: "WECHAT", queue: ctx.queue(CHANNEL_QUEUES.WECHAT), redis, redisPrefix: h.prefix, weChatAppId: WECHAT_APP.appId });
  } finally {
    await redis.quit();
  }
}

describe("WeChat exactly once under ambiguity", () => {
  it("45009 on the first freepublish/get pauses the channel until midnight Beijing time; resuming polls the known publish_id, never a second submit", async () => {
    const ctx = channelContext(h);
    const workers = await startWorkers(h, ctx);
    try {
      h.wechat.configure({ failNext: { [GET]: [45009] }, publishPendingPolls: 2 });
      const { items, ids } = await publishAll(ctx, 1);
      await expect.poll(() => h.db.channelPause.findUnique({ where: { channel: "WECHAT" } }), { timeout: 15_000, interval: 50 }).toBeTruthy();
      const pause = (await h.db.channelPause.findUniqueOrThrow({ where: { channel: "WECHAT" } }))!;
      expect(pause.kind).toBe("QUOTA");
      expect(pause.resumesAt?.getTime()).toBe(nextBeijingMidnight(pause.pausedAt).getTime());
      await expect.poll(async () => (await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } })).status, { timeout: 5_000, interval: 50 }).toBe("PENDING");
      const held = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      expect(held.lastError).toMatch(/45009.*将于 \d+月\d+日 00:00（北京时间）自动恢复/);
      expect((held.state as { progress: { publishId?: string } }).progress.publishId).toBeTruthy();

      // Paused means quiet: nothing more is spent while the quota is gone.
      const callsAtPause = JSON.stringify(h.wechat.state().counters.calls);
      const more = await publishAll(ctx, 2);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(JSON.stringify(h.wechat.state().counters.calls)).toBe(callsAtPause);
      for (const id of more.ids) {
        expect((await h.db.delivery.findUniqueOrThrow({ where: { id } })).lastError).toContain("微信公众号推送已暂停");
      }

      // The administrator reset the quota in 公众平台 and presses 恢复推送.
      await resumeAsStaff(ctx);
      const rows = await waitForDeliveries(h.db, [...ids, ...more.ids], 30_000);
      expect(rows.map((r) => r.status)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
      expect(h.wechat.state().counters.calls[SUBMIT]).toBe(3);
      const all = [...items, ...more.items];
      expectOnePublicationEach(all);
      const first = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      // Polls are counted apart from failed attempts: a clean delivery shows no attempts.
      expect(first.attempts).toBe(0);
      expect((first.state as { polls: number }).polls).toBeGreaterThanOrEqual(3);
      await withdrawAndExpectNone(ctx, all);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("busy (-1) running out of attempts on freepublish/get, then a staff retry: the retry polls the stored publish_id", async () => {
    const ctx = channelContext(h, { attempts: 3 });
    const workers = await startWorkers(h, ctx);
    try {
      h.wechat.configure({ failNext: { [GET]: [-1, -1, -1] } });
      const { items, ids } = await publishAll(ctx, 1);
      const [failed] = await waitForDeliveries(h.db, ids, 20_000);
      expect(failed.status).toBe("FAILED");
      expect(failed.lastError).toBe(
        "查询公众号发布结果：微信公众平台系统繁忙（-1）。已连续失败 3 次，不再自动重试；请确认对方系统恢复正常后，在信息详情页点击“重试”。",
      );
      // The publication completes on its own meanwhile.
      expect(h.wechat.state().publishes).toHaveLength(1);

      const retried = await retryDelivery(h.db, { user: reviewer }, ids[0]);
      await requeueDeliveries([retried], (name) => ctx.queue(name));
      const [row] = await waitForDeliveries(h.db, ids, 20_000);
      expect(row.status).toBe("DELIVERED");
      expect(h.wechat.state().counters.calls[SUBMIT]).toBe(1);
      expectOnePublicationEach(items);
      await withdrawAndExpectNone(ctx, items);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("busy at 60 % over 50 items: every item published exactly once, every message says what happens next", async () => {
    const ctx = channelContext(h, { concurrency: 8 });
    const workers = await startWorkers(h, ctx);
    const messages = new Set<string>();
    // Only this run's rows: the database is shared with the other integration files (a takedown's skipped rows, say).
    const started = new Date();
    const watch = setInterval(() => {
      h.db.delivery
        .findMany({ where: { channel: "WECHAT", lastError: { not: null }, createdAt: { gte: started } }, select: { lastError: true } })
        .then((rows) => rows.forEach((r) => messages.add(r.lastError!)))
        .catch(() => undefined);
    }, 200);
    try {
      h.wechat.configure({ busyRate: 0.6, faults: { failureRate: 0, timeoutRate: 0, hangMs: 0, seed: 60 }, publishPendingPolls: 1 });
      const { items, ids } = await publishAll(ctx, 50);
      const rows = await retryFailedUntilDone(ctx, ids, 180_000);
      expect(rows.filter((r) => r.status !== "DELIVERED")).toEqual([]);
      const state = h.wechat.state();
      expect(state.counters.injectedBusy).toBeGreaterThan(100);
      expectOnePublicationEach(items);
      // One cover upload for the whole run, not one per item.
      expect(state.materials).toHaveLength(1);
      await withdrawAndExpectNone(ctx, items, 120_000);
      clearInterval(watch);
      expect(messages.size).toBeGreaterThan(0);
      for (const m of messages) expect(m).toMatch(/将于 \d{2}:\d{2}:\d{2} 自动重试|不再自动重试/);
      console.log(`[busy 60%] ${items.length} items, ${state.counters.injectedBusy} busy answers, ${JSON.stringify(state.counters.calls)}`);
    } finally {
      clearInterval(watch);
      await workers.stop();
      await ctx.close();
    }
  }, 300_000);

  it.each([
    ["held past the client timeout", 2_500],
    ["dropped at once", 0],
  ])("submit carried out but its answer lost (%s): the article is looked up, never submitted again", async (_label, holdMs) => {
    const ctx = channelContext(h);
    const workers = await startWorkers(h, ctx);
    try {
      // The publication also takes a while, so the first lookups find nothing.
      h.wechat.configure({ loseAnswerNext: { [SUBMIT]: 1 }, loseAnswerHoldMs: holdMs, publishDelayMs: holdMs + 1_500 });
      const { items, ids } = await publishAll(ctx, 1);
      const [row] = await waitForDeliveries(h.db, ids, 30_000);
      expect(row.status).toBe("DELIVERED");
      const state = h.wechat.state();
      expect(state.counters.lostAnswers).toBe(1);
      expect(state.counters.calls[SUBMIT]).toBe(1);
      expect(state.counters.calls["cgi-bin/freepublish/batchget"]).toBeGreaterThanOrEqual(2);
      expectOnePublicationEach(items);
      const stored = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      expect(stored.externalUrl).toBe(publicationsOf(items[0])[0].articleUrls[0]);
      expect((stored.state as { reconciled?: string }).reconciled).toBe("found");
      await withdrawAndExpectNone(ctx, items);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("SIGKILL of the workers between submit and saving publish_id: the restarted workers find the article instead of submitting again", async () => {
    const ctx = channelContext(h);
    // The submit is carried out and its answer held: the worker waits for it when it is killed.
    h.wechat.configure({ loseAnswerNext: { [SUBMIT]: 1 }, loseAnswerHoldMs: 20_000 });
    let child = spawnWorkers(h, { WECHAT_API_TIMEOUT_MS: "30000" });
    try {
      const { items, ids } = await publishAll(ctx, 1);
      await expect.poll(() => h.wechat.state().publishes.length, { timeout: 30_000, interval: 20 }).toBe(1);
      const before = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      const progress = (before.state as { progress: { submitIntentAt?: string; publishId?: string } }).progress;
      expect(progress.submitIntentAt).toBeTruthy();
      expect(progress.publishId).toBeUndefined();
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));

      child = spawnWorkers(h);
      const [row] = await waitForDeliveries(h.db, ids, 45_000);
      expect(row.status).toBe("DELIVERED");
      expect(h.wechat.state().counters.calls[SUBMIT]).toBe(1);
      expectOnePublicationEach(items);
      await withdrawAndExpectNone(ctx, items);
    } finally {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await ctx.close();
    }
  }, 120_000);

  it.each([40001, 40125] as const)("a wrong AppSecret (token endpoint answers %i) pauses the channel at once with what to fix; after the fix and 恢复推送 every item goes out once", async (code) => {
    const ctx = channelContext(h);
    const workers = await startWorkers(h, ctx);
    try {
      // The account's secret was reset in 公众平台; ours is now wrong.
      h.wechat.configure({ appSecret: "rotated-in-mp", wrongSecretErrcode: code });
      const started = Date.now();
      const { items, ids } = await publishAll(ctx, 3);
      await expect.poll(() => h.db.channelPause.findUnique({ where: { channel: "WECHAT" } }), { timeout: 10_000, interval: 50 }).toBeTruthy();
      await expect
        .poll(async () => (await h.db.delivery.findMany({ where: { id: { in: ids } } })).every((r) => r.lastError?.includes("等待管理员处理")), { timeout: 10_000, interval: 50 })
        .toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
      const pause = await h.db.channelPause.findUniqueOrThrow({ where: { channel: "WECHAT" } });
      expect(pause).toMatchObject({ kind: "CONFIGURATION", vendorCode: String(code), resumesAt: null });
      expect(pause.reason).toContain("AppSecret");
      expect(pause.reason).toContain("WECHAT_APP_SECRET");
      const rows = await h.db.delivery.findMany({ where: { id: { in: ids } } });
      expect(rows.map((r) => r.status)).toEqual(["PENDING", "PENDING", "PENDING"]);
      await new Promise((r) => setTimeout(r, 1_000));
      // One token request, not eight per item.
      expect(h.wechat.state().counters.tokenRequests).toBe(1);
      expect(Object.keys(h.wechat.state().counters.calls)).toEqual(["cgi-bin/token"]);

      h.wechat.configure({ appSecret: WECHAT_APP.appSecret });
      await resumeAsStaff(ctx);
      const done = await waitForDeliveries(h.db, ids, 30_000);
      expect(done.map((r) => r.status)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
      expectOnePublicationEach(items);
      await withdrawAndExpectNone(ctx, items);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it.each([53600, 40007] as const)("withdrawing an article the platform no longer knows (answer %i) counts as done and is recorded so", async (code) => {
    const ctx = channelContext(h);
    const workers = await startWorkers(h, ctx);
    try {
      h.wechat.configure({ unknownArticleErrcode: code });
      const { items, ids } = await publishAll(ctx, 2);
      expect((await waitForDeliveries(h.db, ids, 20_000)).map((r) => r.status)).toEqual(["DELIVERED", "DELIVERED"]);
      expectOnePublicationEach(items);
      // Someone deleted the first one by hand in 公众平台; the second is still there.
      const [first, second] = await h.db.delivery.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" } });
      await ctx.wechat.deletePublished(first.externalId!);

      const { ids: deleteIds } = await publishAll(ctx, 2, "DELETE", items);
      const rows = await waitForDeliveries(h.db, deleteIds, 20_000);
      expect(rows.map((r) => [r.status, r.lastError])).toEqual([
        ["DELIVERED", null],
        ["DELIVERED", null],
      ]);
      const answers = await Promise.all(
        [first, second].map(async (r) => ((await h.db.delivery.findUniqueOrThrow({ where: { id: r.id } })).state as { deleteAnswer?: string }).deleteAnswer),
      );
      expect(answers).toEqual(["already-gone", "deleted"]);
      const del = await h.db.delivery.findMany({ where: { id: { in: deleteIds } }, orderBy: { createdAt: "asc" } });
      expect(del.map((d) => (d.state as { alreadyGoneArticles: string[] }).alreadyGoneArticles.length)).toEqual([1, 0]);
      expect(h.wechat.state().counters.calls["cgi-bin/freepublish/delete"]).toBe(3);
      for (const item of items) {
        expect(publicationsOf(item)).toHaveLength(1);
        expect(publicationsOf(item)[0].deletedAll).toBe(true);
      }
      // An id the account never had gets the same answer, and counts as done too.
      expect(await deleteArticle(ctx.wechat, "ARTICLE_never_known")).toEqual({ deleted: true, alreadyGone: true });
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("quota running out at a count part-way through a batch: the rest is held without spending calls, then goes out once", async () => {
    const ctx = channelContext(h, { concurrency: 1 });
    const workers = await startWorkers(h, ctx);
    try {
      h.wechat.configure({ quotas: { "cgi-bin/draft/add": 2 } });
      const { items, ids } = await publishAll(ctx, 5);
      await expect.poll(() => h.db.channelPause.findUnique({ where: { channel: "WECHAT" } }), { timeout: 20_000, interval: 50 }).toBeTruthy();
      // Two drafts went out and were submitted; the pause holds their polls too (one account, one quota day).
      expect(h.wechat.state().publishes).toHaveLength(2);
      await expect
        .poll(async () => (await h.db.delivery.findMany({ where: { id: { in: ids } } })).every((r) => r.status === "PENDING"), { timeout: 5_000, interval: 50 })
        .toBe(true);
      const callsAtPause = h.wechat.state().counters.calls["cgi-bin/draft/add"];
      await new Promise((r) => setTimeout(r, 800));
      // The three held items spend no further draft/add (nor cover uploads) while paused.
      expect(h.wechat.state().counters.calls["cgi-bin/draft/add"]).toBe(callsAtPause);
      expect(h.wechat.state().counters.calls["cgi-bin/material/add_material"]).toBe(1);

      h.wechat.configure({ quotas: {} });
      await resumeAsStaff(ctx);
      const rows = await waitForDeliveries(h.db, ids, 30_000);
      expect(rows.every((r) => r.status === "DELIVERED")).toBe(true);
      expectOnePublicationEach(items);
      await withdrawAndExpectNone(ctx, items);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("a quota pause ends on its own at the reset time and the held items go out once", async () => {
    const ctx = channelContext(h);
    const workers = await startWorkers(h, ctx);
    try {
      await pauseChannel(h.db, "WECHAT", { kind: "QUOTA", reason: "公众号接口今日调用次数已达上限（45009）", resumesAt: new Date(Date.now() + 2_000) });
      const { items, ids } = await publishAll(ctx, 2);
      await new Promise((r) => setTimeout(r, 800));
      expect(h.wechat.state().counters.calls).toEqual({});
      expect((await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } })).lastError).toContain("自动恢复");
      const rows = await waitForDeliveries(h.db, ids, 20_000);
      expect(rows.map((r) => [r.status, r.lastError])).toEqual([
        ["DELIVERED", null],
        ["DELIVERED", null],
      ]);
      expect(await h.db.channelPause.count()).toBe(0);
      expectOnePublicationEach(items);
      await withdrawAndExpectNone(ctx, items);
    } finally {
      await workers.stop();
      await ctx.close();
    }
  });

  it("a configuration pause is lifted when the workers run with different settings", async () => {
    await pauseChannel(h.db, "WECHAT", { kind: "CONFIGURATION", reason: "AppSecret 不正确", resumesAt: null }, { configFingerprint: "old" });
    let lifted = 0;
    expect(await activePause(h.db, "WECHAT", { configFingerprint: "old" })).not.toBeNull();
    expect(await activePause(h.db, "WECHAT", { configFingerprint: "new", onLifted: async () => void lifted++ })).toBeNull();
    expect(lifted).toBe(1);
    expect(await h.db.channelPause.count()).toBe(0);
  });
});
