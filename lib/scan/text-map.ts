/**
 * Where the parts of an attachment's extracted text came from, so that a finding at a text offset
 * can be reported as "第3页" or "工作表“名单”F12单元格". Stored with the attachment (ItemAttachment.textMap).
 */
export interface TextMap {
  /** PDF: offset at which each page's text starts (page 1 first). */
  pages?: number[];
  /** XLSX: each sheet's name and start, and the start and 1-based number of each row (cells are tab-separated). */
  sheets?: Array<{ name: string; start: number; rows: Array<[number, number]> }>;
  /** DOCX: parts after the main body (页眉, 页脚, 批注…), by start offset. */
  parts?: Array<{ start: number; label: string }>;
}

/** Rows recorded per workbook at most; past that a finding names the sheet only. */
export const MAX_MAPPED_ROWS = 50_000;

function lastAtOrBefore<T>(list: readonly T[], offset: number, startOf: (t: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(list[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function columnLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "第2页", "工作表“名单”C5单元格", "页眉" — or "" when the map says nothing about the offset. */
export function locateInText(text: string, map: TextMap | null | undefined, offset: number): string {
  if (!map) return "";
  if (map.pages?.length) {
    const i = lastAtOrBefore(map.pages, offset, (p) => p);
    return i >= 0 ? `第${i + 1}页` : "";
  }
  if (map.sheets?.length) {
    const s = map.sheets[lastAtOrBefore(map.sheets, offset, (x) => x.start)];
    if (!s) return "";
    const r = s.rows[lastAtOrBefore(s.rows, offset, (x) => x[0])];
    if (!r) return `工作表“${s.name}”`;
    const column = (text.slice(r[0], offset).match(/\t/g) ?? []).length;
    return `工作表“${s.name}”${columnLetters(column)}${r[1]}单元格`;
  }
  if (map.parts?.length) {
    const p = map.parts[lastAtOrBefore(map.parts, offset, (x) => x.start)];
    return p ? p.label : "";
  }
  return "";
}

/** A stored map read back from JSON; anything malformed reads as no map. */
export function parseTextMap(value: unknown): TextMap {
  if (!value || typeof value !== "object") return {};
  const v = value as TextMap;
  const out: TextMap = {};
  if (Array.isArray(v.pages) && v.pages.every((n) => typeof n === "number")) out.pages = v.pages;
  if (Array.isArray(v.sheets)) out.sheets = v.sheets.filter((s) => s && typeof s.name === "string" && Array.isArray(s.rows));
  if (Array.isArray(v.parts)) out.parts = v.parts.filter((p) => p && typeof p.label === "string");
  return out;
}
