/**
 * One printable notice-board sheet (政务公开栏张贴件) for a published item, as a PDF.
 *
 * Page 1: red office header, title, catalogue metadata with a QR code to the portal, then the
 * text. Further pages carry a running header. Every page carries the posting period and
 * "第 N 页 共 M 页" so loose pages on a board can be put back in order.
 */
import type { PublishedItemDTO } from "../channels/types";
import type { CjkFontOptions } from "../pdf/fonts";
import { CJK_FONT, CJK_FONT_BOLD } from "../pdf/fonts";
import { htmlToBlocks, type Block } from "../pdf/html-to-blocks";
import { PDFDocument, rgb } from "pdf-lib";
import { loadAttachmentContent, type AttachmentContent } from "./attachment-content";
import { asciiQrUrl, formatCnDate, formatPostingPeriod, oneLine, type DateInput } from "./format";
import {
  COLORS,
  createDoc,
  drawQr,
  fitOneLine,
  inFooterArea,
  metricsFor,
  writeBlocks,
  type Doc,
  type Metrics,
  type Paper,
} from "./layout";

/** The fields of a published item a sheet prints; a full PublishedItemDTO satisfies it. */
export type SheetItem = Pick<
  PublishedItemDTO,
  "indexNo" | "title" | "bodyHtml" | "departmentName" | "generatedDate" | "publishedAt" | "portalUrl"
> &
  Partial<
    Pick<PublishedItemDTO, "id" | "version" | "summary" | "documentNumber" | "topic" | "validity" | "attachments">
  >;

export interface NoticeSheetInput {
  item: SheetItem;
  office: { name: string };
  postingPeriod: { from: DateInput; to: DateInput };
  paper: Paper;
  /** What the QR code opens; defaults to item.portalUrl. Must be http(s); encoded as ASCII. */
  qrUrl?: string;
  /** Font override (directory or files); defaults to the bundled Noto Sans SC. */
  fonts?: CjkFontOptions;
  /**
   * The attachments' bytes by sha256. PDF attachments are then placed onto sheet pages, XLSX/DOCX
   * ones set into the sheet as tables and text; without them the sheet only names the attachments.
   */
  attachmentContents?: ReadonlyMap<string, Uint8Array>;
}

export interface RenderedSheet {
  pdf: Buffer;
  pageCount: number;
  /** Where the QR code was drawn (page 1, points from the top-left), for checks and previews. */
  qr: { url: string; x: number; y: number; size: number };
}

export const BOARD_NAME = "政务公开栏";
export const QR_CAPTION = "扫码查看网上公开原文";

/** Renders the sheet and returns just the PDF bytes. */
export async function renderNoticeSheet(input: NoticeSheetInput): Promise<Buffer> {
  return (await renderNoticeSheetWithInfo(input)).pdf;
}

/** Renders the sheet; also reports its page count (the batch cover lists 张数). */
export async function renderNoticeSheetWithInfo(input: NoticeSheetInput): Promise<RenderedSheet> {
  const { paper } = input;
  const item: SheetItem = {
    ...input.item,
    title: oneLine(input.item.title),
    indexNo: oneLine(input.item.indexNo),
    departmentName: oneLine(input.item.departmentName),
    documentNumber: oneLine(input.item.documentNumber),
    topic: oneLine(input.item.topic),
    attachments: input.item.attachments?.map((a) => ({ ...a, name: oneLine(a.name) })),
  };
  const office = { name: oneLine(input.office.name) };
  if (!item.title?.trim()) throw new Error("公开事项缺少标题，无法生成张贴件");
  if (!item.indexNo?.trim()) throw new Error("公开事项缺少索引号，无法生成张贴件");
  // Validate before drawing anything so a bad request fails fast with a clear message.
  const periodText = formatPostingPeriod(input.postingPeriod);
  const qrUrl = asciiQrUrl(input.qrUrl ?? item.portalUrl);

  const content = await loadAttachmentContent(item.attachments ?? [], input.attachmentContents);
  const m = metricsFor(paper);
  const { doc, done } = createDoc(m, {
    title: item.title,
    subject: `${office.name}${BOARD_NAME}张贴件 索引号：${item.indexNo}`,
    fonts: input.fonts,
  });

  const qr = drawFirstPageHead(doc, m, { ...input, item, office }, qrUrl);
  writeBlocks(doc, m, bodyBlocks(item, qrUrl, content));
  const frames = addAttachmentFrames(doc, m, content);

  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    if (i > 0) drawRunningHeader(doc, m, office.name, item.title);
    drawFooter(doc, m, {
      left: periodText,
      right: `第 ${i + 1} 页 共 ${total} 页`,
      small: `索引号：${item.indexNo}`,
      smallRight: `${office.name}${BOARD_NAME}`,
    });
  }
  doc.end();
  const pdf = frames.length ? await placeAttachmentPages(await done, frames) : await done;
  return { pdf, pageCount: total, qr };
}

interface Frame {
  pageIndex: number;
  pdf: Uint8Array;
  sourcePage: number;
  /** Content box in pdfkit coordinates (points from the top-left). */
  x: number;
  top: number;
  width: number;
  height: number;
}

/**
 * One sheet page per page of each PDF attachment, with a caption; the page itself is placed later
 * (pdf-lib), so it gets the same running header, 公示期 and page numbering as the rest of the sheet.
 */
function addAttachmentFrames(doc: Doc, m: Metrics, content: AttachmentContent): Frame[] {
  const frames: Frame[] = [];
  const s = m.s;
  for (const a of content.pdfs) {
    for (let p = 0; p < a.pageCount; p++) {
      doc.addPage();
      const caption = `附件${a.number}：${a.name}${a.pageCount > 1 ? `（第${p + 1}页，共${a.pageCount}页）` : ""}`;
      doc.font(CJK_FONT_BOLD).fontSize(11 * s).fillColor(COLORS.text);
      doc.text(fitOneLine(doc, caption, m.contentWidth), m.left, m.top, { lineBreak: false });
      const top = m.top + 22 * s;
      const pageIndex = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
      frames.push({ pageIndex, pdf: a.bytes, sourcePage: p, x: m.left, top, width: m.contentWidth, height: m.pageHeight - m.bottom - top });
    }
  }
  return frames;
}

/** Draws each attachment page, scaled to fit, into its frame (with a thin border, as a copy). */
async function placeAttachmentPages(sheet: Buffer, frames: Frame[]): Promise<Buffer> {
  const out = await PDFDocument.load(sheet, { updateMetadata: false });
  const sources = new Map<Uint8Array, PDFDocument>();
  for (const f of frames) {
    let src = sources.get(f.pdf);
    if (!src) sources.set(f.pdf, (src = await PDFDocument.load(f.pdf, { updateMetadata: false })));
    const [embedded] = await out.embedPdf(src, [f.sourcePage]);
    const page = out.getPage(f.pageIndex);
    const scale = Math.min(f.width / embedded.width, f.height / embedded.height, 1);
    const w = embedded.width * scale;
    const h = embedded.height * scale;
    const x = f.x + (f.width - w) / 2;
    const y = page.getHeight() - f.top - h;
    page.drawPage(embedded, { x, y, width: w, height: h });
    // A border only: without a border colour pdf-lib would fill the box black.
    page.drawRectangle({ x, y, width: w, height: h, borderWidth: 0.5, borderColor: rgb(0.55, 0.55, 0.55) });
  }
  return Buffer.from(await out.save());
}

/** The office header shared with the batch cover. Returns the y below the double rule. */
export function drawOfficeHeader(doc: Doc, m: Metrics, officeName: string, subtitle: string): number {
  const s = m.s;
  doc.font(CJK_FONT_BOLD).fontSize(26 * s).fillColor(COLORS.red);
  doc.text(officeName, m.left, 30 * s, { width: m.contentWidth, align: "center", characterSpacing: 2 * s });
  doc.font(CJK_FONT_BOLD).fontSize(14 * s).fillColor(COLORS.red);
  // Spaced-out board name, as painted on physical boards; pad the left so it stays centred.
  doc.text(subtitle, m.left + 6 * s, doc.y + 1 * s, {
    width: m.contentWidth,
    align: "center",
    characterSpacing: 12 * s,
  });
  let y = doc.y + 6 * s;
  doc.save();
  doc.lineWidth(2.4 * s).strokeColor(COLORS.red).moveTo(m.left, y).lineTo(m.left + m.contentWidth, y).stroke();
  y += 3.6 * s;
  doc.lineWidth(0.8 * s).moveTo(m.left, y).lineTo(m.left + m.contentWidth, y).stroke();
  doc.restore();
  doc.fillColor(COLORS.text);
  return y + 1 * s;
}

function metadataRows(item: SheetItem): [string, string][] {
  const rows: [string, string][] = [
    ["索引号", item.indexNo],
    ["发布机构", item.departmentName],
    ["生成日期", formatCnDate(item.generatedDate)],
    ["发布日期", formatCnDate(item.publishedAt)],
  ];
  if (item.documentNumber) rows.push(["发文字号", item.documentNumber]);
  if (item.topic) rows.push(["主题分类", item.topic]);
  if (item.validity?.status === "repealed") {
    rows.push(["有效性", item.validity.repealedOn ? `已于${formatCnDate(item.validity.repealedOn)}废止` : "已废止"]);
  }
  return rows;
}

function drawFirstPageHead(doc: Doc, m: Metrics, input: NoticeSheetInput, qrUrl: string): RenderedSheet["qr"] {
  const s = m.s;
  let y = drawOfficeHeader(doc, m, input.office.name, BOARD_NAME);

  // Title: bold, centred, wraps as far as it needs to.
  y += 16 * s;
  doc.font(CJK_FONT_BOLD).fontSize(19 * s).fillColor(COLORS.text);
  const titleOpts = { align: "center" as const, lineGap: 4 * s };
  const title = input.item.title;
  const titleWidth = balancedWidth(doc, title, m.contentWidth, titleOpts);
  doc.text(title, m.left + (m.contentWidth - titleWidth) / 2, y, { ...titleOpts, width: titleWidth });
  y = doc.y + 12 * s;

  // Metadata (left) and QR code (right) inside one light box.
  const pad = 10 * s;
  const qrSize = 80 * s;
  const qrColumn = 100 * s;
  const metaSize = 10.5 * s;
  const metaGap = 3 * s;
  const metaX = m.left + pad;
  const metaWidth = m.contentWidth - 2 * pad - qrColumn - 8 * s;
  doc.font(CJK_FONT_BOLD).fontSize(metaSize);
  const labelWidth = doc.widthOfString("发布机构：") + 2 * s;
  const valueWidth = metaWidth - labelWidth;
  const rows = metadataRows(input.item);
  doc.font(CJK_FONT).fontSize(metaSize);
  const rowHeights = rows.map(([, v]) => doc.heightOfString(v || "—", { width: valueWidth, lineGap: metaGap }));
  const metaHeight = rowHeights.reduce((a, b) => a + b, 0);
  const captionSize = 8.5 * s;
  doc.font(CJK_FONT).fontSize(captionSize);
  const captionHeight = doc.heightOfString(QR_CAPTION, { width: qrColumn });
  const qrBlockHeight = qrSize + 4 * s + captionHeight;
  const boxHeight = Math.max(metaHeight, qrBlockHeight) + 2 * pad;

  doc.save().lineWidth(0.8 * s).strokeColor(COLORS.rule).rect(m.left, y, m.contentWidth, boxHeight).stroke().restore();

  let rowY = y + pad + (boxHeight - 2 * pad - metaHeight) / 2;
  rows.forEach(([label, value], i) => {
    doc.font(CJK_FONT_BOLD).fontSize(metaSize).fillColor(COLORS.muted);
    doc.text(`${label}：`, metaX, rowY, { width: labelWidth, lineBreak: false });
    doc.font(CJK_FONT).fontSize(metaSize).fillColor(COLORS.text);
    doc.text(value || "—", metaX + labelWidth, rowY, { width: valueWidth, lineGap: metaGap });
    rowY += rowHeights[i];
  });

  const qrColX = m.left + m.contentWidth - pad - qrColumn;
  const qrY = y + pad + (boxHeight - 2 * pad - qrBlockHeight) / 2;
  const qrX = qrColX + (qrColumn - qrSize) / 2;
  drawQr(doc, qrUrl, qrX, qrY, qrSize);
  doc.font(CJK_FONT).fontSize(captionSize).fillColor(COLORS.text);
  doc.text(QR_CAPTION, qrColX, qrY + qrSize + 4 * s, { width: qrColumn, align: "center" });

  doc.fillColor(COLORS.text);
  doc.x = m.left;
  doc.y = y + boxHeight + 16 * s;
  return { url: qrUrl, x: qrX, y: qrY, size: qrSize };
}

/**
 * The narrowest width that keeps text on as few lines as at full width, so a two-line title is
 * split into two similar halves instead of a full line and a stub (as typeset official titles are).
 */
export function balancedWidth(doc: Doc, text: string, maxWidth: number, opts: PDFKit.Mixins.TextOptions): number {
  const height = (w: number) => doc.heightOfString(text, { ...opts, width: w });
  const target = height(maxWidth);
  if (doc.widthOfString(text) <= maxWidth) return maxWidth;
  let lo = maxWidth / 2;
  let hi = maxWidth;
  for (let i = 0; i < 14; i++) {
    const mid = (lo + hi) / 2;
    if (height(mid) <= target + 0.01) hi = mid;
    else lo = mid;
  }
  // A little slack so rounding never pushes a character onto an extra line.
  return Math.min(maxWidth, hi + 2);
}

function bodyBlocks(item: SheetItem, qrUrl: string, content: AttachmentContent): Block[] {
  let blocks = htmlToBlocks(item.bodyHtml ?? "", { baseUrl: item.portalUrl });
  if (!blocks.length && item.summary?.trim()) blocks = [{ kind: "paragraph", runs: [{ text: item.summary.trim() }] }];
  if (!blocks.length) blocks = [{ kind: "paragraph", runs: [{ text: "（正文详见网上公开原文，请扫描上方二维码查看。）" }] }];
  const attachments = item.attachments ?? [];
  if (attachments.length) {
    // Attachments cannot be posted; name them so readers know to look them up online.
    blocks.push({ kind: "paragraph", runs: [{ text: "附件：", bold: true }] });
    attachments.forEach((a, i) =>
      blocks.push({ kind: "listItem", ordered: true, marker: `${i + 1}.`, depth: 0, runs: [{ text: a.name }] }),
    );
    const missing = attachments.length - content.included.size;
    blocks.push({
      kind: "paragraph",
      runs: [
        {
          text:
            missing === 0
              ? "（附件内容附后。）"
              : content.included.size > 0
                ? `（${[...content.included].map((n) => `附件${n}`).join("、")}内容附后；其余附件请扫描第1页二维码或访问 ${qrUrl} 查看。）`
                : `（附件内容请扫描第1页二维码或访问 ${qrUrl} 查看。）`,
        },
      ],
    });
  }
  if (content.html) blocks.push(...htmlToBlocks(content.html, { baseUrl: item.portalUrl }));
  return blocks;
}

function drawRunningHeader(doc: Doc, m: Metrics, officeName: string, title: string): void {
  const s = m.s;
  const size = 9 * s;
  const y = 30 * s;
  const leftText = `${officeName}${BOARD_NAME}`;
  doc.font(CJK_FONT).fontSize(size).fillColor(COLORS.muted);
  const leftWidth = doc.widthOfString(leftText);
  const gap = 16 * s;
  const titleText = fitOneLine(doc, title.trim(), m.contentWidth - leftWidth - gap - doc.widthOfString("（续）")) + "（续）";
  inFooterArea(doc, () => {
    doc.text(leftText, m.left, y, { lineBreak: false });
    doc.text(titleText, m.left, y, { width: m.contentWidth, align: "right", lineBreak: false });
  });
  doc.save().lineWidth(0.6 * s).strokeColor(COLORS.rule);
  doc.moveTo(m.left, y + 16 * s).lineTo(m.left + m.contentWidth, y + 16 * s).stroke().restore();
  doc.fillColor(COLORS.text);
}

/** Footer shared with the batch cover: rule, a main line (left/right) and a small grey line. */
export function drawFooter(
  doc: Doc,
  m: Metrics,
  text: { left: string; right: string; small?: string; smallRight?: string },
): void {
  const s = m.s;
  const ruleY = m.pageHeight - 70 * s;
  doc.save().lineWidth(0.6 * s).strokeColor(COLORS.rule);
  doc.moveTo(m.left, ruleY).lineTo(m.left + m.contentWidth, ruleY).stroke().restore();
  inFooterArea(doc, () => {
    const y1 = ruleY + 8 * s;
    doc.font(CJK_FONT_BOLD).fontSize(11 * s).fillColor(COLORS.text);
    doc.text(text.left, m.left, y1, { lineBreak: false });
    doc.font(CJK_FONT).fontSize(11 * s);
    doc.text(text.right, m.left, y1, { width: m.contentWidth, align: "right", lineBreak: false });
    const y2 = y1 + 20 * s;
    doc.font(CJK_FONT).fontSize(8.5 * s).fillColor(COLORS.muted);
    if (text.small) doc.text(fitOneLine(doc, text.small, m.contentWidth * 0.6), m.left, y2, { lineBreak: false });
    if (text.smallRight) doc.text(text.smallRight, m.left, y2, { width: m.contentWidth, align: "right", lineBreak: false });
  });
  doc.fillColor(COLORS.text);
}
