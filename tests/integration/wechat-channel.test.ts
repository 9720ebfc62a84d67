import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import type { PublishedItemDTO } from "../../lib/channels/types";
import { createWeChatClient, type WeChatClient } from "../../lib/channels/wechat/client";
import { deleteArticle, pollPublish, publishArticle, type WeChatPublishProgress } from "../../lib/channels/wechat/deliver";
import { startWeChatStandIn, type WeChatStandIn } from "../../stand-ins/wechat-server";

const APP_ID = "wx1234567890abcdef";
const APP_SECRET = "s3cret-for-tests";
const PREFIX = `gktest:wechat:${randomBytes(6).toString("hex")}:`;

let standIn: WeChatStandIn;
let images: Server;
let imagesUrl: string;
const redisClients: Redis[] = [];

function newRedis(): Redis {
  const r = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  redisClients.push(r);
  return r;
}

let testPrefix: string;
function client(overrides: Partial<Parameters<typeof createWeChatClient>[0]> = {}): WeChatClient {
  return createWeChatClient({
    baseUrl: standIn.url,
    appId: APP_ID,
    appSecret: APP_SECRET,
    redis: redisClients[0],
    keyPrefix: testPrefix,
    timeoutMs: 2000,
    ...overrides,
  });
}

async function caught(p: Promise<unknown>): Promise<ChannelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChannelError);
    return e as ChannelError;
  }
  throw new Error("expected a ChannelError");
}

let png: Buffer;
let gif: Buffer;

function item(overrides: Partial<PublishedItemDTO> = {}): PublishedItemDTO {
  return {
    id: "item-7",
    version: 1,
    indexNo: "000014349/2025-00007",
    title: "四宝山街道2025年第一季度财政资金使用情况公示",
    summary: "公示街道2025年第一季度财政资金使用情况。",
    bodyHtml:
      `<h2>一、总体情况</h2><p>本季度支出情况如下。</p>` +
      `<p><img src="/files/chart.png" alt="支出图"></p>` +
      `<p><img src="/files/anim.gif"></p>` +
      `<p><img src="/files/missing.png"></p>` +
      `<table><tr><th>项目</th><th>金额</th></tr><tr><td>办公经费</td><td>12.5万元</td></tr></table>` +
      `<script>alert(1)</script>`,
    category: { code: "CZZJ", name: "财政资金" },
    departmentName: "四宝山街道财政所",
    generatedDate: "2025-04-03",
    documentNumber: null,
    topic: "财政、金融、审计",
    validity: { status: "valid" },
    disclosureMethod: "主动公开",
    disclosureScope: "面向社会",
    publishedAt: "2025-04-03T10:00:00+08:00",
    portalUrl: `${imagesUrl}/items/item-7`,
    attachments: [],
    ...overrides,
  };
}

beforeAll(async () => {
  newRedis();
  png = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#2e7d32" } }).png().toBuffer();
  gif = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#1565c0" } }).gif().toBuffer();
  images = createServer((req, res) => {
    if (req.url === "/files/chart.png") return res.writeHead(200, { "content-type": "image/png" }).end(png);
    if (req.url === "/files/anim.gif") return res.writeHead(200, { "content-type": "image/gif" }).end(gif);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => images.listen(0, "127.0.0.1", r));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  standIn = await startWeChatStandIn({ port: 0, appId: APP_ID, appSecret: APP_SECRET });
});

beforeEach(() => {
  standIn.reset();
  testPrefix = `${PREFIX}${randomBytes(4).toString("hex")}:`;
});

afterEach(async () => {
  const keys = await redisClients[0].keys(`${testPrefix}*`);
  if (keys.length > 0) await redisClients[0].del(...keys);
});

afterAll(async () => {
  await standIn?.close();
  await new Promise<void>((r) => (images ? images.close(() => r()) : r()));
  await Promise.all(redisClients.map((r) => r.quit()));
});

describe("publishArticle / pollPublish / deleteArticle against the stand-in", () => {
  it("publishes an item end to end and returns the article URL", async () => {
    const wx = client();
    const saved: WeChatPublishProgress[] = [];
    const result = await publishArticle(wx, item(), {}, { onProgress: (p) => void saved.push(p) });
    expect(result.publishId).toMatch(/^\d+$/);
    expect(result.mediaId).toMatch(/^DRAFT_/);
    expect(result.warnings).toEqual([expect.stringContaining("1张图片无法上传")]);

    const state = standIn.state();
    expect(state.images).toHaveLength(3); // chart.png, the gif converted to JPEG, and the default cover
    expect(state.materials).toEqual([expect.objectContaining({ type: "image", mediaId: result.thumbMediaId })]);
    const content = state.drafts[0].articles[0].content;
    expect(content).toContain("一、总体情况");
    expect(content).toContain("索引号：000014349/2025-00007");
    expect(content).not.toContain("<script");
    expect(content).not.toContain(imagesUrl + "/files");
    expect(content.match(/<img /g)).toHaveLength(2);
    for (const url of Object.values(result.imageUrls)) expect(content).toContain(url);
    expect(state.drafts[0].articles[0]).toMatchObject({
      title: "四宝山街道2025年第一季度财政资金使用情况公示",
      author: "四宝山街道财政所",
      content_source_url: `${imagesUrl}/items/item-7`,
      need_open_comment: 0,
    });
    expect(saved.at(-1)).toMatchObject({ publishId: result.publishId, draftMediaId: result.mediaId });

    const polled = await pollPublish(wx, result.publishId);
    expect(polled).toMatchObject({ final: true, outcome: "published", status: 0 });
    expect(polled.articleId).toBeTruthy();
    const page = await fetch(polled.articleUrl!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("四宝山街道2025年第一季度财政资金使用情况公示");

    const uploaded = await fetch(Object.values(result.imageUrls)[0]);
    expect(uploaded.headers.get("content-type")).toMatch(/^image\/(png|jpeg)$/);
  });

  it("resumes from stored progress without creating a second draft when submit failed", async () => {
    const wx = client();
    standIn.configure({ failNext: { "cgi-bin/freepublish/submit": [-1] } });
    let progress: WeChatPublishProgress = {};
    const e = await caught(publishArticle(wx, item(), {}, { onProgress: (p) => void (progress = p) }));
    expect(e.permanent).toBe(false);
    expect(progress.draftMediaId).toBeTruthy();
    expect(progress.publishId).toBeUndefined();

    const result = await publishArticle(wx, item(), {}, { progress });
    expect(result.mediaId).toBe(progress.draftMediaId);
    const state = standIn.state();
    expect(state.counters.calls["cgi-bin/draft/add"]).toBe(1);
    expect(state.counters.calls["cgi-bin/media/uploadimg"]).toBe(2);
    expect(state.counters.calls["cgi-bin/material/add_material"]).toBe(1);
    expect(state.publishes).toHaveLength(1);
  });

  it("refuses a title over 32 characters before uploading anything", async () => {
    const e = await caught(publishArticle(client(), item({ title: "字".repeat(33) })));
    expect(e).toMatchObject({ permanent: true, code: "INVALID_PAYLOAD" });
    expect(standIn.state().counters.tokenRequests).toBe(0);
  });

  it("keeps polling while publish_status is 1, then reports success (1, 1, 0)", async () => {
    standIn.configure({ publishPendingPolls: 2 });
    const wx = client();
    const { publishId } = await publishArticle(wx, item({ bodyHtml: "<p>正文</p>" }));
    const first = await pollPublish(wx, publishId);
    const second = await pollPublish(wx, publishId);
    const third = await pollPublish(wx, publishId);
    expect([first, second].map((p) => [p.final, p.outcome, p.status])).toEqual([
      [false, "publishing", 1],
      [false, "publishing", 1],
    ]);
    expect(first.error).toBeUndefined();
    expect(third).toMatchObject({ final: true, outcome: "published", status: 0 });
    expect(third.articleUrl).toContain("/s/");
  });

  it("reports publish_status 4 (rejected by review) as a final permanent failure", async () => {
    standIn.configure({ publishOutcome: 4 });
    const wx = client();
    const { publishId } = await publishArticle(wx, item({ bodyHtml: "<p>正文</p>" }));
    const polled = await pollPublish(wx, publishId);
    expect(polled).toMatchObject({ final: true, outcome: "failed", status: 4, articleUrl: null });
    expect(polled.error).toMatchObject({ permanent: true, code: "REJECTED" });
    expect(polled.error!.message).toContain("审核不通过");
  });

  it("withdraws a published article; deleting again counts as already gone", async () => {
    const wx = client();
    const { publishId } = await publishArticle(wx, item({ bodyHtml: "<p>正文</p>" }));
    const { articleId, articleUrl } = await pollPublish(wx, publishId);
    expect(await deleteArticle(wx, articleId!)).toEqual({ deleted: true, alreadyGone: false });
    expect(standIn.state().published[0]).toMatchObject({ articleId, deletedAll: true });
    expect((await fetch(articleUrl!)).status).toBe(404);
    expect(await pollPublish(wx, publishId)).toMatchObject({ final: true, outcome: "deleted", status: 5 });
    expect(await deleteArticle(wx, "ARTICLE_unknown")).toEqual({ deleted: true, alreadyGone: true });
  });
});

describe("central access token", () => {
  it("costs exactly one token refresh when the token expires under 20 concurrent calls", async () => {
    const a = client();
    // A second client on its own Redis connection stands for another worker process.
    const b = client({ redis: newRedis() });
    await a.getPublishStatus("0").catch(() => undefined);
    expect(standIn.state().counters.tokenRequests).toBe(1);

    standIn.expireTokens();
    const calls = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? a : b).uploadImg({ data: png, filename: "a.png", contentType: "image/png" }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.url.includes("/mmbiz_img/"))).toBe(true);
    const state = standIn.state();
    expect(state.counters.tokenRequests).toBe(2);
    // Each call is retried at most once; under load a late call may already read the new token.
    expect(state.counters.calls["cgi-bin/media/uploadimg"]).toBeGreaterThanOrEqual(20);
    expect(state.counters.calls["cgi-bin/media/uploadimg"]).toBeLessThanOrEqual(40);
  });

  it("refreshes ahead of expiry so callers never see an expired token", async () => {
    standIn.configure({ reportedExpiresInSec: 2, tokenLifetimeMs: 2000 });
    const wx = client({ tokenOptions: { refreshAheadMs: 800 } });
    await wx.uploadImg({ data: png, filename: "a.png", contentType: "image/png" });
    await new Promise((r) => setTimeout(r, 1300));
    await wx.uploadImg({ data: png, filename: "a.png", contentType: "image/png" });
    const state = standIn.state();
    expect(state.counters.tokenRequests).toBe(2);
    expect(state.counters.calls["cgi-bin/media/uploadimg"]).toBe(2);
  });

  it("retries a call only once when the token is still rejected after the refresh", async () => {
    const wx = client();
    standIn.configure({ failNext: { "cgi-bin/draft/add": [40001, 40001] } });
    const e = await caught(wx.addDraft([]));
    expect(e).toMatchObject({ permanent: false, code: "AUTH_FAILED" });
    const state = standIn.state();
    expect(state.counters.calls["cgi-bin/draft/add"]).toBe(2);
    expect(state.counters.tokenRequests).toBe(2);
  });

  it.each([40001, 40125] as const)("treats a wrong AppSecret (token endpoint answers %i) as a permanent configuration error, one token request", async (code) => {
    standIn.configure({ wrongSecretErrcode: code });
    const wx = client({ appSecret: "wrong" });
    const errors = await Promise.all(Array.from({ length: 5 }, () => caught(wx.submitPublish("x"))));
    for (const e of errors) {
      expect(e).toMatchObject({ permanent: true, code: "CONFIGURATION" });
      expect(e.message).toContain("AppSecret");
      expect(e.message).toContain("WECHAT_APP_SECRET");
      expect(e.vendor?.code).toBe(code);
    }
    expect(standIn.state().counters.tokenRequests).toBe(1);
  });
});

describe("error handling per docs/channels.md", () => {
  it("stops with a permanent configuration error on 40164, without a retry storm", async () => {
    standIn.configure({ ipWhitelisted: false });
    const wx = client();
    const errors = await Promise.all(Array.from({ length: 20 }, () => caught(wx.submitPublish("x"))));
    for (const e of errors) {
      expect(e).toMatchObject({ permanent: true, code: "CONFIGURATION" });
      expect(e.message).toContain("IP 白名单");
    }
    const state = standIn.state();
    expect(state.counters.tokenRequests).toBe(1);
    expect(state.counters.calls["cgi-bin/freepublish/submit"]).toBeUndefined();
  });

  it("remembers 40164 from an API call too, so other jobs fail fast", async () => {
    const wx = client();
    await wx.uploadImg({ data: png, filename: "a.png", contentType: "image/png" });
    standIn.configure({ ipWhitelisted: false });
    expect(await caught(wx.submitPublish("x"))).toMatchObject({ permanent: true, code: "CONFIGURATION" });
    standIn.configure({ ipWhitelisted: true });
    expect(await caught(wx.submitPublish("x"))).toMatchObject({ permanent: true, code: "CONFIGURATION" });
    expect(standIn.state().counters.calls["cgi-bin/freepublish/submit"]).toBe(1);
    await wx.tokens.clear();
    expect(await caught(wx.submitPublish("x"))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("treats 45009 (quota) as permanent and calls the API only once", async () => {
    standIn.configure({ quotas: { "cgi-bin/draft/add": 0 } });
    const e = await caught(client().addDraft([]));
    expect(e).toMatchObject({ permanent: true, code: "QUOTA_EXCEEDED" });
    expect(e.vendor?.code).toBe(45009);
    expect(standIn.state().counters.calls["cgi-bin/draft/add"]).toBe(1);
  });

  it("treats 48001 (API not authorised) as permanent", async () => {
    standIn.configure({ unauthorizedApis: ["cgi-bin/freepublish/submit"] });
    expect(await caught(client().submitPublish("x"))).toMatchObject({ permanent: true, code: "CONFIGURATION" });
  });

  it("treats -1 (system busy), HTTP 5xx and timeouts as retryable", async () => {
    const wx = client({ timeoutMs: 300 });
    standIn.configure({ failNext: { "cgi-bin/freepublish/get": [-1] } });
    expect(await caught(wx.getPublishStatus("1"))).toMatchObject({ permanent: false, code: "UNAVAILABLE" });
    standIn.configure({ httpFailNext: { "cgi-bin/freepublish/get": [502] } });
    expect(await caught(wx.getPublishStatus("1"))).toMatchObject({ permanent: false, code: "UNAVAILABLE" });
    standIn.configure({ delayMs: { "cgi-bin/freepublish/get": 1000 } });
    expect(await caught(wx.getPublishStatus("1"))).toMatchObject({ permanent: false, code: "TIMEOUT" });
  });

  it("rejects non-JPG/PNG and oversized images in uploadimg as permanent (40005, 40009)", async () => {
    const wx = client();
    const badType = await caught(wx.uploadImg({ data: gif, filename: "a.gif", contentType: "image/gif" }));
    expect(badType).toMatchObject({ permanent: true, code: "INVALID_PAYLOAD" });
    expect(badType.vendor?.code).toBe(40005);
    // A JPEG header followed by 1 MB of data: the stand-in checks magic bytes and size, like the API.
    const huge = Buffer.concat([await sharp({ create: { width: 50, height: 50, channels: 3, background: "#888" } }).jpeg().toBuffer(), randomBytes(1024 * 1024)]);
    const tooLarge = await caught(wx.uploadImg({ data: huge, filename: "a.jpg", contentType: "image/jpeg" }));
    expect(tooLarge.vendor?.code).toBe(40009);
    expect(tooLarge.permanent).toBe(true);
  });
});
