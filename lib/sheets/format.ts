/**
 * Small formatting helpers shared by the sheet and batch renderers.
 */

/** A calendar date: "YYYY-MM-DD" is taken as written; instants are read in China Standard Time. */
export type DateInput = string | Date;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar parts of a date in Asia/Shanghai (the office's time zone, whatever the server's is). */
export function calendarParts(d: DateInput): { year: number; month: number; day: number } {
  if (typeof d === "string") {
    const m = DATE_ONLY.exec(d.trim());
    if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
  const date = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) throw new Error(`无效日期：${String(d)}`);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

/** "2026年12月1日" — no leading zeros, as in official notices. */
export function formatCnDate(d: DateInput): string {
  const { year, month, day } = calendarParts(d);
  return `${year}年${month}月${day}日`;
}

/** "2026年12月1日 09:30" in China Standard Time, for the batch cover. */
export function formatCnDateTime(d: Date): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
  return `${formatCnDate(d)} ${time}`;
}

function dayNumber(d: DateInput): number {
  const { year, month, day } = calendarParts(d);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** "公示期：2026年12月1日至2026年12月15日"; rejects a period that ends before it starts. */
export function formatPostingPeriod(period: { from: DateInput; to: DateInput }): string {
  if (dayNumber(period.to) < dayNumber(period.from)) {
    throw new Error(`公示期结束日期早于开始日期：${formatCnDate(period.from)}至${formatCnDate(period.to)}`);
  }
  return `公示期：${formatCnDate(period.from)}至${formatCnDate(period.to)}`;
}

/**
 * The URL to encode in a QR code, as pure ASCII. `new URL` percent-encodes non-ASCII paths and
 * queries and punycodes host names; phone scanners mishandle raw UTF-8 in QR payloads.
 */
export function asciiQrUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`二维码网址无效：${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`二维码网址须为 http(s) 地址：${url}`);
  }
  const href = parsed.href;
  if (!/^[\x21-\x7e]+$/.test(href)) throw new Error(`二维码网址含非 ASCII 字符：${href}`);
  return href;
}

/**
 * Metadata values printed on one line: collapses all whitespace (a stray "\n" in a title would
 * otherwise break the layout) and drops invisible characters the font has no glyph for.
 */
export function oneLine(text: string | null | undefined): string {
  return (text ?? "")
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
