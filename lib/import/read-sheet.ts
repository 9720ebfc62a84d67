import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "../errors/app-error";
import { assertZipWithinLimits, SHEET_ZIP_LIMITS } from "./bounded-zip";
import { COLUMN_BY_FIELD, fieldOfHeader, IMPORT_COLUMNS, type ImportField, type RawRow } from "./columns";

export type SheetFormat = "XLSX" | "CSV";

export interface SheetRow {
  /** The row number a spreadsheet program shows (header = 1). */
  rowNo: number;
  raw: RawRow;
}

export interface ReadSheet {
  rows: SheetRow[];
  /** Columns of the file that the template does not know (ignored, listed for the person). */
  unknownHeaders: string[];
}

export const MAX_IMPORT_ROWS = 50_000;

export function sheetFormatOf(fileName: string, data: Buffer): SheetFormat {
  const isZip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
  if (isZip) return "XLSX";
  if (/\.(csv|txt)$/i.test(fileName)) return "CSV";
  if (/\.xls$/i.test(fileName)) throw new AppError("INVALID_INPUT", "暂不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传");
  throw new AppError("INVALID_INPUT", "请上传导入模板（.xlsx）或 CSV 文件");
}

/** CSV from Excel/WPS: UTF-8 (with or without BOM) or GBK/GB18030, which WPS writes by default. */
export function decodeCsv(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString("utf8");
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(data);
  if (!utf8.includes("\uFFFD")) return utf8;
  return iconv.decode(data, "gb18030");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A cell as text. Date cells become YYYY-MM-DD (exceljs gives them as UTC midnight of the day). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ("error" in value) return "";
    return "";
  }
  return String(value);
}

function mapHeader(headers: string[]): { byIndex: Map<number, ImportField>; unknown: string[] } {
  const byIndex = new Map<number, ImportField>();
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    if (!h.trim()) return;
    const field = fieldOfHeader(h);
    if (field && ![...byIndex.values()].includes(field)) byIndex.set(i, field);
    else unknown.push(h.trim());
  });
  const present = new Set(byIndex.values());
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !present.has(c.field)).map((c) => `“${c.header}”`);
  if (missing.length) throw new AppError("INVALID_INPUT", `表头缺少必填列 ${missing.join("、")}。请使用下载的导入模板，第一行为列名。`);
  return { byIndex, unknown };
}

function toRows(table: string[][]): ReadSheet {
  const headerAt = table.findIndex((r) => r.some((c) => c.trim()));
  if (headerAt < 0) throw new AppError("INVALID_INPUT", "文件中没有内容");
  const { byIndex, unknown } = mapHeader(table[headerAt]);
  const rows: SheetRow[] = [];
  for (let r = headerAt + 1; r < table.length; r++) {
    const cells = table[r];
    if (!cells.some((c) => c.trim())) continue;
    const raw: RawRow = {};
    byIndex.forEach((field, i) => {
      const v = (cells[i] ?? "").replace(/\u00a0/g, " ").trim();
      if (v) raw[field] = v;
    });
    rows.push({ rowNo: r + 1, raw });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError("INVALID_INPUT", `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入`);
  return { rows, unknownHeaders: unknown };
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  await assertZipWithinLimits(data, SHEET_ZIP_LIMITS, "表格文件");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError("INVALID_INPUT", "无法读取该表格文件，请确认是 Excel/WPS 保存的 .xlsx 文件");
  }
  const sheet = workbook.worksheets.find((ws) => ws.state !== "hidden" && ws.actualRowCount > 0);
  if (!sheet) throw new AppError("INVALID_INPUT", "表格中没有数据");
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    table[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
  });
  return Array.from(table, (r) => r ?? []);
}

async function readCsv(data: Buffer): Promise<string[][]> {
  const text = decodeCsv(data);
  const workbook = new ExcelJS.Workbook();
  // map keeps every value as typed: no number or date guessing (文号 and 索引号 must stay text).
  const sheet = await workbook.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { delimiter: text.includes("\t") && !text.includes(",") ? "\t" : "," } } as never);
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    table[rowNumber - 1] = values.map((v) => cellText(v ?? null));
  });
  return Array.from(table, (r) => r ?? []);
}

export async function readImportSheet(fileName: string, data: Buffer): Promise<ReadSheet & { format: SheetFormat }> {
  const format = sheetFormatOf(fileName, data);
  const table = format === "XLSX" ? await readXlsx(data) : await readCsv(data);
  return { ...toRows(table), format };
}

export { COLUMN_BY_FIELD };
