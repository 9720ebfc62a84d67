import ExcelJS from "exceljs";
import type { GridTable, ReportDocument } from "../annual-report/document";
import { FONT, thinBorder } from "./xlsx-style";

/**
 * Writes one grid (HTML-style colSpan/rowSpan, covered cells absent) from the given row, merging
 * cells as the national format prints them. Returns the next free row.
 */
export function writeGrid(sheet: ExcelJS.Worksheet, grid: GridTable, startRow: number): number {
  const occupied = new Set<string>();
  const width = grid.columnWidths.length;
  grid.rows.forEach((cells, r) => {
    let c = 0;
    const rowNo = startRow + r;
    for (const cell of cells) {
      while (occupied.has(`${r}:${c}`)) c += 1;
      const colSpan = Math.min(cell.colSpan ?? 1, width - c);
      const rowSpan = cell.rowSpan ?? 1;
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) occupied.add(`${r + dr}:${c + dc}`);
      const target = sheet.getCell(rowNo, c + 1);
      const numeric = /^-?\d+(\.\d+)?$/.test(cell.text);
      target.value = numeric ? Number(cell.text) : cell.text;
      target.font = { ...FONT, size: 10, bold: Boolean(cell.bold) };
      target.alignment = { wrapText: true, vertical: "middle", horizontal: cell.align === "left" || (!numeric && !cell.bold && c === 0) ? "left" : "center" };
      if (colSpan > 1 || rowSpan > 1) sheet.mergeCells(rowNo, c + 1, rowNo + rowSpan - 1, c + colSpan);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) sheet.getCell(rowNo + dr, c + 1 + dc).border = thinBorder;
      c += colSpan;
    }
  });
  return startRow + grid.rows.length;
}

const SHEET_NAMES = ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"];

/**
 * Tables 二, 三 and 四 of the annual report, one sheet each, laid out like the national format
 * (国办公开办函〔2021〕30号): the section heading above, merged header cells, the same row labels.
 */
export async function renderAnnualTablesXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  let heading = "";
  let index = 0;
  for (const block of doc.blocks) {
    if (block.type === "heading1") heading = block.text;
    if (block.type !== "table") continue;
    const grid = block.table;
    const sheet = wb.addWorksheet(SHEET_NAMES[index] ?? `表${index + 2}`, { pageSetup: { paperSize: 9, orientation: grid.columnWidths.length > 6 ? "landscape" : "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const total = grid.columnWidths.reduce((a, b) => a + b, 0);
    sheet.columns = grid.columnWidths.map((w) => ({ width: Math.max(6, Math.round((w / total) * 110)) }));
    sheet.getCell(1, 1).value = doc.titleLines.join("");
    sheet.getCell(1, 1).font = { ...FONT, size: 12, bold: true };
    sheet.mergeCells(1, 1, 1, grid.columnWidths.length);
    sheet.getCell(2, 1).value = heading;
    sheet.getCell(2, 1).font = { ...FONT, bold: true };
    sheet.mergeCells(2, 1, 2, grid.columnWidths.length);
    writeGrid(sheet, grid, 3);
    index += 1;
  }
  if (index === 0) wb.addWorksheet("统计表").getCell(1, 1).value = "本年度报告尚无统计表";
  return Buffer.from(await wb.xlsx.writeBuffer());
}
