import { describe, expect, it } from "vitest";
import { createTakenDownGate, itemIdOfPath, takedownNoticeHtml, takedownPageResponse, attachmentGoneResponse } from "../../lib/portal/takedown-notice";

describe("the 紧急下架 notice", () => {
  it("names only the title and the 索引号, escaped, and answers 410 with a short shared-cache lifetime", async () => {
    const res = takedownPageResponse({ title: "关于<script>低保</script>名单的公示", indexNo: "11370303MB2858426L/2026-00012" });
    expect(res.status).toBe(410);
    const cc = res.headers.get("cache-control")!;
    const sMaxAge = Number(/s-maxage=(\d+)/.exec(cc)?.[1]);
    expect(sMaxAge).toBeLessThanOrEqual(10);
    const html = await res.text();
    expect(html).toContain("11370303MB2858426L/2026-00012");
    expect(html).toContain("关于&lt;script&gt;低保&lt;/script&gt;名单的公示");
    expect(html).not.toContain("<script>");
    expect(html).toContain("该信息已停止公开");
  });

  it("gives an attachment URL a 410 without any file name", async () => {
    const res = attachmentGoneResponse();
    expect(res.status).toBe(410);
    expect(await res.text()).toBe("该附件已停止公开。");
  });

  it("recognises item pages and their attachment URLs only", () => {
    expect(itemIdOfPath("/items/cmabc12345xyz")).toEqual({ id: "cmabc12345xyz", attachment: false });
    expect(itemIdOfPath("/items/cmabc12345xyz/attachments/cmatt0000001")).toEqual({ id: "cmabc12345xyz", attachment: true });
    expect(itemIdOfPath("/items")).toBeNull();
    expect(itemIdOfPath("/itemsx/cmabc12345xyz")).toBeNull();
    expect(itemIdOfPath("/items/../console")).toBeNull();
    expect(takedownNoticeHtml({ title: "t", indexNo: "i" })).not.toMatch(/正文|附件/);
  });
});

describe("the proxy's taken-down gate", () => {
  it("asks the internal list at most once per ttl, one request at a time, and passes through when it cannot", async () => {
    let calls = 0;
    let list = [{ id: "item00000001", title: "甲", indexNo: "X/2026-00001" }];
    let fail = false;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls++;
      expect(url).toBe("http://web/api/internal/taken-down");
      expect((init.headers as Record<string, string>)["x-internal-secret"]).toBe("s3cret");
      await new Promise((r) => setTimeout(r, 5));
      if (fail) return new Response("no", { status: 503 });
      return Response.json({ items: list });
    }) as unknown as typeof fetch;
    const gate = createTakenDownGate({ origin: () => "http://web", secret: () => "s3cret", ttlMs: 50, fetchImpl });
    const [a, b] = await Promise.all([gate("item00000001"), gate("item00000002")]);
    expect(a?.indexNo).toBe("X/2026-00001");
    expect(b).toBeNull();
    expect(calls).toBe(1);
    list = [];
    expect(await gate("item00000001")).not.toBeNull(); // still within the ttl
    await new Promise((r) => setTimeout(r, 60));
    expect(await gate("item00000001")).toBeNull(); // republished: the page is served again
    fail = true;
    await new Promise((r) => setTimeout(r, 60));
    expect(await gate("item00000001")).toBeNull();
    expect(calls).toBe(3);
  });
});
