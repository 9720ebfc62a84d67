import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORDING_STARTER } from "../../lib/self-check/wording-starter";
import { checkPublishedText } from "../../lib/self-check/wording";
import { classifyPath, extractLinks } from "../../lib/self-check/links";
import { readSummary, summarise, vetoCountOf } from "../../lib/self-check/indicators";
import { trendChart } from "../../lib/self-check/trend-chart";
import { fingerprintOf } from "../../lib/scan/scan-text";
import { maskLongNumbers } from "../../lib/self-check/weekly-report";

const rules = { scan: {}, wording: [...WORDING_STARTER] };
const text = (body: string) => ({ title: "关于做好有关工作的通知", summary: "通知有关工作安排。", documentNumber: null, bodyHtml: `<p>${body}</p>`, attachments: [] });

describe("错敏词 starter list", () => {
  it("has unique wrong forms, none inside its own correct form, and ships in the migration", () => {
    const wrongs = WORDING_STARTER.map((w) => w.wrong);
    expect(new Set(wrongs).size).toBe(wrongs.length);
    for (const w of WORDING_STARTER) expect(w.correct.includes(w.wrong), w.wrong).toBe(false);
    const sql = readFileSync("prisma/migrations/20261205080000_self_check/migration.sql", "utf8");
    for (const w of WORDING_STARTER) expect(sql).toContain(`'${w.wrong}', '${w.correct}'`);
  });

  it("flags a wrong form with its correct one, in body and attachments, and leaves correct text alone", () => {
    const found = checkPublishedText({ ...text("认真贯切落实，截止目前已完成。"), attachments: [{ name: "名单.pdf", text: "台湾政府" }] }, rules, []);
    expect(found.map((f) => f.message)).toEqual([
      "“贯切落实”应为“贯彻落实”（常见错别字）",
      "“截止目前”应为“截至目前”（常见错别字）",
      "“台湾政府”应为“台湾当局”（涉及国家主权和领土的表述错误）",
    ]);
    expect(found[2].location).toBe("附件“名单.pdf”");
    expect(checkPublishedText(text("认真贯彻落实，截至目前已完成，香港特别行政区政府来函。"), rules, [])).toEqual([]);
  });

  it("does not flag a listed form that is part of the correct one the office wrote", () => {
    const r = { scan: {}, wording: [{ wrong: "高新区管委", correct: "淄博高新区管委会", note: "" }] };
    expect(checkPublishedText(text("淄博高新区管委会印发"), r, [])).toEqual([]);
    expect(checkPublishedText(text("高新区管委印发"), r, [])).toHaveLength(1);
  });

  it("respects a 保密审查员's dismissal by fingerprint, but not for a different finding", () => {
    const id = "11010519491231002X";
    const [f] = checkPublishedText(text(`身份证号${id}`), rules, []);
    expect(f.kind).toBe("resident_id");
    expect(checkPublishedText(text(`身份证号${id}`), rules, [fingerprintOf("resident_id", id)])).toEqual([]);
    expect(checkPublishedText(text(`身份证号${id}，贯切落实`), rules, [fingerprintOf("resident_id", id)]).map((x) => x.kind)).toEqual(["错敏词"]);
  });
});

describe("the gate's own options", () => {
  it("does not flag the office's own published numbers, as the approval gate does not", () => {
    const body = "咨询电话：13905330000";
    expect(checkPublishedText(text(body), rules, [])).toHaveLength(1);
    expect(checkPublishedText(text(body), { ...rules, scan: { publicNumbers: ["139-0533-0000"] } }, [])).toEqual([]);
  });
});

describe("links on published pages", () => {
  const hosts = new Set(["gk.sibaoshan.gov.cn"]);
  it("tells internal links from outside ones and skips anchors, mail and phone links", () => {
    const links = extractLinks(
      `<a href="/items/abc">a</a><a href="https://gk.sibaoshan.gov.cn/catalogue/tjsj?page=2">b</a><a href="https://www.gov.cn/">c</a>` +
        `<a href="#top">d</a><a href="mailto:x@y.cn">e</a><a href="tel:0533">f</a><img src="/items/abc/attachments/def">`,
      hosts,
    );
    expect(links).toEqual([
      { url: "/items/abc", path: "/items/abc" },
      { url: "https://gk.sibaoshan.gov.cn/catalogue/tjsj?page=2", path: "/catalogue/tjsj" },
      { url: "https://www.gov.cn/", path: null },
      { url: "/items/abc/attachments/def", path: "/items/abc/attachments/def" },
    ]);
  });
  it("resolves internal paths to what the portal serves", () => {
    expect(classifyPath("/items/abc")).toEqual({ kind: "item", itemId: "abc" });
    expect(classifyPath("/items/abc/attachments/def")).toEqual({ kind: "attachment", itemId: "abc", attachmentId: "def" });
    expect(classifyPath("/catalogue/tjsj/2025")).toEqual({ kind: "category", code: "tjsj" });
    expect(classifyPath("/guide")).toEqual({ kind: "fixed" });
    expect(classifyPath("/feed/tjsj")).toEqual({ kind: "fixed" });
    expect(classifyPath("/old/page.html")).toEqual({ kind: "unknown" });
  });
});

describe("summary", () => {
  it("colours an indicator by its worst finding; INFO never colours", () => {
    const s = summarise([
      { indicator: "BROKEN_LINKS", level: "INFO", key: "a", title: "", detail: "", link: null },
      { indicator: "HOME_STALE", level: "RED", key: "b", title: "", detail: "", link: null },
      { indicator: "METADATA", level: "AMBER", key: "c", title: "", detail: "", link: null },
    ]);
    expect(s.BROKEN_LINKS).toEqual({ light: "GREEN", red: 0, amber: 0, info: 1 });
    expect(s.HOME_STALE.light).toBe("RED");
    expect(s.METADATA.light).toBe("AMBER");
    expect(vetoCountOf(s)).toBe(1);
    expect(readSummary(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(readSummary(null).HOME_STALE.light).toBe("GREEN");
  });

  it("draws the trend with a description that says only what the runs show", () => {
    const svg = trendChart({
      id: "t",
      title: "首页更新近90天自查结果",
      points: [
        { day: "2026-11-01", red: null, amber: null },
        { day: "2026-11-02", red: 2, amber: 1 },
        { day: "2026-11-03", red: 0, amber: 0 },
      ],
    });
    expect(svg).toContain("<title id=\"t-t\">首页更新近90天自查结果</title>");
    expect(svg).toContain("近3天中2天有自查记录；最近一次（2026-11-03）单项否决0项、需整改0项；期间单项否决最多2项。");
    expect(svg).toContain("2026-11-02：单项否决2项，需整改1项");
  });
});

describe("weekly report text", () => {
  it("masks long numbers (ID, card, mobile) in excerpts, leaving office phone numbers and dates", () => {
    expect(maskLongNumbers("身份证号码11010519491231002X，手机13800138000，电话0533-3581234，2026年11月20日")).toBe(
      "身份证号码110****02X，手机138****00，电话0533-3581234，2026年11月20日",
    );
  });
});
