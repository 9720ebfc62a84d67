import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { renderNoticeSheetWithInfo } from "../../lib/sheets/render-sheet";
import { renderSheetBatch } from "../../lib/sheets/render-batch";
import { sampleItem } from "../../lib/sheets/sample";
import { sha256Hex } from "../../lib/attachments/storage";
import { makeDocx, makePdf } from "../fixtures/documents";

// A 公示 whose list is an attachment: the board sheet carries the list itself — the attached PDF's pages
// and the attached XLSX's table — with the sheet's running header and 公示期 on every page.

const office = { name: "四宝山街道办事处" };
const postingPeriod = { from: "2026-12-01", to: "2026-12-15" };
const PERIOD = "公示期：2026年12月1日至2026年12月15日";
const squash = (s: string) => s.replace(/\s+/g, "");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-att-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Text of each page (pdftotext, pages split on form feeds). */
function pagesOf(pdf: Buffer): string[] {
  const file = path.join(dir, `s${Date.now()}${Math.random()}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).split("\f").slice(0, -1);
}

/** A workbook as spreadsheet programs write it: content types, workbook, relationships, shared strings. */
async function makeXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const strings: string[] = [];
  const si = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheet = rows
    .map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => (typeof v === "number" ? `<c r="${col(ci)}${ri + 1}"><v>${v}</v></c>` : `<c r="${col(ci)}${ri + 1}" t="s"><v>${si(v)}</v></c>`)).join("")}</row>`)
    .join("");
  const zip = new JSZip();
  zip.file("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`);
  zip.file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  zip.file("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  zip.file("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`);
  zip.file("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`);
  zip.file("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`);
  return zip.generateAsync({ type: "nodebuffer" });
}

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async function attachmentsFixture() {
  const pdf = await makePdf([["附件一：拟救助对象审核意见", "经社区初审、街道复核，拟予救助。"], ["第二页：监督电话 0533-3581234"]]);
  const rows: (string | number)[][] = [["序号", "社区", "户主", "家庭人口", "救助金额（元）"]];
  for (let i = 1; i <= 60; i++) rows.push([i, i % 2 ? "柳杭社区" : "卫固社区", `户主${String(i).padStart(2, "0")}`, (i % 4) + 1, 500 + i * 10]);
  const xlsx = await makeXlsx(rows);
  const atts = [
    { name: "审核意见.pdf", mime: "application/pdf", bytes: pdf },
    { name: "拟救助对象名单.xlsx", mime: XLSX_MIME, bytes: xlsx },
  ];
  const attachments = atts.map((a) => ({ name: a.name, mime: a.mime, size: a.bytes.length, sha256: sha256Hex(a.bytes), url: `https://gk.example.gov.cn/a/${a.name}` }));
  const contents = new Map(atts.map((a) => [sha256Hex(a.bytes), new Uint8Array(a.bytes)]));
  return { attachments, contents };
}

describe("board sheets carry their attachments", () => {
  it("appends the attached PDF's pages and sets the attached XLSX as a table, with header and 公示期 on every page", async () => {
    const { attachments, contents } = await attachmentsFixture();
    const item = { ...sampleItem(), attachments };
    const { pdf, pageCount } = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper: "A4", attachmentContents: contents });
    const pages = pagesOf(pdf);
    expect(pages.length).toBe(pageCount);
    const all = squash(pages.join(""));
    // The XLSX rows, all of them, across pages.
    expect(all).toContain("拟救助对象名单.xlsx");
    for (const cell of ["户主01", "户主30", "户主60", "1100"]) expect(all).toContain(cell);
    // The PDF's two pages, each on a sheet page with its caption.
    const pdfPages = pages.filter((p) => squash(p).includes("附件1：审核意见.pdf"));
    expect(pdfPages).toHaveLength(2);
    expect(squash(pdfPages[0])).toContain("经社区初审、街道复核，拟予救助。");
    expect(squash(pdfPages[1])).toContain("监督电话0533-3581234");
    expect(all).toContain("（附件内容附后。）");
    // Every page: 公示期 and its number; every page after the first: the running header.
    pages.forEach((p, i) => {
      expect(squash(p), `page ${i + 1}`).toContain(squash(PERIOD));
      expect(squash(p), `page ${i + 1}`).toContain(`第${i + 1}页共${pages.length}页`);
      if (i > 0) expect(squash(p), `page ${i + 1}`).toContain(`${item.title}（续）`.replace(/\s+/g, "").slice(-6));
    });
    // The placed page is shown as it is, not hidden under a filled box: the page is mostly white paper.
    const file = path.join(dir, "placed.pdf");
    fs.writeFileSync(file, pdf);
    const last = pages.findIndex((p) => squash(p).includes("附件1：审核意见.pdf")) + 1;
    const pgm = execFileSync("pdftoppm", ["-r", "20", "-gray", "-f", String(last), "-l", String(last), file]);
    const pixels = pgm.subarray(pgm.length - (pgm.toString("latin1", 0, 40).match(/^P5\s+(\d+)\s+(\d+)/)!.slice(1).reduce((a, b) => a * Number(b), 1)));
    expect(pixels.reduce((sum, v) => sum + v, 0) / pixels.length).toBeGreaterThan(200);
    // The XLSX table had to run over more than one page.
    expect(pages.filter((p) => /户主\d\d/.test(p)).length).toBeGreaterThan(1);
  });

  it("sets a DOCX attachment's text into the sheet, and keeps naming what it cannot read", async () => {
    const docx = await makeDocx({ paragraphs: ["拟救助对象公示说明", "如有异议，请于公示期内向街道社会事务办公室反映。"] });
    const broken = Buffer.from("%PDF-1.4 broken");
    const atts = [
      { name: "公示说明.docx", mime: DOCX_MIME, sha256: sha256Hex(docx), size: docx.length, url: "https://gk.example.gov.cn/a/1" },
      { name: "损坏的文件.pdf", mime: "application/pdf", sha256: sha256Hex(broken), size: broken.length, url: "https://gk.example.gov.cn/a/2" },
    ];
    const contents = new Map([
      [sha256Hex(docx), new Uint8Array(docx)],
      [sha256Hex(broken), new Uint8Array(broken)],
    ]);
    const { pdf } = await renderNoticeSheetWithInfo({ item: { ...sampleItem(), attachments: atts }, office, postingPeriod, paper: "A4", attachmentContents: contents });
    const all = squash(pagesOf(pdf).join(""));
    expect(all).toContain("如有异议，请于公示期内向街道社会事务办公室反映。");
    expect(all).toContain("附件1内容附后；其余附件请扫描第1页二维码");
    expect(all).toContain("损坏的文件.pdf");
  });

  it("the print queue's batch PDF includes the attachments too", async () => {
    const { attachments, contents } = await attachmentsFixture();
    const batch = await renderSheetBatch({
      office,
      board: { name: "柳杭社区居委会门前公示栏" },
      paper: "A4",
      sheets: [{ item: { ...sampleItem(), attachments }, postingPeriod, attachmentContents: contents }],
    });
    const all = squash(pagesOf(batch.pdf).join(""));
    expect(all).toContain("经社区初审、街道复核，拟予救助。");
    expect(all).toContain("户主60");
  });
});
