import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import sharp from "sharp";
import { resolveCjkFontPaths, loadCjkFontData, CJK_FONT_DIR_ENV } from "../../lib/pdf/fonts";
import { htmlToBlocks, blocksToPlainText, tableAsTextRows } from "../../lib/pdf/html-to-blocks";
import { renderNoticeSheet, renderNoticeSheetWithInfo, type SheetItem } from "../../lib/sheets/render-sheet";
import { renderSheetBatch } from "../../lib/sheets/render-batch";
import { asciiQrUrl, formatCnDate, formatPostingPeriod } from "../../lib/sheets/format";
import { QR_QUIET_MODULES } from "../../lib/sheets/layout";
import { sampleItem, SAMPLE_LAST_SENTENCE } from "../../lib/sheets/sample";

const office = { name: "四宝山街道办事处" };
const postingPeriod = { from: "2026-12-01", to: "2026-12-15" };
const PERIOD_TEXT = "公示期：2026年12月1日至2026年12月15日";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheets-test-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function writePdf(pdf: Buffer): string {
  const file = path.join(dir, `t${++counter}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
function pdftotext(file: string, args: string[] = []): string {
  return execFileSync("pdftotext", [...args, file, "-"], { encoding: "utf8" });
}
/** pdftotext splits lines wherever the layout wrapped; compare without any whitespace. */
const squash = (s: string) => s.replace(/\s+/g, "");
function pdfinfo(file: string): Record<string, string> {
  const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Object.fromEntries(
    out
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
  );
}

/** Words left-aligned with the word that starts with `anchor` on a page, joined top to bottom. */
function columnText(file: string, page: number, anchor: string): string {
  const bbox = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), file, "-"], {
    encoding: "utf8",
  });
  const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</g)].map(
    (w) => ({ x: Number(w[1]), y: Number(w[2]), text: w[3] }),
  );
  const start = words.find((w) => w.text.startsWith(anchor));
  if (!start) throw new Error(`no word starting with ${anchor}`);
  return words
    .filter((w) => Math.abs(w.x - start.x) < 1)
    .sort((a, b) => a.y - b.y)
    .map((w) => w.text)
    .join("");
}

describe("CJK fonts", () => {
  it("finds the bundled Noto Sans SC regular and bold TrueType files", () => {
    const paths = resolveCjkFontPaths();
    expect(paths.regular).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(paths.bold).toMatch(/NotoSansSC_700Bold\.ttf$/);
    const data = loadCjkFontData();
    // TrueType ('\0\1\0\0'), not CFF/OTTO: that is what subsets well in pdfkit.
    expect(data.regular.subarray(0, 4).toString("hex")).toBe("00010000");
    expect(data.bold.subarray(0, 4).toString("hex")).toBe("00010000");
  });

  it("honours a font directory override (argument and env var) and explains a bad one", () => {
    const flat = path.join(dir, "fonts");
    fs.mkdirSync(flat, { recursive: true });
    const real = resolveCjkFontPaths();
    fs.symlinkSync(real.regular, path.join(flat, "NotoSansSC_400Regular.ttf"));
    fs.symlinkSync(real.bold, path.join(flat, "NotoSansSC_700Bold.ttf"));
    expect(resolveCjkFontPaths({ fontDir: flat }).regular).toBe(path.join(flat, "NotoSansSC_400Regular.ttf"));

    const saved = process.env[CJK_FONT_DIR_ENV];
    try {
      process.env[CJK_FONT_DIR_ENV] = flat;
      expect(resolveCjkFontPaths().bold).toBe(path.join(flat, "NotoSansSC_700Bold.ttf"));
      process.env[CJK_FONT_DIR_ENV] = path.join(dir, "nowhere");
      expect(() => resolveCjkFontPaths()).toThrow(/NotoSansSC_400Regular\.ttf/);
    } finally {
      if (saved === undefined) delete process.env[CJK_FONT_DIR_ENV];
      else process.env[CJK_FONT_DIR_ENV] = saved;
    }
  });
});

describe("htmlToBlocks", () => {
  it("turns headings, paragraphs, lists, line breaks and links into blocks without losing text", () => {
    const blocks = htmlToBlocks(
      `<h2>一、总则</h2><p>&nbsp;&nbsp;为进一步加强
政务公开工作，<strong>现将</strong>有关事项通知如下：<br>详见<a href="/files/a.pdf">附件1</a></p>
<ol start="3"><li>第三项<ul><li>子项</li></ul>补充说明</li><li>第四项</ol><p>图<img src="x.png">后&amp;&lt;b&gt;&#x4E2D;</p>`,
      { baseUrl: "https://gk.example.gov.cn/items/1" },
    );
    expect(blocks[0]).toEqual({ kind: "heading", level: 2, runs: [{ text: "一、总则", bold: true }] });
    expect(blocks[1]).toMatchObject({
      kind: "paragraph",
      runs: [
        // The source line break between two Chinese characters disappears; typed indentation goes.
        { text: "为进一步加强政务公开工作，" },
        { text: "现将", bold: true },
        { text: "有关事项通知如下：\n详见" },
        { text: "附件1", href: "https://gk.example.gov.cn/files/a.pdf" },
        { text: "（https://gk.example.gov.cn/files/a.pdf）" },
      ],
    });
    const items = blocks.filter((b) => b.kind === "listItem");
    expect(items.map((b) => [b.marker, b.depth])).toEqual([
      ["3.", 0],
      ["•", 1],
      ["", 0],
      ["4.", 0],
    ]);
    expect(blocksToPlainText(blocks)).toContain("补充说明");
    expect(blocksToPlainText(blocks)).toContain("图〔图片，详见网上公开原文〕后&<b>中");
  });

  it("keeps simple tables as grids and flags spanned ones for text rows", () => {
    const [simple] = htmlToBlocks(
      "<table><tr><th>姓名</th><th>金额</th></tr><tr><td>张三<td>100元</tr><tr><td>李四</td></tr></table>",
    );
    expect(simple).toMatchObject({ kind: "table", complex: false, columnCount: 2 });
    if (simple.kind !== "table") throw new Error("expected a table");
    expect(simple.rows[2].map((c) => c.text)).toEqual(["李四", ""]);
    expect(tableAsTextRows(simple)).toEqual(["姓名：张三；金额：100元", "姓名：李四；金额："]);

    const [spanned] = htmlToBlocks('<table><tr><td colspan="2">合计</td></tr><tr><td>a</td><td>b</td></tr></table>');
    expect(spanned).toMatchObject({ kind: "table", complex: true });
  });
});

describe("format", () => {
  it("writes dates and the posting period the way notices do", () => {
    expect(formatCnDate("2026-12-01")).toBe("2026年12月1日");
    // An instant late on 30 Nov UTC is already 1 Dec in China.
    expect(formatCnDate("2026-11-30T17:00:00Z")).toBe("2026年12月1日");
    expect(formatPostingPeriod(postingPeriod)).toBe(PERIOD_TEXT);
    expect(() => formatPostingPeriod({ from: "2026-12-15", to: "2026-12-01" })).toThrow(/早于/);
  });

  it("puts only ASCII into QR codes", () => {
    expect(asciiQrUrl("https://例子.中国/公开/事项?q=政务 公开")).toBe(
      "https://xn--fsqu00a.xn--fiqs8s/%E5%85%AC%E5%BC%80/%E4%BA%8B%E9%A1%B9?q=%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80",
    );
    expect(() => asciiQrUrl("javascript:alert(1)")).toThrow();
  });
});

describe("renderNoticeSheet", () => {
  it("prints title, metadata and the whole long body across several A4 pages", async () => {
    const item = sampleItem({ repeat: 4 });
    const started = performance.now();
    const { pdf, pageCount } = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A4" });
    const ms = performance.now() - started;
    const file = writePdf(pdf);
    const info = pdfinfo(file);

    expect(pageCount).toBeGreaterThan(1);
    expect(Number(info.Pages)).toBe(pageCount);
    expect(info["Page size"]).toMatch(/^595\.28 x 841\.89 pts/);
    expect(info.Title).toBe(item.title);
    expect(info.Author).toBeUndefined();
    expect(pdf.length).toBeLessThan(300 * 1024);
    console.info(`A4 sheet: ${pageCount} pages, ${(pdf.length / 1024).toFixed(1)} KB, ${ms.toFixed(0)} ms`);

    const text = squash(pdftotext(file));
    for (const expected of [
      item.title,
      item.indexNo,
      item.departmentName,
      "生成日期：2026年11月28日",
      "发布日期：2026年12月1日",
      `发文字号：${item.documentNumber}`,
      "扫码查看网上公开原文",
      SAMPLE_LAST_SENTENCE,
      "救助金额（元）",
      "交通事故致家庭主要劳动力丧失劳动能力",
      "2026年第四季度临时救助对象审批表.pdf",
    ]) {
      expect(text).toContain(squash(expected));
    }
    // The office header is printed letter-spaced; check it without spaces.
    expect(text).toContain("四宝山街道办事处");
    expect(text).toContain("政务公开栏");

    // Every page: posting period and "第 N 页 共 M 页".
    for (let p = 1; p <= pageCount; p++) {
      const pageText = squash(pdftotext(file, ["-f", String(p), "-l", String(p)]));
      expect(pageText).toContain(squash(PERIOD_TEXT));
      expect(pageText).toContain(`第${p}页共${pageCount}页`);
    }
    // Embedded, subset CJK fonts (no reliance on viewer fonts).
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/\+NotoSansSC-Bold/);
  });

  it("wraps very long paragraphs without spaces (and long URLs) inside the margins", async () => {
    const sentence = "街道办事处按照政务公开标准化规范化要求全面梳理公开事项目录并动态更新";
    const longRun = sentence.repeat(60); // ~2000 characters, no spaces or punctuation
    const url = "https://gk.sibaoshan.example.gov.cn/" + "abcdefghij".repeat(25);
    const item: SheetItem = {
      ...sampleItem(),
      attachments: [],
      bodyHtml: `<p>${longRun}</p><p>${url}</p><p>全文到此结束。</p>`,
    };
    const { pdf, pageCount } = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A4" });
    expect(pageCount).toBeGreaterThan(1);
    const file = writePdf(pdf);

    const text = squash(pdftotext(file));
    expect(text).toContain(squash(longRun).slice(-40));
    expect(text).toContain("全文到此结束。");
    // All characters of the run made it onto the pages ("梳" occurs once per sentence; counting a
    // character, not a phrase, because page footers interleave where a phrase spans a page break).
    expect((text.match(/梳/g) ?? []).length).toBe(60);

    // Every word box lies within the page's left/right margins (56 pt) and above the footer.
    const bbox = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
    expect(words.length).toBeGreaterThan(100);
    for (const [, xMin, , xMax, yMax, word] of words) {
      expect(Number(xMin), word).toBeGreaterThanOrEqual(55);
      expect(Number(xMax), word).toBeLessThanOrEqual(595.28 - 55);
      expect(Number(yMax), word).toBeLessThanOrEqual(841.89 - 20);
    }
  });

  it("draws a QR code that encodes the portal URL", async () => {
    const item = sampleItem({ repeat: 0 });
    const { pdf, qr } = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A4" });
    expect(qr.url).toBe(item.portalUrl);
    const file = writePdf(pdf);
    const dpi = 288;
    const prefix = path.join(dir, "qr");
    execFileSync("pdftoppm", ["-png", "-gray", "-r", String(dpi), "-f", "1", "-l", "1", "-singlefile", file, prefix]);
    const { data, info } = await sharp(`${prefix}.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
    const k = dpi / 72;
    const modules = QRCode.create(item.portalUrl, { errorCorrectionLevel: "M" }).modules;
    const n = modules.size;
    const cell = qr.size / (n + 2 * QR_QUIET_MODULES);
    let mismatches = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const px = Math.round((qr.x + (QR_QUIET_MODULES + c + 0.5) * cell) * k);
        const py = Math.round((qr.y + (QR_QUIET_MODULES + r + 0.5) * cell) * k);
        const dark = data[py * info.width + px] < 128;
        if (dark !== Boolean(modules.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it("renders A3 as the same layout scaled up", async () => {
    const item = sampleItem({ repeat: 4 });
    const a4 = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A4" });
    const started = performance.now();
    const a3 = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A3" });
    console.info(`A3 sheet: ${a3.pageCount} pages, ${(a3.pdf.length / 1024).toFixed(1)} KB, ${(performance.now() - started).toFixed(0)} ms`);
    const file = writePdf(a3.pdf);
    const info = pdfinfo(file);
    expect(info["Page size"]).toMatch(/^841\.89 x 1190\.55 pts/);
    expect(a3.pageCount).toBe(a4.pageCount);
    expect(a3.qr.size / a4.qr.size).toBeCloseTo(Math.SQRT2, 5);
    expect(squash(pdftotext(file))).toContain(SAMPLE_LAST_SENTENCE);
  });

  it("never drops a complex table: spanned cells come out as text rows", async () => {
    const item: SheetItem = {
      ...sampleItem(),
      attachments: [],
      bodyHtml:
        '<p>经费安排如下：</p><table><tr><th rowspan="2">项目</th><th colspan="2">金额（元）</th></tr>' +
        "<tr><th>预算</th><th>决算</th></tr><tr><td>办公设备购置</td><td>12000</td><td>11800</td></tr></table><p>以上。</p>",
    };
    const pdf = await renderNoticeSheet({ item, office, postingPeriod, paper: "A4" });
    const text = squash(pdftotext(writePdf(pdf)));
    for (const cell of ["项目", "金额（元）", "预算", "决算", "办公设备购置", "12000", "11800", "以上。"]) {
      expect(text).toContain(cell);
    }
  });

  it("rejects what cannot be printed correctly", async () => {
    const item = sampleItem({ repeat: 0 });
    await expect(
      renderNoticeSheet({ item, office, postingPeriod, paper: "A4", qrUrl: "ftp://example.org/x" }),
    ).rejects.toThrow(/http/);
    await expect(
      renderNoticeSheet({ item: { ...item, indexNo: " " }, office, postingPeriod, paper: "A4" }),
    ).rejects.toThrow(/索引号/);
  });
});

describe("renderSheetBatch", () => {
  it("puts a cover list before all sheets; page count = cover + sheets", async () => {
    const long = sampleItem({ repeat: 4 });
    const short = { ...sampleItem({ repeat: 0 }), indexNo: "113703000045367821/2026-00418", title: "四宝山街道2026年12月份城乡低保动态调整情况公示" };
    const started = performance.now();
    const batch = await renderSheetBatch({
      office,
      board: { name: "北石社区居委会门前公示栏" },
      paper: "A4",
      printedAt: new Date("2026-12-01T01:30:00Z"),
      sheets: [
        { item: long, postingPeriod },
        { item: short, postingPeriod: { from: "2026-12-02", to: "2026-12-08" } },
      ],
    });
    console.info(`batch: ${batch.pageCount} pages, ${(batch.pdf.length / 1024).toFixed(1)} KB, ${(performance.now() - started).toFixed(0)} ms`);
    const file = writePdf(batch.pdf);
    const info = pdfinfo(file);
    const sheetPages = batch.entries.reduce((a, e) => a + e.pageCount, 0);
    expect(batch.coverPageCount).toBe(1);
    expect(batch.entries[0].pageCount).toBeGreaterThan(1);
    expect(batch.pageCount).toBe(batch.coverPageCount + sheetPages);
    expect(Number(info.Pages)).toBe(batch.pageCount);
    expect(info.Author).toBeUndefined();
    expect(batch.entries.map((e) => e.firstPage)).toEqual([2, 2 + batch.entries[0].pageCount]);

    const cover = squash(pdftotext(file, ["-f", "1", "-l", "1"]));
    expect(cover).toContain("张贴打印清单");
    expect(cover).toContain("北石社区居委会门前公示栏");
    expect(cover).toContain("2026年12月1日09:30");
    // Table cells wrap, so read the title and 索引号 columns top to bottom.
    const titles = columnText(file, 1, "四宝山街道办事处关于");
    const indexNos = columnText(file, 1, "113703000045367821/");
    for (const e of batch.entries) {
      expect(titles).toContain(squash(e.title));
      expect(indexNos).toContain(e.indexNo);
    }
    expect(cover).toContain(`共2件，张贴件${sheetPages}张`);

    // The second sheet starts where the cover says, with its own page numbering.
    const second = squash(pdftotext(file, ["-f", String(batch.entries[1].firstPage), "-l", String(batch.entries[1].firstPage)]));
    expect(second).toContain(squash(short.title));
    expect(second).toContain(`第1页共${batch.entries[1].pageCount}页`);
  });

  it("runs the cover over several pages for a long queue and still points at the right pages", async () => {
    const sheets = Array.from({ length: 18 }, (_, i) => ({
      item: {
        ...sampleItem(),
        attachments: [],
        indexNo: `113703000045367821/2026-${String(500 + i).padStart(5, "0")}`,
        title: `四宝山街道关于第${i + 1}批公共服务事项办理情况的公示（${i % 2 ? "社区" : "街道"}）`,
        bodyHtml: `<p>第${i + 1}批事项已办理完毕，现予公示。</p>`,
      },
      postingPeriod,
    }));
    const batch = await renderSheetBatch({ office, board: { name: "四宝山街道便民服务中心公示栏" }, paper: "A4", sheets });
    expect(batch.coverPageCount).toBeGreaterThan(1);
    expect(batch.pageCount).toBe(batch.coverPageCount + batch.entries.reduce((a, e) => a + e.pageCount, 0));
    const file = writePdf(batch.pdf);
    expect(Number(pdfinfo(file).Pages)).toBe(batch.pageCount);
    const last = batch.entries[batch.entries.length - 1];
    const lastPage = squash(pdftotext(file, ["-f", String(last.firstPage), "-l", String(last.firstPage)]));
    expect(lastPage).toContain(squash(last.title));
    const coverEnd = squash(pdftotext(file, ["-f", String(batch.coverPageCount), "-l", String(batch.coverPageCount)]));
    expect(coverEnd).toContain(`清单第${batch.coverPageCount}页共${batch.coverPageCount}页`);
    expect(coverEnd).toContain("打印人");
  });

  it("refuses an empty batch", async () => {
    await expect(
      renderSheetBatch({ office, board: { name: "公示栏" }, paper: "A4", sheets: [] }),
    ).rejects.toThrow(/没有待打印/);
  });
});
