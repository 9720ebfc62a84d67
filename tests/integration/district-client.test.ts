import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import type { PublishedItemDTO } from "../../lib/channels/types";
import { createDistrictClient, type DistrictClientOptions } from "../../lib/channels/district/client";
import { toDistrictPayload } from "../../lib/channels/district/to-district-payload";
import { startDistrictStandIn, type DistrictStandIn } from "../../stand-ins/district-server";

const KEY_ID = "sibaoshan-test";
const SECRET = "integration-secret-0123456789";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const pdf = new TextEncoder().encode("%PDF-1.4 四宝山街道 统计数据");

let serial = 0;
function item(overrides: Partial<PublishedItemDTO> = {}): PublishedItemDTO {
  serial += 1;
  return {
    id: `itm_${serial}`,
    version: 1,
    indexNo: `000014349/2024-${String(serial).padStart(5, "0")}`,
    title: "四宝山街道2024年统计数据",
    summary: "公开街道2024年主要统计数据。",
    bodyHtml: "<p>全文如下。</p>",
    category: { code: "TJSJ", name: "统计数据" },
    departmentName: "四宝山街道办事处经济发展办公室",
    generatedDate: "2024-05-01",
    documentNumber: null,
    topic: "统计",
    validity: { status: "valid" },
    disclosureMethod: "主动公开",
    disclosureScope: "面向社会",
    publishedAt: "2024-05-06T09:30:00+08:00",
    portalUrl: `http://localhost:3000/items/itm_${serial}`,
    attachments: [{ name: "统计表.pdf", mime: "application/pdf", size: pdf.byteLength, sha256: sha(pdf), url: "http://localhost:3000/f/1" }],
    ...overrides,
  };
}
const payloadOf = (i: PublishedItemDTO) => toDistrictPayload(i, { attachmentContents: new Map([[sha(pdf), pdf]]) });

let standIn: DistrictStandIn;
const client = (overrides: Partial<DistrictClientOptions> = {}) =>
  createDistrictClient({ baseUrl: standIn.url, keyId: KEY_ID, secret: SECRET, timeoutMs: 5_000, ...overrides });

async function channelErrorOf(promise: Promise<unknown>): Promise<ChannelError> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(ChannelError);
  return e as ChannelError;
}

beforeAll(async () => {
  standIn = await startDistrictStandIn({ port: 0, keyId: KEY_ID, secret: SECRET });
});
afterEach(() => standIn.setFaults({}));
afterAll(async () => {
  await standIn.close();
});

describe("district client against the stand-in", () => {
  it("publishes an item and reads back its status and a working public URL", async () => {
    const i = item();
    const published = await client().upsertItem(payloadOf(i));
    expect(published).toMatchObject({ status: "published", version: 1, outcome: "created" });
    expect(published.externalId).toMatch(/^dst_/);
    expect(published.publicUrl).toBe(`${standIn.url}/public/${encodeURIComponent(i.indexNo)}`);

    const read = await client().getItem(i.indexNo);
    expect(read).toMatchObject({ externalId: published.externalId, status: "published", version: 1, publicUrl: published.publicUrl });

    const page = await fetch(published.publicUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("四宝山街道2024年统计数据");
    expect(html).toContain("已发布");

    const stored = standIn.item(i.indexNo)!;
    expect(stored.versions[0].payload.attachments[0].contentBase64).toBe(Buffer.from(pdf).toString("base64"));
  });

  it("stores a re-sent identical upsert once and answers with the same record", async () => {
    const i = item();
    const payload = payloadOf(i);
    const first = await client().upsertItem(payload);
    const before = standIn.stats().byOperation.upsert;
    const again = await client().upsertItem(payloadOf(i));
    expect(again.outcome).toBe("unchanged");
    expect(again.externalId).toBe(first.externalId);
    expect(again.record).toEqual(first.record);
    expect(standIn.item(i.indexNo)!.versions).toHaveLength(1);
    expect(standIn.stats().byOperation.upsert).toBe(before + 1);
  });

  it("accepts a newer version and refuses an older one that it never stored", async () => {
    const i = item({ version: 3 });
    await client().upsertItem(payloadOf(i));
    const updated = await client().upsertItem(payloadOf({ ...i, version: 4, title: "四宝山街道2024年统计数据（修订）" }));
    expect(updated).toMatchObject({ outcome: "updated", version: 4 });
    expect(updated.record.title).toBe("四宝山街道2024年统计数据（修订）");

    const stale = await channelErrorOf(client().upsertItem(payloadOf({ ...i, version: 2 })));
    expect(stale).toMatchObject({ permanent: true, code: "CONFLICT", vendor: { httpStatus: 409, code: "STALE_VERSION" } });
    expect(stale.message).toContain("更新的版本");

    // A late retry of a version it already holds is a replay, not a conflict.
    expect((await client().upsertItem(payloadOf(i))).outcome).toBe("unchanged");
  });

  it("refuses different content under a version it already holds", async () => {
    const i = item();
    await client().upsertItem(payloadOf(i));
    const e = await channelErrorOf(client().upsertItem({ ...payloadOf({ ...i, title: "另一个标题" }), idempotencyKey: "other-key" }));
    expect(e).toMatchObject({ permanent: true, code: "CONFLICT", vendor: { code: "VERSION_CONFLICT" } });
    const reused = await channelErrorOf(client().upsertItem(payloadOf({ ...i, title: "另一个标题" })));
    expect(reused).toMatchObject({ permanent: true, code: "CONFLICT", vendor: { httpStatus: 422, code: "IDEMPOTENCY_KEY_REUSED" } });
  });

  it("withdraws idempotently, shows it as withdrawn and keeps the public page with the reason", async () => {
    const i = item();
    await client().upsertItem(payloadOf(i));
    const withdrawn = await client().withdrawItem({ indexNo: i.indexNo, reason: "信息有误，予以撤回", version: 1 });
    expect(withdrawn).toMatchObject({ status: "withdrawn", outcome: "withdrawn" });
    expect(withdrawn.record.withdrawnReason).toBe("信息有误，予以撤回");

    const again = await client().withdrawItem({ indexNo: i.indexNo, reason: "重复撤回" });
    expect(again.outcome).toBe("unchanged");
    expect(again.record.withdrawnReason).toBe("信息有误，予以撤回");

    expect(await client().getItem(i.indexNo)).toMatchObject({ status: "withdrawn", version: 1 });
    const html = await (await fetch(withdrawn.publicUrl)).text();
    expect(html).toContain("已撤回");
    expect(html).toContain("信息有误，予以撤回");
  });

  it("refuses to republish a withdrawn item below the withdrawn version, and republishes above it", async () => {
    const i = item();
    await client().upsertItem(payloadOf(i));
    await client().withdrawItem({ indexNo: i.indexNo, reason: "撤回", version: 2 });
    const e = await channelErrorOf(client().upsertItem(payloadOf({ ...i, version: 2 })));
    expect(e).toMatchObject({ permanent: true, code: "CONFLICT", vendor: { code: "ITEM_WITHDRAWN" } });
    const republished = await client().upsertItem(payloadOf({ ...i, version: 3 }));
    expect(republished).toMatchObject({ status: "published", version: 3, outcome: "updated" });
    expect(republished.record.withdrawnAt).toBeNull();
  });

  it("returns null for an unknown item and a permanent NOT_FOUND when withdrawing it", async () => {
    expect(await client().getItem("000014349/1999-00001")).toBeNull();
    const e = await channelErrorOf(client().withdrawItem({ indexNo: "000014349/1999-00001", reason: "撤回" }));
    expect(e).toMatchObject({ permanent: true, code: "NOT_FOUND", vendor: { httpStatus: 404, code: "ITEM_NOT_FOUND" } });
  });

  it("requires a withdrawal reason before calling the district", async () => {
    const before = standIn.stats().received;
    const e = await channelErrorOf(client().withdrawItem({ indexNo: "000014349/1999-00001", reason: "  " }));
    expect(e).toMatchObject({ permanent: true, code: "INVALID_PAYLOAD" });
    expect(standIn.stats().received).toBe(before);
  });

  it("fails permanently with a wrong secret or an unknown key, storing nothing", async () => {
    const i = item();
    const badSecret = await channelErrorOf(client({ secret: "wrong-secret" }).upsertItem(payloadOf(i)));
    expect(badSecret).toMatchObject({ permanent: true, code: "AUTH_FAILED", vendor: { httpStatus: 401, code: "AUTH_BAD_SIGNATURE" } });
    expect(badSecret.message).toContain("密钥");
    const badKey = await channelErrorOf(client({ keyId: "someone-else" }).getItem(i.indexNo));
    expect(badKey).toMatchObject({ permanent: true, code: "AUTH_FAILED", vendor: { code: "AUTH_UNKNOWN_KEY" } });
    expect(standIn.item(i.indexNo)).toBeUndefined();
  });

  it("refuses requests whose timestamp is more than 300 seconds off", async () => {
    const i = item();
    const late = await channelErrorOf(client({ now: () => Date.now() - 301_000 }).upsertItem(payloadOf(i)));
    expect(late).toMatchObject({ permanent: true, code: "AUTH_FAILED", vendor: { httpStatus: 401, code: "AUTH_STALE_TIMESTAMP" } });
    expect(late.message).toContain("服务器时钟");
    const early = await channelErrorOf(client({ now: () => Date.now() + 301_000 }).getItem(i.indexNo));
    expect(early.vendor?.code).toBe("AUTH_STALE_TIMESTAMP");
    expect(standIn.item(i.indexNo)).toBeUndefined();
  });

  it("refuses unsigned requests with a JSON error", async () => {
    const res = await fetch(`${standIn.url}/api/v1/items/000014349%2F2024-00001`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "AUTH_MISSING_HEADERS", message: expect.any(String) });
  });

  it("rejects permanently what breaks the contract even when signed correctly", async () => {
    const i = item();
    const invalid = await channelErrorOf(client().upsertItem({ ...payloadOf(i), title: "" }));
    expect(invalid).toMatchObject({ permanent: true, code: "REJECTED", vendor: { httpStatus: 400, code: "VALIDATION_FAILED" } });
    const p = payloadOf(i);
    const tampered = { ...p, attachments: [{ ...p.attachments[0], contentBase64: Buffer.from("other").toString("base64") }] };
    const digest = await channelErrorOf(client().upsertItem(tampered));
    expect(digest).toMatchObject({ permanent: true, code: "REJECTED", vendor: { httpStatus: 422, code: "ATTACHMENT_DIGEST_MISMATCH" } });
  });

  it("gives retryable errors while the district answers 5xx, and stores nothing", async () => {
    standIn.setFaults({ failureRate: 1 });
    const i = item();
    const e = await channelErrorOf(client().upsertItem(payloadOf(i)));
    expect(e).toMatchObject({ permanent: false, code: "UNAVAILABLE", vendor: { httpStatus: 503, code: "SERVICE_UNAVAILABLE" }, retryAfterMs: 1000 });
    expect((await channelErrorOf(client().getItem(i.indexNo))).permanent).toBe(false);
    standIn.setFaults({});
    expect(standIn.item(i.indexNo)).toBeUndefined();
    expect((await client().upsertItem(payloadOf(i))).outcome).toBe("created");
  });

  it("times out within the client's timeout with a retryable error; the retry is answered as a replay", async () => {
    standIn.setFaults({ timeoutRate: 1, hangMs: 30_000 });
    const i = item();
    const started = Date.now();
    const e = await channelErrorOf(client({ timeoutMs: 300 }).upsertItem(payloadOf(i)));
    const elapsed = Date.now() - started;
    expect(e).toMatchObject({ permanent: false, code: "TIMEOUT" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(standIn.stats().injectedTimeouts).toBeGreaterThanOrEqual(1);

    standIn.setFaults({});
    // The hung request was applied: the retry must not create a second copy.
    expect((await client().upsertItem(payloadOf(i))).outcome).toBe("unchanged");
    expect(standIn.item(i.indexNo)!.versions).toHaveLength(1);
  });

  it("adds latency without failing when the client waits long enough", async () => {
    standIn.setFaults({ latencyMs: 150 });
    const started = Date.now();
    expect(await client().getItem("000014349/1999-00002")).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("injects the same faults in the same order for the same seed", async () => {
    const pattern = async () => {
      standIn.setFaults({ failureRate: 0.5, seed: 42 });
      const outcomes: string[] = [];
      for (let n = 0; n < 16; n++) {
        outcomes.push(await client().getItem("000014349/1999-00003").then(() => "ok", (e: ChannelError) => e.code));
      }
      return outcomes;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first).toContain("ok");
    expect(first).toContain("UNAVAILABLE");
  });

  it("reports an unreachable district as a retryable network error", async () => {
    const gone = await startDistrictStandIn({ port: 0, keyId: KEY_ID, secret: SECRET });
    await gone.close();
    const e = await channelErrorOf(client({ baseUrl: gone.url }).getItem("000014349/1999-00004"));
    expect(e).toMatchObject({ permanent: false, code: "NETWORK" });
  });

  it("treats a base URL that does not speak the contract as a configuration error", async () => {
    const e = await channelErrorOf(client({ baseUrl: `${standIn.url}/wrong-prefix` }).getItem("000014349/1999-00005"));
    expect(e).toMatchObject({ permanent: true, code: "CONFIGURATION", vendor: { httpStatus: 404 } });
  });

  it("stops when the caller aborts, as a retryable error", async () => {
    standIn.setFaults({ latencyMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await channelErrorOf(client().getItem("000014349/1999-00006", { signal: controller.signal }));
    expect(e).toMatchObject({ permanent: false, code: "ABORTED" });
  });
});

describe("district stand-in admin endpoints", () => {
  it("lets another process set faults, inspect items without content, and reset", async () => {
    const i = item();
    await client().upsertItem(payloadOf(i));

    const listed = (await (await fetch(`${standIn.url}/__standin/items`)).json()) as {
      items: Array<{ indexNo: string; versions: Array<{ payload: { attachments: Array<Record<string, unknown>> } }> }>;
      stats: { received: number };
    };
    const mine = listed.items.find((x) => x.indexNo === i.indexNo)!;
    expect(mine.versions[0].payload.attachments[0]).not.toHaveProperty("contentBase64");
    expect(mine.versions[0].payload.attachments[0].contentLength).toBe(Buffer.from(pdf).toString("base64").length);
    expect(listed.stats.received).toBeGreaterThan(0);

    const set = await fetch(`${standIn.url}/__standin/faults`, { method: "POST", body: JSON.stringify({ failureRate: 1 }) });
    expect(((await set.json()) as { faults: { failureRate: number } }).faults.failureRate).toBe(1);
    expect((await channelErrorOf(client().getItem(i.indexNo))).code).toBe("UNAVAILABLE");

    const bad = await fetch(`${standIn.url}/__standin/faults`, { method: "POST", body: JSON.stringify({ failureRate: 2 }) });
    expect(bad.status).toBe(400);

    expect((await fetch(`${standIn.url}/__standin/reset`, { method: "POST" })).status).toBe(200);
    expect(standIn.items()).toEqual([]);
    expect(standIn.stats().received).toBe(0);
    expect(await client().getItem(i.indexNo)).toBeNull();
  });
});
