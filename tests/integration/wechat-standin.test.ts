import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWeChatStandIn, type WeChatStandIn } from "../../stand-ins/wechat-server";

// The stand-in is driven over HTTP by e2e tests in another process: its admin endpoints and its
// token rules are part of what the project relies on.

let standIn: WeChatStandIn;

async function getToken(secret = "sec"): Promise<Record<string, unknown>> {
  const res = await fetch(`${standIn.url}/cgi-bin/token?grant_type=client_credential&appid=wxA&secret=${secret}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function submit(token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${standIn.url}/cgi-bin/freepublish/submit?access_token=${encodeURIComponent(token)}`, {
    method: "POST",
    body: JSON.stringify({ media_id: "none" }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  standIn = await startWeChatStandIn({ port: 0, appId: "wxA", appSecret: "sec" });
});
beforeEach(async () => {
  await fetch(`${standIn.url}/__standin/reset`, { method: "POST" });
});
afterAll(async () => {
  await standIn?.close();
});

describe("WeChat stand-in", () => {
  it("issues a new token per call and retires the previous one after the overlap (40001)", async () => {
    await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ tokenOverlapMs: 200 }) });
    const first = await getToken();
    expect(first).toMatchObject({ expires_in: 7200 });
    const second = await getToken();
    expect(second.access_token).not.toBe(first.access_token);
    // Within the overlap both work (the call then fails for its own reason: unknown media_id).
    expect((await submit(String(first.access_token))).errcode).toBe(40007);
    await new Promise((r) => setTimeout(r, 250));
    expect((await submit(String(first.access_token))).errcode).toBe(40001);
    expect((await submit(String(second.access_token))).errcode).toBe(40007);
  });

  it("expires tokens after their lifetime (42001) and answers errors with HTTP 200", async () => {
    await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ tokenLifetimeMs: 100 }) });
    const { access_token } = await getToken();
    await new Promise((r) => setTimeout(r, 150));
    const body = await submit(String(access_token));
    expect(body.errcode).toBe(42001);
    expect(String(body.errmsg)).toContain("access_token expired");
  });

  it("rejects a wrong secret (40001 as the token page documents, 40125 by switch), a frozen secret (40243) and a missing token (41001)", async () => {
    expect((await getToken("nope")).errcode).toBe(40001);
    await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ wrongSecretErrcode: 40125 }) });
    expect((await getToken("nope")).errcode).toBe(40125);
    await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ secretFrozen: true }) });
    expect((await getToken()).errcode).toBe(40243);
    expect((await submit("")).errcode).toBe(41001);
  });

  it("validates draft fields with the platform's errcodes", async () => {
    const { access_token } = await getToken();
    const form = new FormData();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    form.append("media", new Blob([jpeg], { type: "image/jpeg" }), "c.jpg");
    const mat = (await (
      await fetch(`${standIn.url}/cgi-bin/material/add_material?type=image&access_token=${access_token}`, { method: "POST", body: form })
    ).json()) as { media_id: string };
    const draft = async (patch: Record<string, unknown>) => {
      const article = { title: "标题", content: "<p>正文</p>", thumb_media_id: mat.media_id, ...patch };
      const res = await fetch(`${standIn.url}/cgi-bin/draft/add?access_token=${access_token}`, {
        method: "POST",
        body: JSON.stringify({ articles: [article] }),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    expect((await draft({})).media_id).toBeTruthy();
    expect((await draft({ title: "字".repeat(33) })).errcode).toBe(45003);
    expect((await draft({ author: "字".repeat(17) })).errcode).toBe(45110);
    expect((await draft({ digest: "字".repeat(129) })).errcode).toBe(45004);
    expect((await draft({ content: "a".repeat(20_000) })).errcode).toBe(45002);
    expect((await draft({ content_source_url: `https://x/${"a".repeat(1100)}` })).errcode).toBe(45005);
    expect((await draft({ thumb_media_id: "nope" })).errcode).toBe(40007);
  });

  it("lets another process script behaviour and read counters over HTTP", async () => {
    await fetch(`${standIn.url}/__standin/config`, {
      method: "POST",
      body: JSON.stringify({ quotas: { "cgi-bin/freepublish/submit": 1 }, publishOutcome: 3 }),
    });
    const { access_token } = await getToken();
    expect((await submit(String(access_token))).errcode).toBe(40007);
    expect((await submit(String(access_token))).errcode).toBe(45009);
    await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ expireTokens: true }) });
    expect((await submit(String(access_token))).errcode).toBe(42001);

    const state = (await (await fetch(`${standIn.url}/__standin/state`)).json()) as {
      counters: { tokenRequests: number; calls: Record<string, number> };
      config: { publishOutcome: number };
      tokens: { valid: boolean }[];
    };
    expect(state.counters.tokenRequests).toBe(1);
    expect(state.counters.calls["cgi-bin/freepublish/submit"]).toBe(3);
    expect(state.config.publishOutcome).toBe(3);
    expect(state.tokens).toEqual([expect.objectContaining({ valid: false })]);

    await fetch(`${standIn.url}/__standin/reset`, { method: "POST" });
    const after = (await (await fetch(`${standIn.url}/__standin/state`)).json()) as typeof state;
    expect(after.counters).toEqual({ tokenRequests: 0, calls: {} });
    expect(after.config.publishOutcome).toBe(0);
  });
  describe("not friendlier than the documentation", () => {
    async function api(token: string, endpoint: string, body: unknown): Promise<Record<string, unknown>> {
      const res = await fetch(`${standIn.url}/cgi-bin/${endpoint}?access_token=${encodeURIComponent(token)}`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      return (await res.json()) as Record<string, unknown>;
    }
    async function draftOf(token: string): Promise<string> {
      const form = new FormData();
      form.append("media", new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])], { type: "image/jpeg" }), "c.jpg");
      const mat = (await (await fetch(`${standIn.url}/cgi-bin/material/add_material?type=image&access_token=${token}`, { method: "POST", body: form })).json()) as {
        media_id: string;
      };
      const d = await api(token, "draft/add", { articles: [{ title: "标题", content: "<p>正文</p>", thumb_media_id: mat.media_id }] });
      return String(d.media_id);
    }
    const published = async () =>
      ((await (await fetch(`${standIn.url}/__standin/state`)).json()) as { published: unknown[] }).published.length;

    it("publishes a resubmitted draft a second time (nothing documents a 40007 for it)", async () => {
      const token = String((await getToken()).access_token);
      const mediaId = await draftOf(token);
      const first = await api(token, "freepublish/submit", { media_id: mediaId });
      const second = await api(token, "freepublish/submit", { media_id: mediaId });
      expect(first.errcode).toBe(0);
      expect(second.errcode).toBe(0);
      await api(token, "freepublish/get", { publish_id: first.publish_id });
      await api(token, "freepublish/get", { publish_id: second.publish_id });
      expect(await published()).toBe(2);
      // draft/delete removes it; a second delete answers 40007.
      expect((await api(token, "draft/delete", { media_id: mediaId })).errcode).toBe(0);
      expect((await api(token, "draft/delete", { media_id: mediaId })).errcode).toBe(40007);
    });

    it("carries out a call whose answer it then loses, and takes several polls and some time to publish", async () => {
      await fetch(`${standIn.url}/__standin/config`, {
        method: "POST",
        body: JSON.stringify({ loseAnswerNext: { "cgi-bin/freepublish/submit": 1 }, publishPendingPolls: 2, publishDelayMs: 300 }),
      });
      const token = String((await getToken()).access_token);
      const mediaId = await draftOf(token);
      await expect(api(token, "freepublish/submit", { media_id: mediaId })).rejects.toThrow();
      const state = (await (await fetch(`${standIn.url}/__standin/state`)).json()) as { publishes: { publishId: string }[]; counters: { lostAnswers: number } };
      expect(state.counters.lostAnswers).toBe(1);
      expect(state.publishes).toHaveLength(1);
      const id = state.publishes[0].publishId;
      expect((await api(token, "freepublish/get", { publish_id: id })).publish_status).toBe(1);
      expect((await api(token, "freepublish/get", { publish_id: id })).publish_status).toBe(1);
      // batchget shows only finished publications.
      expect((await api(token, "freepublish/batchget", { offset: 0, count: 20 })).total_count).toBe(0);
      await new Promise((r) => setTimeout(r, 350));
      expect((await api(token, "freepublish/get", { publish_id: id })).publish_status).toBe(0);
      expect((await api(token, "freepublish/batchget", { offset: 0, count: 20 })).total_count).toBe(1);
    });

    it("answers -1 (system busy) at the configured rate without carrying the call out", async () => {
      await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ busyRate: 0.6, faults: { seed: 3 } }) });
      let busy = 0;
      for (let i = 0; i < 100; i++) if ((await getToken()).errcode === -1) busy++;
      expect(busy).toBeGreaterThan(45);
      expect(busy).toBeLessThan(75);
      const state = (await (await fetch(`${standIn.url}/__standin/state`)).json()) as { counters: { tokenRequests: number } };
      expect(state.counters.tokenRequests).toBe(100 - busy);
    });

    it.each([53600, 40007])("answers %i to a delete of an article it does not hold, including one deleted already", async (code) => {
      await fetch(`${standIn.url}/__standin/config`, { method: "POST", body: JSON.stringify({ unknownArticleErrcode: code }) });
      const token = String((await getToken()).access_token);
      const mediaId = await draftOf(token);
      const sub = await api(token, "freepublish/submit", { media_id: mediaId });
      const got = await api(token, "freepublish/get", { publish_id: sub.publish_id });
      expect((await api(token, "freepublish/delete", { article_id: "nope", index: 0 })).errcode).toBe(code);
      expect((await api(token, "freepublish/delete", { article_id: got.article_id, index: 0 })).errcode).toBe(0);
      expect((await api(token, "freepublish/delete", { article_id: got.article_id, index: 0 })).errcode).toBe(code);
    });
  });
});
