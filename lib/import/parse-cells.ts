// Cell values as offices type them, turned into the platform's values (pure functions).

const pad = (n: number) => String(n).padStart(2, "0");

function validDay(y: number, m: number, d: number): string | null {
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A day as written in a spreadsheet: 2017-03-05, 2017/3/5, 2017.3.5, 2017年3月5日, 20170305, or an
 * Excel serial number from a cell formatted as 常规 (42799 → 2017-03-05). Anything else is null.
 * Times are refused: the column holds days, and a zone-less time would be read in the server's zone.
 */
export function parseDayCell(value: string): string | null {
  const v = value.normalize("NFKC").trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}$/.test(v)) {
    const serial = Number(v);
    if (serial < 18000 || serial > 73000) return null;
    // Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never was: serial 25569 = 1970-01-01.
    const d = new Date((serial - 25569) * 86_400_000);
    return validDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  return null;
}

export function parseValidityCell(value: string | undefined): "VALID" | "REPEALED" | null {
  const v = (value ?? "").trim();
  if (!v || v === "有效" || v === "现行有效") return "VALID";
  if (["失效", "废止", "已废止", "已失效", "无效"].includes(v)) return "REPEALED";
  return null;
}

/** Names compared the way people type them: NFKC (full-width → half-width), no spaces. */
export function normaliseName(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "");
}

/** 索引号 typed with full-width characters or spaces, in upper case. */
export function normaliseIndexNo(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

/** A row's identity when it has no 索引号: 文号 + 生成日期 + 名称. */
export function naturalKey(documentNumber: string | null | undefined, generatedDate: string, title: string): string {
  return `${normaliseName(documentNumber ?? "")}|${generatedDate}|${normaliseName(title)}`;
}

/** Shows a finding without repeating the personal data it found: keeps the first 4 and last 4 characters. */
export function maskForMessage(match: string): string {
  const chars = [...match.replace(/[\s-]/g, "")];
  if (chars.length <= 8) return chars.map((c, i) => (i < 2 ? c : "*")).join("");
  return chars.map((c, i) => (i < 4 || i >= chars.length - 4 ? c : "*")).join("");
}
