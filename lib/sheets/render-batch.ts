/**
 * "Print everything pending on this board": one PDF with a cover list for the staff member
 * (title, 索引号, 张数, 公示期, where each sheet starts), followed by every sheet.
 *
 * Sheets are rendered one by one with the sheet renderer (so a batch page is byte-for-byte what a
 * single print would give) and joined with pdf-lib's copyPages.
 */
import { PDFDocument } from "pdf-lib";
import type { CjkFontOptions } from "../pdf/fonts";
import { CJK_FONT, CJK_FONT_BOLD } from "../pdf/fonts";
import { formatCnDate, formatCnDateTime, formatPostingPeriod, oneLine, type DateInput } from "./format";
import { COLORS, createDoc, drawGrid, ensureSpace, metricsFor, type Doc, type Metrics, type Paper } from "./layout";
import {
  BOARD_NAME,
  drawFooter,
  drawOfficeHeader,
  renderNoticeSheetWithInfo,
  type SheetItem,
} from "./render-sheet";

export interface BatchSheetInput {
  item: SheetItem;
  postingPeriod: { from: DateInput; to: DateInput };
  /** Defaults to item.portalUrl. */
  qrUrl?: string;
  /** The item's attachments' bytes by sha256 (see NoticeSheetInput). */
  attachmentContents?: ReadonlyMap<string, Uint8Array>;
}

export interface SheetBatchInput {
  office: { name: string };
  /** The board (公示栏) location the batch is for, e.g. "北石社区居委会门前公示栏". */
  board: { name: string };
  paper: Paper;
  sheets: BatchSheetInput[];
  /** Shown on the cover; defaults to now. */
  printedAt?: Date;
  fonts?: CjkFontOptions;
}

export interface SheetBatchEntry {
  indexNo: string;
  title: string;
  pageCount: number;
  /** 1-based page of the combined PDF where this sheet starts. */
  firstPage: number;
}

export interface SheetBatchResult {
  pdf: Buffer;
  pageCount: number;
  coverPageCount: number;
  entries: SheetBatchEntry[];
}

export const COVER_TITLE = "张贴打印清单";

export async function renderSheetBatch(input: SheetBatchInput): Promise<SheetBatchResult> {
  if (!input.sheets.length) throw new Error("没有待打印的张贴件");
  const printedAt = input.printedAt ?? new Date();
  input = { ...input, office: { name: oneLine(input.office.name) }, board: { name: oneLine(input.board.name) } };

  const rendered = [];
  for (const sheet of input.sheets) {
    const r = await renderNoticeSheetWithInfo({
      item: sheet.item,
      office: input.office,
      postingPeriod: sheet.postingPeriod,
      paper: input.paper,
      qrUrl: sheet.qrUrl,
      fonts: input.fonts,
      attachmentContents: sheet.attachmentContents,
    });
    rendered.push({ ...r, sheet });
  }

  // The cover lists where each sheet starts, which depends on how long the cover itself is:
  // render assuming one page, and again if that guess was wrong (the page column has fixed width,
  // so the second pass cannot change the cover's length again).
  let coverPages = 1;
  let cover: { pdf: Buffer; pageCount: number; entries: SheetBatchEntry[] } | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    let next = coverPages + 1;
    const entries = rendered.map((r) => {
      const e = { indexNo: oneLine(r.sheet.item.indexNo), title: oneLine(r.sheet.item.title), pageCount: r.pageCount, firstPage: next };
      next += r.pageCount;
      return e;
    });
    const c = await renderCover(input, rendered.map((r) => r.sheet), entries, printedAt);
    cover = { ...c, entries };
    if (c.pageCount === coverPages) break;
    coverPages = c.pageCount;
  }
  if (!cover) throw new Error("清单生成失败");

  const out = await PDFDocument.create();
  for (const bytes of [cover.pdf, ...rendered.map((r) => r.pdf)]) {
    const src = await PDFDocument.load(bytes);
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const p of pages) out.addPage(p);
  }
  out.setTitle(`${input.office.name}${BOARD_NAME}张贴件（${input.board.name}，共${input.sheets.length}件）`, {
    showInWindowTitleBar: true,
  });
  out.setSubject(`${COVER_TITLE}及张贴件`);
  out.setCreator("四宝山街道办事处政务公开平台");
  out.setLanguage("zh-CN");
  const pdf = Buffer.from(await out.save());
  return { pdf, pageCount: out.getPageCount(), coverPageCount: cover.pageCount, entries: cover.entries };
}

async function renderCover(
  input: SheetBatchInput,
  sheets: BatchSheetInput[],
  entries: SheetBatchEntry[],
  printedAt: Date,
): Promise<{ pdf: Buffer; pageCount: number }> {
  const m = metricsFor(input.paper);
  const s = m.s;
  const { doc, done } = createDoc(m, {
    title: `${COVER_TITLE}（${input.board.name}）`,
    fonts: input.fonts,
  });

  let y = drawOfficeHeader(doc, m, input.office.name, BOARD_NAME) + 16 * s;
  doc.font(CJK_FONT_BOLD).fontSize(19 * s).fillColor(COLORS.text);
  doc.text(COVER_TITLE, m.left, y, { width: m.contentWidth, align: "center" });
  y = doc.y + 12 * s;

  const totalPages = entries.reduce((a, e) => a + e.pageCount, 0);
  const info: [string, string][] = [
    ["公示栏", input.board.name],
    ["打印时间", formatCnDateTime(printedAt)],
    ["本批内容", `共 ${entries.length} 件，张贴件 ${totalPages} 张（不含本清单）`],
  ];
  const size = 11 * s;
  doc.font(CJK_FONT_BOLD).fontSize(size);
  const labelWidth = doc.widthOfString("打印时间：") + 2 * s;
  for (const [label, value] of info) {
    doc.font(CJK_FONT_BOLD).fontSize(size).fillColor(COLORS.muted);
    doc.text(`${label}：`, m.left, y, { width: labelWidth, lineBreak: false });
    doc.font(CJK_FONT).fontSize(size).fillColor(COLORS.text);
    doc.text(value, m.left + labelWidth, y, { width: m.contentWidth - labelWidth, lineGap: 3 * s });
    y = doc.y + 2 * s;
  }
  doc.x = m.left;
  doc.y = y + 8 * s;

  const header = ["序号", "标题", "索引号", "张数", "公示期", "页码"].map((text) => ({ text, header: true }));
  const rows = entries.map((e, i) => {
    const period = formatPostingPeriod(sheets[i].postingPeriod).replace(/^公示期：/, "");
    const last = e.firstPage + e.pageCount - 1;
    return [
      { text: String(i + 1) },
      { text: e.title },
      { text: e.indexNo.replace("/", "/\n") }, // break after the slash, not inside the number
      { text: String(e.pageCount) },
      { text: period },
      { text: e.pageCount > 1 ? `${e.firstPage}–${last}` : String(e.firstPage) },
    ];
  });
  rows.push([
    { text: "合计" },
    { text: `${entries.length} 件` },
    { text: "" },
    { text: String(totalPages) },
    { text: "" },
    { text: "" },
  ]);
  // The 索引号 column is as wide as the longest half of an index number (it breaks after the
  // slash), so the number itself is never chopped; the title takes what is left.
  doc.font(CJK_FONT).fontSize(10 * s);
  const halves = entries.flatMap((e) => e.indexNo.replace("/", "/\n").split("\n"));
  const indexWidth = Math.min(
    m.contentWidth * 0.32,
    Math.max(70 * s, ...halves.map((h) => doc.widthOfString(h))) + 12 * s,
  );
  const fixed = [34 * s, 0, indexWidth, 34 * s, 96 * s, 48 * s];
  fixed[1] = m.contentWidth - fixed.reduce((a, b) => a + b, 0);
  const drawn = drawGrid(doc, m, [header, ...rows], {
    x: m.left,
    width: m.contentWidth,
    fontSize: 10 * s,
    headerRows: 1,
    colWidths: fixed,
    align: ["center", "left", "left", "center", "left", "center"],
  });
  if (!drawn) throw new Error("清单表格无法排版");

  doc.y += 14 * s;
  writeNotes(doc, m, [
    "张贴说明：",
    "1. 请逐件核对标题、索引号和张数；同一件的各页按“第 N 页 共 M 页”顺序并排张贴。",
    "2. 张贴后请在系统中登记张贴日期；公示期满或事项撤回后及时揭下，并登记揭下日期。",
    "3. 张贴件如有破损、遮挡，请重新打印补贴。",
  ]);
  doc.y += 18 * s;
  ensureSpace(doc, m, 24 * s);
  doc.font(CJK_FONT).fontSize(11 * s).fillColor(COLORS.text);
  doc.text("打印人：____________　　张贴人：____________　　张贴日期：______年____月____日", m.left, doc.y, {
    width: m.contentWidth,
  });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    drawFooter(doc, m, {
      left: `${COVER_TITLE}（${formatCnDate(printedAt)}）`,
      right: `清单第 ${i + 1} 页 共 ${range.count} 页`,
      small: input.board.name,
      smallRight: `${input.office.name}${BOARD_NAME}`,
    });
  }
  doc.end();
  return { pdf: await done, pageCount: range.count };
}

function writeNotes(doc: Doc, m: Metrics, lines: string[]): void {
  const size = 10.5 * m.s;
  lines.forEach((line, i) => {
    ensureSpace(doc, m, size * 2);
    doc.font(i === 0 ? CJK_FONT_BOLD : CJK_FONT).fontSize(size).fillColor(COLORS.text);
    doc.text(line, m.left, doc.y, { width: m.contentWidth, lineGap: 3 * m.s });
  });
}
