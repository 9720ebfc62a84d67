import { describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import type { PublishedItemDTO } from "../../lib/channels/types";
import {
  buildWeChatContent,
  checkWeChatLimits,
  toWeChatArticle,
  weChatAuthor,
} from "../../lib/channels/wechat/to-wechat-article";
import { weChatApiError } from "../../lib/channels/wechat/errors";

function item(overrides: Partial<PublishedItemDTO> = {}): PublishedItemDTO {
  return {
    id: "item-1",
    version: 1,
    indexNo: "000014349/2025-00012",
    title: "关于开展2025年春季爱国卫生运动的通知",
    summary: "街道将于三月开展春季爱国卫生运动，请各社区做好组织工作。",
    bodyHtml: "<p>各社区：</p><p>现将有关事项通知如下。</p>",
    category: { code: "TZGG", name: "通知公告" },
    departmentName: "四宝山街道党政办公室",
    generatedDate: "2025-03-01",
    documentNumber: "四宝山办发〔2025〕3号",
    topic: "卫生、体育",
    validity: { status: "valid" },
    disclosureMethod: "主动公开",
    disclosureScope: "面向社会",
    publishedAt: "2025-03-02T09:30:00+08:00",
    portalUrl: "https://gk.sibaoshan.example.cn/items/item-1",
    attachments: [],
    ...overrides,
  };
}

const chars = (n: number, c = "字") => c.repeat(n);

describe("toWeChatArticle", () => {
  it("maps an item to a news article with comments closed and the portal as 阅读原文", () => {
    const a = toWeChatArticle(item(), { content: "<p>正文</p>", thumbMediaId: "MEDIA_1" });
    expect(a).toEqual({
      article_type: "news",
      title: "关于开展2025年春季爱国卫生运动的通知",
      author: "四宝山街道党政办公室",
      digest: "街道将于三月开展春季爱国卫生运动，请各社区做好组织工作。",
      content: "<p>正文</p>",
      content_source_url: "https://gk.sibaoshan.example.cn/items/item-1",
      thumb_media_id: "MEDIA_1",
      need_open_comment: 0,
      only_fans_can_comment: 0,
    });
  });

  it("accepts a title of exactly 32 characters and refuses 33 as a permanent payload error", () => {
    expect(toWeChatArticle(item({ title: chars(32) }), { content: "<p>x</p>", thumbMediaId: "m" }).title).toBe(chars(32));
    let error: unknown;
    try {
      toWeChatArticle(item({ title: chars(33) }), { content: "<p>x</p>", thumbMediaId: "m" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).permanent).toBe(true);
    expect((error as ChannelError).code).toBe("INVALID_PAYLOAD");
    expect((error as ChannelError).message).toContain("32");
  });

  it("shortens a digest over 128 characters to 128 with an ellipsis", () => {
    const a = toWeChatArticle(item({ summary: chars(200) }), { content: "<p>x</p>", thumbMediaId: "m" });
    expect(Array.from(a.digest)).toHaveLength(128);
    expect(a.digest.endsWith("…")).toBe(true);
  });

  it("uses the office's name as author when the department name exceeds 16 characters", () => {
    expect(weChatAuthor({ departmentName: chars(17) })).toBe("四宝山街道办事处");
    expect(weChatAuthor({ departmentName: chars(16) })).toBe(chars(16));
  });

  it("refuses content of 20,000 characters or 1 MB", () => {
    expect(() => toWeChatArticle(item(), { content: chars(20_000, "a"), thumbMediaId: "m" })).toThrow(/2万字/);
    expect(() => toWeChatArticle(item(), { content: chars(19_999, "a"), thumbMediaId: "m" })).not.toThrow();
  });

  it("omits content_source_url when the portal URL exceeds 1 KB", () => {
    const a = toWeChatArticle(item({ portalUrl: `https://x.cn/${"a".repeat(1100)}` }), { content: "<p>x</p>", thumbMediaId: "m" });
    expect(a.content_source_url).toBe("");
  });
});

describe("buildWeChatContent", () => {
  it("adds the catalogue block and names the attachments, pointing to 阅读原文 for downloads", () => {
    const html = buildWeChatContent(
      item({ attachments: [{ name: "报名表.docx", mime: "application/msword", size: 1, sha256: "a", url: "https://x/a" }] }),
    ).withImages({});
    expect(html).toContain("索引号：000014349/2025-00012");
    expect(html).toContain("发布机构：四宝山街道党政办公室");
    expect(html).toContain("文号：四宝山办发〔2025〕3号");
    expect(html).toContain("生成日期：2025-03-01");
    expect(html).toContain("附件：报名表.docx");
    expect(html).toContain("阅读原文");
    expect(html).toContain("现将有关事项通知如下。");
  });

  it("leaves out 文号 when the item has none", () => {
    expect(buildWeChatContent(item({ documentNumber: null })).withImages({})).not.toContain("文号");
  });
});

describe("checkWeChatLimits", () => {
  it("finds nothing to say about an ordinary item", () => {
    expect(checkWeChatLimits(item())).toEqual([]);
  });

  it("blocks a title over 32 characters with a message telling staff to shorten it", () => {
    const warnings = checkWeChatLimits(item({ title: chars(40) }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ field: "title", blocking: true });
    expect(warnings[0].message).toContain("标题超过32个字");
    expect(warnings[0].message).toContain("请精简标题");
  });

  it("notes, without blocking, a long summary, a long department name and a long portal URL", () => {
    const warnings = checkWeChatLimits(
      item({ summary: chars(129), departmentName: chars(17), portalUrl: `https://x.cn/${"a".repeat(1100)}` }),
    );
    expect(warnings.map((w) => w.field).sort()).toEqual(["author", "content_source_url", "digest"]);
    expect(warnings.every((w) => !w.blocking)).toBe(true);
    expect(warnings.find((w) => w.field === "digest")!.message).toContain("摘要将被截断");
  });

  it("warns, without blocking, that a body over 20,000 characters goes out as a condensed edition", () => {
    const long = `<p>${chars(19_500)}</p><p>${chars(600)}</p>`;
    const warnings = checkWeChatLimits(item({ bodyHtml: long }));
    expect(warnings).toEqual([expect.objectContaining({ field: "content", blocking: false })]);
    expect(warnings[0].message).toContain("节选版");
  });

  it("condenses an over-long body: summary and opening text, no tables, a pointer to 阅读原文, within the limit", () => {
    const cells = Array.from({ length: 400 }, (_, i) => `<td>第${i}格数据</td>`).join("");
    const body = `<p>报告开头第一段。</p><table><tr>${cells}</tr></table><p>报告结尾一段。</p>`.repeat(8);
    const html = buildWeChatContent(item({ bodyHtml: body, summary: "年度报告概述" })).withImages({});
    expect(html.length).toBeLessThan(20_000);
    expect(html).toContain("内容概述：年度报告概述");
    expect(html).toContain("报告开头第一段。");
    expect(html).not.toContain("<table");
    expect(html).toContain("阅读原文");
  });

  it("warns about non-JPG/PNG images and external links", () => {
    const warnings = checkWeChatLimits(
      item({ bodyHtml: `<p><img src="/a.gif"></p><p><a href="https://www.gov.cn/">中国政府网</a></p>` }),
    );
    expect(warnings.map((w) => w.field).sort()).toEqual(["images", "links"]);
  });
});

describe("weChatApiError", () => {
  it.each([
    [-1, false, "UNAVAILABLE"],
    [40164, true, "CONFIGURATION"],
    [40013, true, "CONFIGURATION"],
    [40243, true, "CONFIGURATION"],
    [45009, true, "QUOTA_EXCEEDED"],
    [48001, true, "CONFIGURATION"],
    [40005, true, "INVALID_PAYLOAD"],
    [40009, true, "INVALID_PAYLOAD"],
    [42001, false, "AUTH_FAILED"],
    [99999, true, "REJECTED"],
  ] as const)("classifies errcode %i as permanent=%s (%s)", (errcode, permanent, code) => {
    const e = weChatApiError(errcode, "msg", "cgi-bin/draft/add");
    expect(e.permanent).toBe(permanent);
    expect(e.code).toBe(code);
    expect(e.channel).toBe("wechat");
    expect(e.vendor).toMatchObject({ code: errcode, message: "msg" });
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("tells staff exactly what is wrong when the server IP is not whitelisted", () => {
    expect(weChatApiError(40164, "invalid ip", "cgi-bin/token").message).toContain("公众号配置错误：服务器IP未加入白名单");
  });
});
