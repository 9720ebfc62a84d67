import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import {
  balancedLines,
  buildReportDocument,
  placeCells,
  table2Grid,
  table3Grid,
  table4Grid,
} from "../../lib/annual-report/document";
import type { AnnualReportData } from "../../lib/annual-report/drafts";
import { TEXT_WIDTH_TWIPS, exportAnnualReportDocx } from "../../lib/annual-report/export-docx";
import { PDF_LAYOUT, exportAnnualReportPdf, wrapCjk } from "../../lib/annual-report/export-pdf";
import { computeAnnualTables } from "../../lib/annual-report/tables";
import { ANNUAL_2017 } from "../fixtures/annual-2017";

const dir = mkdtempSync(path.join(tmpdir(), "annual-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdftotext(pdf: Buffer, name: string, args: string[] = []): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [...args, file, "-"], { encoding: "utf8" });
}

/** A year with a little of everything, and an inconsistent copy of it. */
const busy: AnnualReportData = {
  ...ANNUAL_2017,
  year: 2025,
  proactiveItems: ANNUAL_2017.proactiveItems.map((i) => ({ ...i, publishedDate: String(i.publishedDate).replace("2017", "2025"), formedDate: null, submittedDate: null, approvedDate: null })),
  applications: [
    { id: "a1", applicantType: "NATURAL_PERSON", receivedDate: "2025-02-01", closedDate: "2025-02-20", outcome: "GRANTED" },
    { id: "a2", applicantType: "LEGAL_SERVICE", receivedDate: "2025-03-01", closedDate: "2025-03-20", outcome: "OTHER_FEE_UNPAID" },
    { id: "a3", applicantType: "COMMERCIAL", receivedDate: "2024-12-20" },
  ],
  cases: [{ kind: "复议后起诉", filedDate: "2025-08-01", result: "尚未审结" }],
};

describe("grids", () => {
  it("cover every column on every row (merged cells resolve)", () => {
    const tables = computeAnnualTables(busy);
    for (const grid of [table2Grid(tables), table3Grid(tables), table4Grid(tables)]) {
      expect(() => placeCells(grid)).not.toThrow();
    }
    expect(table3Grid(tables).columnWidths).toHaveLength(10);
    expect(table4Grid(tables).columnWidths).toHaveLength(15);
    // table 三 has the 3 header rows + 一, 二, 21 outcomes, （七）总计, 四
    expect(table3Grid(tables).rows).toHaveLength(3 + 2 + 21 + 1 + 1);
  });

  it("balances short labels and wraps CJK text without starting a line with punctuation", () => {
    expect(balancedLines("商业企业", 3)).toEqual(["商业", "企业"]);
    expect(balancedLines("社会公益组织", 3)).toEqual(["社会公", "益组织"]);
    expect(balancedLines("总计", 3)).toEqual(["总计"]);
    const measure = (s: string): number => [...s].length * 10;
    expect(wrapCjk(measure, "一二三四，五六", 40)).toEqual(["一二三", "四，五六"]);
    expect(wrapCjk(measure, "一二\n三", 100)).toEqual(["一二", "三"]);
  });

  it("opens with a warning when the checks fail", () => {
    const broken = { ...busy, adjustments: [{ table: "三" as const, row: "NEW" as const, column: "NATURAL_PERSON" as const, value: 5, reason: "手工" }] };
    const { document } = buildReportDocument(broken);
    expect(document.blocks[0].type).toBe("warning");
    const ok = buildReportDocument(busy).document;
    expect(ok.blocks.some((b) => b.type === "warning")).toBe(false);
  });
});

describe("DOCX export", () => {
  it("is a valid zip whose document.xml carries the title, the tables and the official fonts", async () => {
    const buf = await exportAnnualReportDocx(ANNUAL_2017);
    expect(buf.subarray(0, 2).toString("latin1")).toBe("PK");
    const zip = await JSZip.loadAsync(buf);
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(["[Content_Types].xml", "word/document.xml"]));
    const xml = await zip.file("word/document.xml")!.async("string");
    // Plain text: runs joined, line breaks inside table cells removed.
    const text = xml.replace(/<w:br\/>/g, "").replace(/<[^>]+>/g, "");
    for (const s of [
      "四宝山街道办事处",
      "2017年政府信息公开工作年度报告",
      "一、总体情况",
      "二、主动公开政府信息情况",
      "第二十条第（一）项",
      "行政规范性文件",
      "本年收费金额（单位：万元）",
      "申请人情况",
      "法人或其他组织",
      "一、本年新收政府信息公开申请数量",
      "二、上年结转政府信息公开申请数量",
      "三、本年度办理结果",
      "3.危及“三安全一稳定”",
      "（七）总计",
      "四、结转下年度继续办理",
      "行政复议",
      "未经复议直接起诉",
      "复议后起诉",
      "尚未审结",
      "2017年，办事处主动公开政府业务工作类信息共10条，其中统计数据类2条，规划计划类1条，其他信息7条。",
      "五、存在的主要问题及改进情况",
      "六、其他需要报告的事项",
    ]) {
      expect(text.includes(s), s).toBe(true);
    }
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="楷体_GB2312"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    // A4 portrait
    expect(xml).toMatch(/<w:pgSz[^>]*w:w="11906"[^>]*w:h="16838"/);
    // Three tables, each with a fixed layout grid exactly as wide as the text block.
    const tables = xml.match(/<w:tbl>/g) ?? [];
    expect(tables).toHaveLength(3);
    for (const grid of xml.match(/<w:tblGrid>.*?<\/w:tblGrid>/g) ?? []) {
      const widths = [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
      expect(widths.reduce((s, w) => s + w, 0)).toBe(TEXT_WIDTH_TWIPS);
    }
    expect(xml).toContain('w:type="fixed"');
    // Merged cells: the check note spans three columns and three rows.
    expect(xml).toContain('<w:gridSpan w:val="3"/>');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    // Page numbers in odd and even footers.
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f));
    expect(footers.length).toBeGreaterThanOrEqual(2);
    const footerXml = await zip.file(footers[0])!.async("string");
    expect(footerXml).toContain("PAGE");
    const settings = await zip.file("word/settings.xml")!.async("string");
    expect(settings).toContain("w:evenAndOddHeaders");
  });
});

describe("PDF export", () => {
  it("extracts with pdftotext: title, headings, table labels, page numbers", async () => {
    const pdf = await exportAnnualReportPdf(ANNUAL_2017);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdftotext(pdf, "y2017");
    const flat = text.replace(/\s+/g, "");
    for (const s of [
      "四宝山街道办事处",
      "2017年政府信息公开工作年度报告",
      "本年新收政府信息公开申请数量",
      "上年结转政府信息公开申请数量",
      "结转下年度继续办理",
      "申请人情况",
      "第二十条第（八）项",
      "行政复议",
      "2017年，办事处未发生依申请公开政府信息的情况。",
      "—1—",
    ]) {
      expect(flat, s).toContain(s);
    }
  });

  it("keeps every word inside the page margins", async () => {
    const pdf = await exportAnnualReportPdf(busy);
    const html = pdftotext(pdf, "busy-bbox", ["-bbox"]);
    const page = html.match(/<page width="([\d.]+)" height="([\d.]+)"/)!;
    const width = Number(page[1]);
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
    expect(words.length).toBeGreaterThan(200);
    const left = PDF_LAYOUT.marginLeft - 0.5;
    const right = width - PDF_LAYOUT.marginRight + 0.5;
    const outside = words.filter((w) => Number(w[1]) < left || Number(w[3]) > right).map((w) => w[5]);
    expect(outside).toEqual([]);
    const flat = words.map((w) => w[5]).join("");
    expect(flat).toContain("本年新收政府信息公开申请数量");
  });

  it("prints the failed checks in red at the top of an inconsistent report", async () => {
    const broken = {
      ...busy,
      applications: [...busy.applications, { id: "bad-1", applicantType: "NATURAL_PERSON" as const, receivedDate: "2025-04-01", closedDate: "2025-04-02" }],
    };
    const flat = pdftotext(await exportAnnualReportPdf(broken), "broken").replace(/\s+/g, "");
    expect(flat).toContain("【数据校验未通过，本报告不得发布】");
    expect(flat).toContain("“自然人”栏勾稽关系不成立");
    expect(flat).toContain("申请bad-1已于2025-04-02办结但没有办理结果");
  });
});
