import { describe, expect, it } from "vitest";
import sanitizeHtml from "sanitize-html";
import {
  checkSectionText,
  editedSections,
  isSubheading,
  mergeTexts,
  sectionToText,
  suggestedText,
  textToSection,
} from "../../lib/annual-report/sections";
import { draftSections } from "../../lib/annual-report/drafts";
import { buildReportDocument } from "../../lib/annual-report/document";
import { renderReportHtml, reportPlainText } from "../../lib/annual-report/export-html";
import { renderLegacyReport } from "../../lib/annual-report/legacy";
import { BODY_SANITIZE_OPTIONS } from "../../lib/items/item-input";
import { ANNUAL_2017, SEED_2017_LEGACY_OPENING } from "../fixtures/annual-2017";

describe("section text", () => {
  it("round-trips a drafted section through the text box", () => {
    const d = draftSections(ANNUAL_2017);
    // Notes (what is missing and where to record it) are for the editor and are not part of the text.
    const strip = (s: typeof d.overview) => ({ ...s, subsections: s.subsections.map(({ notes: _n, ...x }) => x) });
    for (const s of [d.overview, d.other]) expect(textToSection(s.title, sectionToText(s))).toEqual(strip(s));
  });

  it("treats short （一）… lines without a full stop as sub-headings, long ones as paragraphs", () => {
    expect(isSubheading("（一）主动公开")).toBe(true);
    expect(isSubheading("（十二）其他")).toBe(true);
    expect(isSubheading("（一）健全制度，加强领导，认真做好政府信息公开工作。为确保……")).toBe(false);
    expect(isSubheading("一是加强学习培训")).toBe(false);
    const s = textToSection("五、存在的主要问题及改进情况", "引言段落。\r\n\r\n（一）问题\n一是……。\n\n（二）措施\n一是……。");
    expect(s.subsections).toEqual([
      { heading: null, paragraphs: ["引言段落。"] },
      { heading: "（一）问题", paragraphs: ["一是……。"] },
      { heading: "（二）措施", paragraphs: ["一是……。"] },
    ]);
  });

  it("uses the office's text where it wrote one and the suggestion elsewhere", () => {
    const suggested = draftSections(ANNUAL_2017);
    const merged = mergeTexts(suggested, { problems: "（一）存在的主要问题\n一是人手紧缺。", other: "   ", intro: null });
    expect(merged.overview).toBe(suggested.overview);
    expect(merged.other).toBe(suggested.other);
    expect(merged.intro).toBe(suggested.intro);
    expect(merged.problems).toEqual({
      title: "五、存在的主要问题及改进情况",
      subsections: [{ heading: "（一）存在的主要问题", paragraphs: ["一是人手紧缺。"] }],
    });
    expect(editedSections({ problems: "x", other: " ", intro: null })).toEqual(["problems"]);
    expect(suggestedText(suggested, "intro")).toBe(suggested.intro);
  });

  it("refuses an empty or overlong section", () => {
    expect(checkSectionText("problems", "  \n ")).toMatch(/不能为空/);
    expect(checkSectionText("other", "字".repeat(20_001))).toMatch(/不能超过20000个字/);
    expect(checkSectionText("other", "无其他需要报告的事项。")).toBeNull();
  });

  it("splits a multi-line introduction into paragraphs of the document", () => {
    const suggested = draftSections(ANNUAL_2017);
    const drafts = mergeTexts(suggested, { intro: "第一段。\n第二段。" });
    const { document } = buildReportDocument(ANNUAL_2017, { drafts });
    expect(document.blocks.slice(0, 2)).toEqual([
      { type: "paragraph", text: "第一段。" },
      { type: "paragraph", text: "第二段。" },
    ]);
  });
});

describe("renderReportHtml", () => {
  const { document } = buildReportDocument(ANNUAL_2017);
  const html = renderReportHtml(document);

  it("survives the item body sanitiser unchanged (headings, paragraphs, tables with spans)", () => {
    expect(sanitizeHtml(html, BODY_SANITIZE_OPTIONS)).toBe(html);
    expect(html).toContain("<h2>二、主动公开政府信息情况</h2>");
    expect(html).toContain("<h3>（一）主动公开</h3>");
    expect(html).toContain('rowspan="22"');
    expect(html).toContain("<p>2017年，办事处主动公开政府业务工作类信息共10条，其中统计数据类2条，规划计划类1条，其他信息7条。</p>");
    expect(html).not.toContain("<h1");
  });

  it("escapes what the office typed", () => {
    const drafts = mergeTexts(draftSections(ANNUAL_2017), { other: '<script>alert("x")</script> & 其他' });
    const out = renderReportHtml(buildReportDocument(ANNUAL_2017, { drafts }).document);
    expect(out).toContain("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 其他</p>");
    expect(out).not.toContain("<script>");
  });

  it("gives the scan every word, tables included", () => {
    const text = reportPlainText(document);
    expect(text).toContain("2017年政府信息公开工作年度报告");
    expect(text).toContain("行政规范性文件 0 0 0");
  });
});

describe("renderLegacyReport", () => {
  it("opens exactly as the office's 2017 report and follows with its other three parts, from the records", () => {
    const text = renderLegacyReport(2017, ANNUAL_2017, draftSections(ANNUAL_2017));
    expect(text.startsWith(SEED_2017_LEGACY_OPENING)).toBe(true);
    const rest = text.slice(SEED_2017_LEGACY_OPENING.length).split("\n\n").filter(Boolean);
    expect(rest[0]).toBe("二、政府信息公开工作运转情况");
    expect(rest[1]).toMatch(/^（一）健全制度，加强领导，认真做好政府信息公开工作。办事处由一名党工委委员专门牵头负责/);
    expect(rest).toContain("三、存在的主要问题");
    expect(rest).toContain("四、下一步工作打算");
    expect(rest.at(-1)).toMatch(/^四是提升政府政务信息公开服务水平/);
  });
});
