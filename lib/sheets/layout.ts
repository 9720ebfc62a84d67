/**
 * pdfkit building blocks shared by the notice sheet and the batch cover: paper metrics, document
 * creation, the QR code, bordered grids and the flowing body text.
 *
 * Every dimension is written for A4 and multiplied by the paper's scale, so A3 is the same layout
 * enlarged by √2 (bigger type for a board read from a distance) and paginates identically.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { CJK_FONT, CJK_FONT_BOLD, registerCjkFonts, type CjkFontOptions } from "../pdf/fonts";
import { tableAsTextRows, type Block, type TextRun } from "../pdf/html-to-blocks";

export type Paper = "A4" | "A3";
export type Doc = PDFKit.PDFDocument;

/** Portrait sizes in points, as pdfkit defines them. */
export const PAPER_SIZES: Record<Paper, [number, number]> = {
  A4: [595.28, 841.89],
  A3: [841.89, 1190.55],
};

export const COLORS = {
  red: "#D7000F", // 红头: the red of official headers
  text: "#000000",
  muted: "#555555",
  rule: "#999999",
  headerFill: "#EDEDED",
};

export interface Metrics {
  paper: Paper;
  s: number;
  pageWidth: number;
  pageHeight: number;
  left: number;
  top: number;
  bottom: number;
  contentWidth: number;
  bodySize: number;
  bodyLineGap: number;
  paragraphGap: number;
  /** First-line indent of body paragraphs: two characters, as in Chinese official documents. */
  indent: number;
}

export function metricsFor(paper: Paper): Metrics {
  const s = paper === "A3" ? Math.SQRT2 : 1;
  const [pageWidth, pageHeight] = PAPER_SIZES[paper];
  const left = 56 * s;
  const bodySize = 12 * s;
  return {
    paper,
    s,
    pageWidth,
    pageHeight,
    left,
    top: 64 * s,
    bottom: 84 * s,
    contentWidth: pageWidth - 2 * left,
    bodySize,
    bodyLineGap: 5 * s,
    paragraphGap: 6 * s,
    indent: 2 * bodySize,
  };
}

export interface NewDocOptions {
  title: string;
  subject?: string;
  fonts?: CjkFontOptions;
}

/**
 * A buffered-pages document (page numbers "共 M 页" are written at the end) with the CJK fonts
 * selected. `font: null` stops pdfkit loading Helvetica's AFM files, which we never use.
 */
export function createDoc(m: Metrics, opts: NewDocOptions): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: m.paper,
    layout: "portrait",
    margins: { top: m.top, bottom: m.bottom, left: m.left, right: m.left },
    bufferPages: true,
    font: null as unknown as string,
    lang: "zh-CN",
    displayTitle: true,
    // No Author on purpose: sheets speak for the office, not for the clerk who printed them.
    info: {
      Title: opts.title,
      ...(opts.subject ? { Subject: opts.subject } : {}),
      Creator: "四宝山街道办事处政务公开平台",
    },
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  registerCjkFonts(doc, opts.fonts);
  doc.fillColor(COLORS.text);
  return { doc, done };
}

/** Runs fn with the bottom margin lifted, so writing in the footer does not start a new page. */
export function inFooterArea(doc: Doc, fn: () => void): void {
  const saved = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  try {
    fn();
  } finally {
    doc.page.margins.bottom = saved;
  }
}

/** Shortens text with "…" until it fits on one line at the current font and size. */
export function fitOneLine(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(chars.slice(0, mid).join("") + "…") <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

/** Starts a new page when fewer than `needed` points remain above the bottom margin. */
export function ensureSpace(doc: Doc, m: Metrics, needed: number): void {
  if (doc.y + needed > doc.page.maxY()) {
    doc.addPage();
    doc.x = m.left;
    doc.y = m.top;
  }
}

export function lineHeight(doc: Doc, size: number, font = CJK_FONT): number {
  doc.font(font).fontSize(size);
  return doc.currentLineHeight(true);
}

// ---------------------------------------------------------------------------------------------
// QR code

/** White modules kept around the symbol inside the drawn square (the box around it adds more). */
export const QR_QUIET_MODULES = 2;

/** Draws the QR code as vector squares: crisp at any print size and only a few KB. */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = QR_QUIET_MODULES;
  const cell = size / (n + 2 * quiet);
  const ox = x + quiet * cell;
  const oy = y + quiet * cell;
  doc.save();
  doc.rect(x, y, size, size).fill("#FFFFFF");
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      // A hair of overlap so viewers do not show seams between adjacent rows.
      doc.rect(ox + start * cell, oy + r * cell, (c - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill("#000000");
  doc.restore();
}

// ---------------------------------------------------------------------------------------------
// Grids

export interface GridOptions {
  x: number;
  width: number;
  fontSize: number;
  /** Rows at the top repeated after a page break. */
  headerRows: number;
  /** Explicit widths (must sum to `width`); otherwise sized from content. */
  colWidths?: number[];
  /** Per-column alignment. */
  align?: ("left" | "center" | "right")[];
}

export interface GridCell {
  text: string;
  header?: boolean;
}

function naturalColumnWidths(doc: Doc, rows: GridCell[][], opts: GridOptions, pad: number): number[] | null {
  const cols = Math.max(...rows.map((r) => r.length));
  const minW = 2.5 * opts.fontSize + 2 * pad;
  if (cols * minW > opts.width) return null;
  const natural: number[] = [];
  for (let c = 0; c < cols; c++) {
    let w = minW;
    for (const row of rows) {
      const cell = row[c];
      if (!cell) continue;
      doc.font(cell.header ? CJK_FONT_BOLD : CJK_FONT).fontSize(opts.fontSize);
      for (const line of cell.text.split("\n")) w = Math.max(w, doc.widthOfString(line) + 2 * pad + 1);
    }
    natural.push(Math.min(w, opts.width * 0.6));
  }
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= opts.width) return natural.map((w) => (w / total) * opts.width);
  // Too wide: shrink the columns above the minimum, in proportion, until everything fits.
  let widths = natural.slice();
  for (let i = 0; i < 8; i++) {
    const sum = widths.reduce((a, b) => a + b, 0);
    const excess = sum - opts.width;
    if (excess <= 0.01) break;
    const shrinkable = widths.reduce((a, w) => a + (w - minW), 0);
    if (shrinkable <= 0) return null;
    widths = widths.map((w) => w - ((w - minW) / shrinkable) * excess);
  }
  return widths;
}

/**
 * Draws a bordered grid starting at doc.y, breaking between rows and repeating the header rows on
 * each new page. Returns false (drawing nothing) when the table cannot be drawn legibly — too many
 * columns, or a single row taller than a page — so the caller can fall back to text rows.
 */
export function drawGrid(doc: Doc, m: Metrics, rows: GridCell[][], opts: GridOptions): boolean {
  if (!rows.length) return true;
  const pad = 4 * m.s;
  const lineGap = 2 * m.s;
  const widths = opts.colWidths ?? naturalColumnWidths(doc, rows, opts, pad);
  if (!widths) return false;
  const heights = rows.map((row) =>
    Math.max(
      ...widths.map((w, c) => {
        const cell = row[c];
        doc.font(cell?.header ? CJK_FONT_BOLD : CJK_FONT).fontSize(opts.fontSize);
        const text = cell?.text || " ";
        return heightOfLines(doc, text, { width: w - 2 * pad, lineGap }) + 2 * pad;
      }),
    ),
  );
  const headerRows = Math.min(opts.headerRows, rows.length);
  const headerHeight = heights.slice(0, headerRows).reduce((a, b) => a + b, 0);
  const usable = m.pageHeight - m.top - m.bottom;
  if (heights.some((h, i) => (i < headerRows ? headerHeight : h + headerHeight) > usable)) return false;

  const drawRow = (r: number, y: number) => {
    let x = opts.x;
    widths.forEach((w, c) => {
      const cell = rows[r][c];
      if (cell?.header) doc.save().rect(x, y, w, heights[r]).fill(COLORS.headerFill).restore();
      doc.save().lineWidth(0.6 * m.s).strokeColor("#333333").rect(x, y, w, heights[r]).stroke().restore();
      if (cell?.text) {
        doc.font(cell.header ? CJK_FONT_BOLD : CJK_FONT).fontSize(opts.fontSize).fillColor(COLORS.text);
        writeLines(doc, cell.text, x + pad, y + pad, {
          width: w - 2 * pad,
          lineGap,
          align: cell.header ? "center" : opts.align?.[c] ?? "left",
        });
      }
      x += w;
    });
  };

  let y = doc.y;
  // Keep the header with at least the first data row.
  const firstBlock = headerHeight + (heights[headerRows] ?? 0);
  if (y + firstBlock > doc.page.maxY()) {
    doc.addPage();
    y = m.top;
  }
  for (let r = 0; r < rows.length; r++) {
    if (y + heights[r] > doc.page.maxY()) {
      doc.addPage();
      y = m.top;
      for (let h = 0; h < headerRows; h++) {
        drawRow(h, y);
        y += heights[h];
      }
    }
    drawRow(r, y);
    y += heights[r];
  }
  doc.x = m.left;
  doc.y = y;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Body text

interface RunOptions {
  x: number;
  width: number;
  size: number;
  indent?: number;
  lineGap: number;
  align?: "left" | "center" | "right";
  forceBold?: boolean;
}

/** Splits runs at "\n" into lines of runs (an empty line stays as an empty array). */
function splitRunLines(runs: TextRun[]): TextRun[][] {
  const lines: TextRun[][] = [[]];
  for (const run of runs) {
    run.text.split("\n").forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1].push({ ...run, text: part });
    });
  }
  return lines;
}

/**
 * Writes runs as one flowing paragraph; pdfkit breaks pages and wraps CJK between characters.
 * Hard line breaks are written as separate calls: pdfkit counts the width of "\n" (a full em in
 * Noto Sans SC) when fitting a line, which would otherwise add stray blank lines and shift
 * centred text.
 */
function writeRuns(doc: Doc, runs: TextRun[], o: RunOptions): void {
  splitRunLines(runs).forEach((line, lineIndex) => {
    if (!line.length) {
      doc.font(CJK_FONT).fontSize(o.size);
      doc.y += doc.currentLineHeight(true) + o.lineGap;
      return;
    }
    line.forEach((run, i) => {
      doc.font(o.forceBold || run.bold ? CJK_FONT_BOLD : CJK_FONT).fontSize(o.size).fillColor(COLORS.text);
      const opts = {
        width: o.width,
        // Like CSS text-indent: only the paragraph's first line is indented, not lines after <br>.
        indent: lineIndex === 0 ? o.indent ?? 0 : 0,
        lineGap: o.lineGap,
        align: o.align ?? "left",
        continued: i < line.length - 1,
      };
      if (i === 0) doc.text(run.text, o.x, doc.y, opts);
      else doc.text(run.text, opts);
    });
  });
  doc.x = o.x;
}

/** Height of text with hard line breaks, measured line by line (see writeRuns for why). */
export function heightOfLines(doc: Doc, text: string, opts: PDFKit.Mixins.TextOptions): number {
  return text.split("\n").reduce(
    (h, line) => h + (line ? doc.heightOfString(line, opts) : doc.currentLineHeight(true) + (opts.lineGap ?? 0)),
    0,
  );
}

/** Writes text with hard line breaks line by line from (x, y). */
export function writeLines(doc: Doc, text: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions): void {
  doc.y = y;
  for (const line of text.split("\n")) {
    if (line) doc.text(line, x, doc.y, opts);
    else doc.y += doc.currentLineHeight(true) + (opts.lineGap ?? 0);
  }
}

const HEADING_SIZE: Record<1 | 2 | 3 | 4, number> = { 1: 15, 2: 13.5, 3: 12.5, 4: 12 };

/** Lays out body blocks from doc.y on, across as many pages as needed. */
export function writeBlocks(doc: Doc, m: Metrics, blocks: Block[]): void {
  const bodyLine = lineHeight(doc, m.bodySize) + m.bodyLineGap;
  for (const block of blocks) {
    switch (block.kind) {
      case "heading": {
        const size = HEADING_SIZE[block.level] * m.s;
        doc.y += 4 * m.s;
        // A heading never sits alone at the foot of a page.
        ensureSpace(doc, m, lineHeight(doc, size, CJK_FONT_BOLD) + 2 * bodyLine);
        writeRuns(doc, block.runs, {
          x: m.left,
          width: m.contentWidth,
          size,
          lineGap: m.bodyLineGap,
          forceBold: true,
          align: block.level === 1 ? "center" : "left",
          indent: block.level === 1 ? 0 : m.indent,
        });
        doc.y += m.paragraphGap;
        break;
      }
      case "paragraph":
        ensureSpace(doc, m, bodyLine);
        writeRuns(doc, block.runs, {
          x: m.left,
          width: m.contentWidth,
          size: m.bodySize,
          indent: m.indent,
          lineGap: m.bodyLineGap,
        });
        doc.y += m.paragraphGap;
        break;
      case "listItem": {
        ensureSpace(doc, m, bodyLine);
        const markerX = m.left + m.indent + block.depth * m.indent;
        doc.font(CJK_FONT).fontSize(m.bodySize);
        const markerW = Math.max(m.bodySize * 1.5, doc.widthOfString(block.marker) + m.bodySize * 0.5);
        const textX = markerX + markerW;
        const y = doc.y;
        if (block.marker) {
          doc.fillColor(COLORS.text).text(block.marker, markerX, y, { lineBreak: false });
        }
        doc.y = y;
        writeRuns(doc, block.runs, {
          x: textX,
          width: m.left + m.contentWidth - textX,
          size: m.bodySize,
          lineGap: m.bodyLineGap,
        });
        doc.y += m.paragraphGap / 2;
        break;
      }
      case "table": {
        const size = m.bodySize - 1.5 * m.s;
        if (block.caption) {
          ensureSpace(doc, m, bodyLine * 3);
          writeRuns(doc, [{ text: block.caption }], {
            x: m.left,
            width: m.contentWidth,
            size,
            lineGap: m.bodyLineGap,
            forceBold: true,
            align: "center",
          });
          doc.y += 2 * m.s;
        }
        const headerRows = block.complex ? 0 : countHeaderRows(block.rows);
        const drawn =
          !block.complex &&
          drawGrid(
            doc,
            m,
            block.rows.map((r) => r.map((c) => ({ text: c.text, header: c.header }))),
            { x: m.left, width: m.contentWidth, fontSize: size, headerRows },
          );
        if (!drawn) {
          // Fallback: every row as a line of text, so no cell is ever lost.
          for (const line of tableAsTextRows(block)) {
            ensureSpace(doc, m, bodyLine);
            writeRuns(doc, [{ text: line }], {
              x: m.left + m.indent,
              width: m.contentWidth - m.indent,
              size,
              lineGap: m.bodyLineGap,
            });
            doc.y += m.paragraphGap / 2;
          }
        }
        doc.y += m.paragraphGap;
        break;
      }
    }
  }
}

function countHeaderRows(rows: { header: boolean }[][]): number {
  let n = 0;
  while (n < rows.length - 1 && rows[n].every((c) => c.header)) n++;
  return n;
}

