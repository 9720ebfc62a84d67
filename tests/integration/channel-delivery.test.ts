import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveries, enqueueDeliveries } from "../../lib/channels/outbox";
import { resetEnvCache } from "../../lib/config/env";
import { closeQueues } from "../../lib/queues/queues";
import type { ChannelContext } from "../../workers/channels/context";
import { expireBoardPostings } from "../../workers/channels/sweeper";
import {
  channelContext,
  createPublishedItem,
  dropPrefix,
  liveArticlesByTitle,
  publishDeliveries,
  reviseItem,
  startHarness,
  startWorkers,
  waitForDeliveries,
  type Harness,
} from "./channels-harness";

let h: Harness;
let ctx: ChannelContext;
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  h = await startHarness({ name: "delivery" });
  ctx = channelContext(h);
  workers = await startWorkers(h, ctx);
});

afterAll(async () => {
  await workers?.stop();
  await ctx?.close();
  await dropPrefix(h.redisUrl, h.prefix);
  await h?.close();
});

describe("channel deliveries", () => {
  it("delivers a published item once to the district system, WeChat and every default board", async () => {
    const item = await createPublishedItem(h.db);
    const ids = await publishDeliveries(h.db, ctx, item);
    expect(ids).toHaveLength(3);
    const rows = await waitForDeliveries(h.db, ids, 30_000);
    expect(rows.map((r) => [r.channel, r.status, r.lastError]).sort()).toEqual([
      ["BOARD", "DELIVERED", null],
      ["DISTRICT", "DELIVERED", null],
      ["WECHAT", "DELIVERED", null],
    ]);

    const held = h.district.item(item.indexNo);
    expect(held?.status).toBe("published");
    expect(held?.versions).toHaveLength(1);

    expect(liveArticlesByTitle(h.wechat).get(item.title)).toBe(1);
    const wechatRow = await h.db.delivery.findFirstOrThrow({ where: { itemId: item.itemId, channel: "WECHAT" } });
    expect(wechatRow.externalUrl).toMatch(new RegExp(`^${h.wechat.url}/s/`));
    expect(wechatRow.externalId).toMatch(/^ARTICLE_/);

    // 民生保障 goes to the lobby board and the four community boards by default.
    const posts = await h.db.boardPosting.findMany({ where: { itemId: item.itemId, task: "POST" } });
    expect(posts).toHaveLength(5);
    expect(new Set(posts.map((p) => p.sheetKey)).size).toBe(1);
    expect(posts.every((p) => p.status === "PENDING" && p.sheetKey)).toBe(true);
  });

  it("stores a sheet PDF whose text pdftotext reads back with the title and 索引号", async () => {
    const item = await createPublishedItem(h.db, { title: "四宝山街道关于二〇二六年春季防汛准备工作的通知" });
    const ids = await publishDeliveries(h.db, ctx, item, "UPSERT", ["BOARD"]);
    await waitForDeliveries(h.db, ids, 30_000);
    const post = await h.db.boardPosting.findFirstOrThrow({ where: { itemId: item.itemId, task: "POST" } });
    const pdf = await h.storage.get(post.sheetKey!);
    expect(pdf?.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(h.storageDir, "sheet.pdf");
    writeFileSync(file, pdf!);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8").replace(/\s+/g, "");
    expect(text).toContain(item.title);
    expect(text).toContain(item.indexNo);
    expect(text).toContain("公示期");
  });

  it("revises in step: the district gets version 2, WeChat replaces the article, boards replace the sheet", async () => {
    const item = await createPublishedItem(h.db, { categoryCode: "yjgl" });
    await waitForDeliveries(h.db, await publishDeliveries(h.db, ctx, item), 30_000);
    // Staff posted the first sheet on every board.
    await h.db.boardPosting.updateMany({ where: { itemId: item.itemId, task: "POST" }, data: { status: "DONE", doneAt: new Date() } });

    const newTitle = `${item.title}（修订）`;
    const v2 = await reviseItem(h.db, item, newTitle);
    const ids = await publishDeliveries(h.db, ctx, { itemId: item.itemId, versionId: v2 });
    const rows = await waitForDeliveries(h.db, ids, 30_000);
    expect(rows.every((r) => r.status === "DELIVERED")).toBe(true);

    const held = h.district.item(item.indexNo)!;
    expect(held.currentVersion).toBe(2);
    expect(held.versions).toHaveLength(2);

    const live = liveArticlesByTitle(h.wechat);
    expect(live.get(item.title)).toBeUndefined();
    expect(live.get(newTitle)).toBe(1);

    const tasks = await h.db.boardPosting.findMany({ where: { itemId: item.itemId }, orderBy: [{ versionNo: "asc" }, { task: "asc" }] });
    const boards = new Set(tasks.map((t) => t.boardId)).size;
    expect(tasks.filter((t) => t.versionNo === 1 && t.task === "TAKE_DOWN" && t.status === "PENDING")).toHaveLength(boards);
    expect(tasks.filter((t) => t.versionNo === 2 && t.task === "POST" && t.sheetKey)).toHaveLength(boards);
  });

  it("withdraws everywhere: district withdrawn, WeChat article deleted, take-down tasks on each board", async () => {
    const item = await createPublishedItem(h.db);
    await waitForDeliveries(h.db, await publishDeliveries(h.db, ctx, item), 30_000);
    const posts = await h.db.boardPosting.findMany({ where: { itemId: item.itemId, task: "POST" } });
    // Two boards have it up, the others never printed it.
    await h.db.boardPosting.updateMany({ where: { id: { in: posts.slice(0, 2).map((p) => p.id) } }, data: { status: "DONE", doneAt: new Date() } });

    await h.db.item.update({ where: { id: item.itemId }, data: { state: "WITHDRAWN", withdrawnReason: "公示对象信息有误", withdrawnAt: new Date() } });
    const ids = await publishDeliveries(h.db, ctx, item, "DELETE");
    const rows = await waitForDeliveries(h.db, ids, 30_000);
    expect(rows.every((r) => r.status === "DELIVERED")).toBe(true);

    expect(h.district.item(item.indexNo)?.status).toBe("withdrawn");
    expect(liveArticlesByTitle(h.wechat).get(item.title)).toBeUndefined();
    const after = await h.db.boardPosting.findMany({ where: { itemId: item.itemId } });
    expect(after.filter((t) => t.task === "TAKE_DOWN" && t.status === "PENDING")).toHaveLength(2);
    expect(after.filter((t) => t.task === "POST" && t.status === "CANCELLED")).toHaveLength(posts.length - 2);
  });

  it("puts take-down tasks on the boards when the 公示期 has ended", async () => {
    const item = await createPublishedItem(h.db);
    await h.db.$transaction((tx) => createDeliveries(tx, { ...item, action: "UPSERT", channels: ["BOARD"] }));
    const [first, ...rest] = await h.db.boardPosting.findMany({ where: { itemId: item.itemId, task: "POST" } });
    await h.db.boardPosting.update({ where: { id: first.id }, data: { status: "DONE", doneAt: new Date() } });
    // The morning after the last day of the 公示期 (14 days from today).
    const dayAfter = new Date(Date.now() + 15 * 86_400_000);
    const result = await expireBoardPostings(ctx, dayAfter);
    expect(result.takeDowns).toBeGreaterThanOrEqual(1);
    const tasks = await h.db.boardPosting.findMany({ where: { itemId: item.itemId } });
    expect(tasks.filter((t) => t.task === "TAKE_DOWN").map((t) => [t.boardId, t.reason])).toEqual([[first.boardId, "公示期已满"]]);
    expect(tasks.filter((t) => t.task === "POST" && t.status === "CANCELLED")).toHaveLength(rest.length);
    // Running it again adds nothing.
    await expireBoardPostings(ctx, dayAfter);
    expect(await h.db.boardPosting.count({ where: { itemId: item.itemId, task: "TAKE_DOWN" } })).toBe(1);
  });

  it("recovers a publication whose submit answer was lost, without publishing it twice", async () => {
    const item = await createPublishedItem(h.db);
    const before = h.wechat.state();
    const submitsBefore = before.counters.calls["cgi-bin/freepublish/submit"] ?? 0;
    // The first submit is applied after the client gave up (1.5 s timeout): its answer is lost.
    h.wechat.configure({ delayMs: { "cgi-bin/freepublish/submit": 2_000 } });
    try {
      const ids = await publishDeliveries(h.db, ctx, item, "UPSERT", ["WECHAT"]);
      await expect.poll(() => h.wechat.state().publishes.length, { timeout: 10_000, interval: 10 }).toBe(before.publishes.length + 1);
      h.wechat.configure({ delayMs: {} });
      const [row] = await waitForDeliveries(h.db, ids, 30_000);
      expect(row.status).toBe("DELIVERED");
      const state = h.wechat.state();
      // Never submitted again (nothing promises a second submit is refused): found in the
      // publication list instead, published once.
      expect(state.counters.calls["cgi-bin/freepublish/submit"]! - submitsBefore).toBe(1);
      expect(state.publishes).toHaveLength(before.publishes.length + 1);
      expect(state.counters.calls["cgi-bin/freepublish/batchget"]).toBeGreaterThanOrEqual(1);
      expect(state.published.filter((p) => p.titles.includes(item.title))).toHaveLength(1);
      const stored = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      expect(stored.externalUrl).toBe(state.published.find((p) => p.titles.includes(item.title))!.articleUrls[0]);
    } finally {
      h.wechat.configure({ delayMs: {} });
    }
  });

  it("records a permanent vendor refusal of the item as FAILED with the reason, without retrying", async () => {
    const item = await createPublishedItem(h.db);
    h.wechat.configure({ failNext: { "cgi-bin/draft/add": [45002] } });
    try {
      const ids = await publishDeliveries(h.db, ctx, item, "UPSERT", ["WECHAT"]);
      const [row] = await waitForDeliveries(h.db, ids, 30_000);
      expect(row.status).toBe("FAILED");
      expect(row.lastError).toBe("上传素材并创建公众号草稿：正文过长，公众号要求少于2万字且小于1MB，请精简正文。系统不会自动重试。");
      const stored = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      expect(stored.attempts).toBe(1);
    } finally {
      h.wechat.configure({ failNext: {} });
    }
  });

  it("an API the account may not use (48001) pauses WeChat for a person instead of failing item after item", async () => {
    const item = await createPublishedItem(h.db);
    h.wechat.configure({ unauthorizedApis: ["cgi-bin/draft/add"] });
    try {
      const ids = await publishDeliveries(h.db, ctx, item, "UPSERT", ["WECHAT"]);
      await expect.poll(() => h.db.channelPause.findUnique({ where: { channel: "WECHAT" } }), { timeout: 15_000, interval: 50 }).toBeTruthy();
      const pause = await h.db.channelPause.findUniqueOrThrow({ where: { channel: "WECHAT" } });
      expect(pause).toMatchObject({ kind: "CONFIGURATION", vendorCode: "48001", resumesAt: null });
      expect(pause.reason).toContain("没有该接口的权限");
      const stored = await h.db.delivery.findUniqueOrThrow({ where: { id: ids[0] } });
      expect(stored.status).toBe("PENDING");
      expect(stored.lastError).toContain("等待管理员处理");
    } finally {
      h.wechat.configure({ unauthorizedApis: [] });
      await h.db.channelPause.deleteMany({});
    }
  });

  it("enqueueDeliveries never throws when Redis cannot be reached", async () => {
    const saved = { url: process.env.REDIS_URL };
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    resetEnvCache();
    try {
      const item = await createPublishedItem(h.db);
      const ids = await h.db.$transaction((tx) => createDeliveries(tx, { ...item, action: "UPSERT", channels: ["DISTRICT"] }));
      const started = Date.now();
      await expect(enqueueDeliveries(ids, { db: h.db })).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await closeQueues();
      if (saved.url === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved.url;
      resetEnvCache();
    }
  });
});
