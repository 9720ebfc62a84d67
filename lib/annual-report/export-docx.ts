// DOCX export of the annual report in the style of GB/T 9704 (党政机关公文格式):
// A4, 版心 156 × 225 mm (margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm),
// title in 方正小标宋简体 二号 (22 pt), level-1 headings 黑体 三号, level-2 headings 楷体_GB2312
// 三号, body 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line pitch, first line indented two
// characters, page numbers "— 1 —" in 宋体 四号, odd pages right, even pages left.
//
// Font names are written as given; a machine without them (most non-government PCs, LibreOffice
// on Linux) substitutes a fallback CJK font. Latin text and figures use Times New Roman.
//
// Tables are bordered, with fixed column widths adding up to the 156 mm text width, in small
// type (table 三: 9 pt, table 四: 8 pt) so that the 10- and 15-column tables stay in portrait.

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IFontAttributesProperties,
} from "docx";
import type { AnnualReportData } from "./drafts";
import { balancedLines, buildReportDocument, type GridTable, type ReportDocument } from "./document";

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  marginTop: mm(37),
  marginBottom: mm(35),
  marginLeft: mm(28),
  marginRight: mm(26),
  footer: mm(23),
};
export const TEXT_WIDTH_TWIPS = PAGE.width - PAGE.marginLeft - PAGE.marginRight;

const LATIN = "Times New Roman";
export const FONTS = {
  title: "方正小标宋简体",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  body: "仿宋_GB2312",
  table: "仿宋_GB2312",
  pageNumber: "宋体",
} as const;

function font(eastAsia: string): IFontAttributesProperties {
  return { ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN };
}

const BODY_SIZE = 32; // half-points: 16 pt, 三号
const TITLE_SIZE = 44; // 22 pt, 二号
const LINE_EXACT = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt
const FIRST_LINE_INDENT = 640; // two 16 pt characters

function bodyParagraph(
  text: string,
  eastAsia: string = FONTS.body,
  opts: { bold?: boolean; color?: string; keepNext?: boolean; keepLines?: boolean } = {},
): Paragraph {
  return new Paragraph({
    keepNext: opts.keepNext,
    keepLines: opts.keepLines,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { ...LINE_EXACT, before: 0, after: 0 },
    children: [new TextRun({ text, font: font(eastAsia), size: BODY_SIZE, bold: opts.bold, color: opts.color })],
  });
}

const CELL_MARGIN = 50;

/** Centred labels are broken into even lines, as in the PDF ("商业/企业", not "商业企/业"). */
function cellLines(text: string, align: "left" | "center", widthTwips: number, fontSize: number): string[] {
  if (align !== "center") return [text];
  return balancedLines(text, Math.floor((widthTwips - 2 * CELL_MARGIN) / (fontSize * 20)));
}

function gridToTable(grid: GridTable): Table {
  const total = grid.columnWidths.reduce((s, w) => s + w, 0);
  const widths = grid.columnWidths.map((w) => Math.floor((w / total) * TEXT_WIDTH_TWIPS));
  widths[widths.length - 1] += TEXT_WIDTH_TWIPS - widths.reduce((s, w) => s + w, 0);
  const size = grid.fontSize * 2;
  const line = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

  // Column index of each cell, to give it the width of the columns it spans.
  const occupied: boolean[][] = grid.rows.map(() => Array(widths.length).fill(false));
  const rows = grid.rows.map((cells, r) => {
    let c = 0;
    const children = cells.map((cell) => {
      while (c < widths.length && occupied[r][c]) c += 1;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      for (let rr = r; rr < Math.min(r + rowSpan, grid.rows.length); rr++) {
        for (let cc = c; cc < Math.min(c + colSpan, widths.length); cc++) occupied[rr][cc] = true;
      }
      const width = widths.slice(c, c + colSpan).reduce((s, w) => s + w, 0);
      c += colSpan;
      return new TableCell({
        columnSpan: colSpan > 1 ? colSpan : undefined,
        rowSpan: rowSpan > 1 ? rowSpan : undefined,
        width: { size: width, type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        margins: { top: 30, bottom: 30, left: CELL_MARGIN, right: CELL_MARGIN },
        children: [
          new Paragraph({
            alignment: cell.align === "left" ? AlignmentType.LEFT : AlignmentType.CENTER,
            spacing: { before: 0, after: 0, line: Math.round(grid.fontSize * 20 * 1.25), lineRule: LineRuleType.AT_LEAST },
            children: cellLines(cell.text, cell.align ?? "center", width, grid.fontSize).map(
              (line, i) => new TextRun({ text: line, font: font(FONTS.table), size, bold: cell.bold, break: i > 0 ? 1 : undefined }),
            ),
          }),
        ],
      });
    });
    return new TableRow({
      children,
      cantSplit: true,
      tableHeader: r < grid.headerRows ? true : undefined,
      // Keep a small table on one page: every row but the last is kept with the next.
      keepNext: grid.keepTogether && r < grid.rows.length - 1 ? true : undefined,
    });
  });

  return new Table({
    rows,
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: {
      top: line,
      bottom: line,
      left: line,
      right: line,
      insideHorizontal: line,
      insideVertical: line,
    },
  });
}

function pageNumberFooter(alignment: "left" | "right"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === "right" ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ["— ", PageNumber.CURRENT, " —"],
            font: font(FONTS.pageNumber),
            size: 28, // 四号
          }),
        ],
      }),
    ],
  });
}

/** Render a report model to a DOCX file. */
export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const line of doc.titleLines) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: [new TextRun({ text: line, font: font(FONTS.title), size: TITLE_SIZE })],
      }),
    );
  }
  children.push(new Paragraph({ spacing: LINE_EXACT, children: [] }));

  doc.blocks.forEach((block, i) => {
    const next = doc.blocks[i + 1];
    switch (block.type) {
      case "heading1":
        children.push(bodyParagraph(block.text, FONTS.heading1, { keepNext: true }));
        break;
      case "heading2":
        children.push(bodyParagraph(block.text, FONTS.heading2, { keepNext: true }));
        break;
      case "paragraph":
        // The last paragraph keeps with the 落款, so the 落款 never stands alone on a page.
        children.push(bodyParagraph(block.text, undefined, next?.type === "signature" ? { keepNext: true, keepLines: true } : {}));
        break;
      case "signature":
        children.push(new Paragraph({ spacing: LINE_EXACT, keepNext: true, children: [] }));
        for (const [j, text] of [block.issuer, block.dateText].entries()) {
          children.push(
            new Paragraph({
              alignment: AlignmentType.RIGHT,
              indent: { right: 640 },
              spacing: LINE_EXACT,
              keepNext: j === 0,
              keepLines: true,
              children: [new TextRun({ text, font: font(FONTS.body), size: BODY_SIZE })],
            }),
          );
        }
        break;
      case "warning":
        for (const l of block.lines) children.push(bodyParagraph(l, FONTS.heading1, { bold: true, color: "C00000" }));
        break;
      case "table":
        children.push(gridToTable(block.table));
        // A little air after the table before the next heading.
        children.push(new Paragraph({ spacing: { before: 0, after: 0, line: 280, lineRule: LineRuleType.EXACT }, children: [] }));
        break;
    }
  });

  const document = new Document({
    creator: "政务公开平台",
    title: doc.titleLines.join(""),
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.marginTop,
              bottom: PAGE.marginBottom,
              left: PAGE.marginLeft,
              right: PAGE.marginRight,
              footer: PAGE.footer,
              header: mm(15),
            },
          },
        },
        footers: { default: pageNumberFooter("right"), even: pageNumberFooter("left") },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Compute tables and drafts for the year and render the full report as DOCX. */
export async function exportAnnualReportDocx(data: AnnualReportData): Promise<Buffer> {
  return renderReportDocx(buildReportDocument(data).document);
}
