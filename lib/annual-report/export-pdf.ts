// PDF export of the annual report with pdfkit and the bundled Noto Sans SC TrueType fonts
// (registered through lib/pdf/fonts.ts). Layout follows the DOCX export: A4, the GB/T 9704
// text block (margins 37/26/35/28 mm), 16 pt body on a 28 pt line pitch, tables as bordered
// grids scaled to the text width with wrapped labels; tables continue on a new page between
// row groups (never inside merged cells) and repeat their header rows there. Page numbers
// "— n —" sit 7 mm below the text block, odd pages right, even pages left.

import PDFDocument from "pdfkit";
import { CJK_FONT, CJK_FONT_BOLD, registerCjkFonts } from "../pdf/fonts";
import type { AnnualReportData } from "./drafts";
import { balancedLines, buildReportDocument, placeCells, type GridTable, type PlacedCell, type ReportDocument } from "./document";

const PT_PER_MM = 72 / 25.4;
const mm = (v: number): number => v * PT_PER_MM;

export const PDF_LAYOUT = {
  marginTop: mm(37),
  marginBottom: mm(35),
  marginLeft: mm(28),
  marginRight: mm(26),
  bodySize: 16,
  linePitch: 28,
  titleSize: 22,
  cellPadX: 2.5,
  cellPadY: 2,
};

type Doc = PDFKit.PDFDocument;

interface Frame {
  left: number;
  width: number;
  top: number;
  bottom: number;
}

function frame(doc: Doc): Frame {
  return {
    left: PDF_LAYOUT.marginLeft,
    width: doc.page.width - PDF_LAYOUT.marginLeft - PDF_LAYOUT.marginRight,
    top: PDF_LAYOUT.marginTop,
    bottom: doc.page.height - PDF_LAYOUT.marginBottom,
  };
}

function lineGapFor(doc: Doc, size: number, pitch: number): number {
  doc.fontSize(size);
  return Math.max(0, pitch - doc.currentLineHeight(false));
}

function ensureSpace(doc: Doc, needed: number): void {
  const f = frame(doc);
  if (doc.y + needed > f.bottom) {
    doc.addPage();
    doc.y = f.top;
  }
}

function paragraph(doc: Doc, text: string, opts: { bold?: boolean; color?: string; indent?: boolean } = {}): void {
  const f = frame(doc);
  doc.font(opts.bold ? CJK_FONT_BOLD : CJK_FONT).fontSize(PDF_LAYOUT.bodySize).fillColor(opts.color ?? "black");
  const lineGap = lineGapFor(doc, PDF_LAYOUT.bodySize, PDF_LAYOUT.linePitch);
  ensureSpace(doc, PDF_LAYOUT.linePitch);
  doc.text(text, f.left, doc.y, {
    width: f.width,
    indent: opts.indent === false ? 0 : PDF_LAYOUT.bodySize * 2,
    lineGap,
    align: "left",
  });
  doc.fillColor("black");
}

// ---------------------------------------------------------------------------------------------
// Grid tables
// ---------------------------------------------------------------------------------------------

interface GridLayout {
  colX: number[]; // left edge of each column, plus the right edge at the end
  rowH: number[];
  placed: PlacedCell[];
  /** [start, end) row ranges that must stay on one page (linked by merged cells). */
  groups: [number, number][];
}

/** Characters that may not start a line (避头): they pull the previous character down with them. */
const NO_LINE_START = new Set([..."，。、；：？！）》」』”’…%．.,;:)"]);

/**
 * Greedy per-character line breaking for CJK cell text, measured with the current font.
 * Explicit "\n" breaks are kept.
 */
export function wrapCjk(measure: (s: string) => number, text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line: string[] = [];
    for (const ch of [...para]) {
      if (line.length > 0 && measure(line.join("") + ch) > width) {
        if (NO_LINE_START.has(ch) && line.length > 1) {
          const carried = line.pop() as string;
          out.push(line.join(""));
          line = [carried, ch];
        } else {
          out.push(line.join(""));
          line = [ch];
        }
      } else {
        line.push(ch);
      }
    }
    out.push(line.join(""));
  }
  return out;
}

function tableLineHeight(grid: GridTable): number {
  return grid.fontSize * 1.3;
}

/** Lines of a cell as drawn: centred labels broken into even lines ("商业/企业"). */
function cellLines(doc: Doc, grid: GridTable, p: PlacedCell, width: number): string[] {
  doc.font(p.cell.bold ? CJK_FONT_BOLD : CJK_FONT).fontSize(grid.fontSize);
  const inner = width - 2 * PDF_LAYOUT.cellPadX;
  const measure = (t: string): number => doc.widthOfString(t);
  if ((p.cell.align ?? "center") === "center") {
    const balanced = balancedLines(p.cell.text, Math.floor(inner / grid.fontSize));
    if (balanced.every((l) => measure(l) <= inner)) return balanced;
  }
  return wrapCjk(measure, p.cell.text, inner);
}

function layoutGrid(doc: Doc, grid: GridTable, left: number, width: number): GridLayout {
  const total = grid.columnWidths.reduce((s, w) => s + w, 0);
  const colX = [left];
  for (const w of grid.columnWidths) colX.push(colX[colX.length - 1] + (w / total) * width);
  const placed = placeCells(grid);
  doc.fontSize(grid.fontSize);
  const minRow = tableLineHeight(grid) + 2 * PDF_LAYOUT.cellPadY + 1;
  const rowH: number[] = grid.rows.map(() => minRow);

  const needed = (p: PlacedCell): number => {
    const w = colX[p.col + p.colSpan] - colX[p.col];
    doc.font(p.cell.bold ? CJK_FONT_BOLD : CJK_FONT).fontSize(grid.fontSize);
    return cellLines(doc, grid, p, w).length * tableLineHeight(grid) + 2 * PDF_LAYOUT.cellPadY;
  };
  for (const p of placed.filter((q) => q.rowSpan === 1)) rowH[p.row] = Math.max(rowH[p.row], needed(p));
  for (const p of placed.filter((q) => q.rowSpan > 1)) {
    const have = rowH.slice(p.row, p.row + p.rowSpan).reduce((s, h) => s + h, 0);
    const need = needed(p);
    if (need > have) {
      const extra = (need - have) / p.rowSpan;
      for (let r = p.row; r < p.row + p.rowSpan; r++) rowH[r] += extra;
    }
  }

  // Row groups: extend a group while a merged cell reaches further down.
  const reach = grid.rows.map((_, r) => r);
  for (const p of placed) for (let r = p.row; r < p.row + p.rowSpan; r++) reach[p.row] = Math.max(reach[p.row], p.row + p.rowSpan - 1);
  const groups: [number, number][] = [];
  let start = 0;
  let end = 0;
  for (let r = 0; r < grid.rows.length; r++) {
    end = Math.max(end, reach[r]);
    if (r === end) {
      groups.push([start, r + 1]);
      start = r + 1;
      end = r + 1;
    }
  }
  return { colX, rowH, placed, groups };
}

function drawCells(doc: Doc, grid: GridTable, layout: GridLayout, rows: [number, number], top: number): number {
  const [from, to] = rows;
  const rowTop: number[] = [];
  let y = top;
  for (let r = from; r < to; r++) {
    rowTop[r] = y;
    y += layout.rowH[r];
  }
  doc.lineWidth(0.6).strokeColor("black");
  for (const p of layout.placed) {
    if (p.row < from || p.row >= to) continue;
    const x = layout.colX[p.col];
    const w = layout.colX[p.col + p.colSpan] - x;
    const h = layout.rowH.slice(p.row, p.row + p.rowSpan).reduce((s, v) => s + v, 0);
    const cy = rowTop[p.row];
    doc.rect(x, cy, w, h).stroke();
    const lines = cellLines(doc, grid, p, w);
    const lh = tableLineHeight(grid);
    // Noto Sans SC's ascent+descent is about 1.45 em; centre that box within each line slot.
    const glyphBox = doc.currentLineHeight(false);
    let ty = cy + (h - lines.length * lh) / 2 + (lh - glyphBox) / 2;
    for (const line of lines) {
      const lw = doc.widthOfString(line);
      const tx = (p.cell.align ?? "center") === "center" ? x + (w - lw) / 2 : x + PDF_LAYOUT.cellPadX;
      doc.text(line, tx, ty, { lineBreak: false });
      ty += lh;
    }
  }
  return y;
}

/**
 * Height the table needs before it may start on the current page: the whole table when it is
 * kept together (and fits on a page), else its header rows and first row group.
 */
function gridStartHeight(doc: Doc, grid: GridTable): number {
  const f = frame(doc);
  const layout = layoutGrid(doc, grid, f.left, f.width);
  const height = (g: [number, number]): number => layout.rowH.slice(g[0], g[1]).reduce((s, h) => s + h, 0);
  const total = height([0, grid.rows.length]);
  // Kept together only if it fits on a page below a heading, so the heading can go with it, and
  // only if moving it would not leave the current page more than half empty: a large table that
  // does not fit below the text is split (its header rows repeat) rather than leave a blank half page.
  const left = f.bottom - doc.y;
  const halfPage = (f.bottom - f.top) / 2;
  if (grid.keepTogether && total <= f.bottom - f.top - 2 * PDF_LAYOUT.linePitch && (total <= left || left < halfPage)) return total;
  const firstBody = layout.groups.find(([s]) => s >= grid.headerRows);
  return height([0, grid.headerRows]) + (firstBody ? height(firstBody) : 0);
}

function drawGrid(doc: Doc, grid: GridTable): void {
  const f = frame(doc);
  const layout = layoutGrid(doc, grid, f.left, f.width);
  const height = (g: [number, number]): number => layout.rowH.slice(g[0], g[1]).reduce((s, h) => s + h, 0);
  const header: [number, number] = [0, grid.headerRows];
  const bodyGroups = layout.groups.filter(([s]) => s >= grid.headerRows);

  if (doc.y + gridStartHeight(doc, grid) > f.bottom) {
    doc.addPage();
    doc.y = f.top;
  }
  let y = doc.y;
  if (grid.headerRows > 0) y = drawCells(doc, grid, layout, header, y);
  for (const g of bodyGroups) {
    if (y + height(g) > f.bottom) {
      doc.addPage();
      y = f.top;
      if (grid.headerRows > 0) y = drawCells(doc, grid, layout, header, y);
    }
    y = drawCells(doc, grid, layout, g, y);
  }
  doc.x = f.left;
  doc.y = y + PDF_LAYOUT.linePitch / 2;
}

// ---------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------

function drawPageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const f = frame(doc);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the text block must not open a new page
    const n = i - range.start + 1;
    const label = `— ${n} —`;
    doc.font(CJK_FONT).fontSize(14).fillColor("black");
    const w = doc.widthOfString(label);
    const x = n % 2 === 1 ? f.left + f.width - w - 14 : f.left + 14;
    doc.text(label, x, f.bottom + mm(7), { lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
}

/**
 * The 落款, right-aligned one line below the text. renderReportPdf looks ahead: when the last
 * paragraph and the 落款 do not both fit, the paragraph starts the next page, so the 落款 never
 * stands alone there.
 */
function drawSignature(doc: Doc, block: { issuer: string; dateText: string }): void {
  const f = frame(doc);
  doc.font(CJK_FONT).fontSize(PDF_LAYOUT.bodySize).fillColor("black");
  const lineGap = lineGapFor(doc, PDF_LAYOUT.bodySize, PDF_LAYOUT.linePitch);
  doc.y += PDF_LAYOUT.linePitch;
  const signWidth = f.width * 0.55;
  for (const text of [block.issuer, block.dateText]) {
    doc.text(text, f.left + f.width - signWidth, doc.y, { width: signWidth, align: "center", lineGap });
  }
  doc.x = f.left;
}

/** Height of the 落款 with the line above it. */
export const SIGNATURE_HEIGHT = 3 * PDF_LAYOUT.linePitch;

/** Render a report model to PDF. */
export async function renderReportPdf(model: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: {
      top: PDF_LAYOUT.marginTop,
      bottom: PDF_LAYOUT.marginBottom,
      left: PDF_LAYOUT.marginLeft,
      right: PDF_LAYOUT.marginRight,
    },
    bufferPages: true,
    // No Helvetica: every string is CJK-capable Noto Sans SC.
    font: null as unknown as string,
    info: { Title: model.titleLines.join(""), Creator: "政务公开平台" },
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const f = frame(doc);
  doc.y = f.top;
  doc.font(CJK_FONT_BOLD).fontSize(PDF_LAYOUT.titleSize);
  const titleGap = lineGapFor(doc, PDF_LAYOUT.titleSize, 35);
  for (const line of model.titleLines) {
    doc.text(line, f.left, doc.y, { width: f.width, align: "center", lineGap: titleGap });
  }
  doc.y += PDF_LAYOUT.linePitch;

  model.blocks.forEach((block, i) => {
    const next = model.blocks[i + 1];
    switch (block.type) {
      case "heading1":
        // Do not leave a heading alone at the foot of a page.
        ensureSpace(doc, PDF_LAYOUT.linePitch + (next?.type === "table" ? gridStartHeight(doc, next.table) : PDF_LAYOUT.linePitch));
        paragraph(doc, block.text, { bold: true });
        break;
      case "heading2":
        ensureSpace(doc, PDF_LAYOUT.linePitch * 2);
        paragraph(doc, block.text, { bold: true });
        break;
      case "paragraph":
        // The last paragraph goes to the next page with the 落款 when both do not fit.
        if (next?.type === "signature") {
          doc.font(CJK_FONT).fontSize(PDF_LAYOUT.bodySize);
          const h = doc.heightOfString(block.text, {
            width: f.width,
            indent: PDF_LAYOUT.bodySize * 2,
            lineGap: lineGapFor(doc, PDF_LAYOUT.bodySize, PDF_LAYOUT.linePitch),
          });
          if (doc.y + h <= f.bottom && doc.y + h + SIGNATURE_HEIGHT > f.bottom) {
            doc.addPage();
            doc.y = f.top;
          }
        }
        paragraph(doc, block.text);
        break;
      case "warning":
        for (const l of block.lines) paragraph(doc, l, { bold: true, color: "#C00000" });
        break;
      case "table":
        drawGrid(doc, block.table);
        break;
      case "signature":
        drawSignature(doc, block);
        break;
    }
  });

  drawPageNumbers(doc);
  doc.end();
  return done;
}

/** Compute tables and drafts for the year and render the full report as PDF. */
export async function exportAnnualReportPdf(data: AnnualReportData): Promise<Buffer> {
  return renderReportPdf(buildReportDocument(data).document);
}
