import sanitizeHtml from "sanitize-html";
import { findPersonalNumbers, type PersonalNumberKind } from "./personal-numbers";
import { locateInText, type TextMap } from "./text-map";

export type FindingKind =
  | "resident_id"
  | "mobile"
  | "bank_card"
  | "classification_mark"
  | "internal_marking"
  | "sensitive_word";

export interface Finding {
  kind: FindingKind;
  /** The text as it appears in the source (original characters, separators included). */
  match: string;
  /** UTF-16 offsets into the scanned text; `end` is exclusive. */
  start: number;
  end: number;
  /** About 15 characters either side, the match wrapped in 【】, line breaks flattened. */
  context: string;
  message: string;
  /** kind + normalized match: stable across re-scans and edits elsewhere in the text. */
  fingerprint: string;
}

export interface SensitiveWordEntry {
  word: string;
  /** Shown to the reviewer, e.g. why the word is on the list. */
  note?: string;
}

export interface ScanOptions {
  sensitiveWords?: ReadonlyArray<string | SensitiveWordEntry>;
  /**
   * Numbers the office publishes itself (its own contact phone, fax…): never findings. Any spelling;
   * compared by digits only, without a +86 prefix.
   */
  publicNumbers?: ReadonlyArray<string>;
}

/** Digits of a published contact number as the scanner normalizes them. */
export function normalizePublicNumber(value: string): string {
  return foldWidth(value).replace(/[^\dXx]/g, "").toUpperCase().replace(/^(?:0086|86)(?=1\d{10}$)/, "");
}

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  resident_id: "身份证号码",
  mobile: "手机号码",
  bank_card: "银行卡号",
  classification_mark: "密级标志",
  internal_marking: "内部资料标识",
  sensitive_word: "敏感词",
};

const CONTEXT_CHARS = 15;

// Full-width ASCII (０-９, Ｘ, ＋, －, ★ stays) maps one-to-one onto ASCII, so offsets in the folded
// copy are offsets in the original.
function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

function fnv1a64(input: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const byte of new TextEncoder().encode(input)) {
    h ^= BigInt(byte);
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, "0");
}

export function fingerprintOf(kind: FindingKind, normalized: string): string {
  return `${kind}:${fnv1a64(normalized)}`;
}

function contextOf(text: string, start: number, end: number): string {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  const flat = (s: string) => s.replace(/\s+/g, " ");
  return (
    (from > 0 ? "…" : "") +
    flat(text.slice(from, start)) +
    "【" +
    flat(text.slice(start, end)) +
    "】" +
    flat(text.slice(end, to)) +
    (to < text.length ? "…" : "")
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Text extracted from PDFs often has spaces between CJK characters ("内 部 资 料").
function spacedPattern(word: string): string {
  return Array.from(word.replace(/\s+/g, ""))
    .map(escapeRegExp)
    .join("[ \\t\\u00a0]*");
}

interface RawFinding {
  kind: FindingKind;
  start: number;
  end: number;
  normalized: string;
  message: string;
}

// 密级 with ★ and an optional 保密期限: 机密★1年, 绝密★长期, 秘密★6个月, 秘密★ (an asterisk stands in for ★
// in text converted from Word).
const MARK_WITH_STAR_RE =
  /(绝|机|秘)[ \t]{0,3}密[ \t]*[★☆*][ \t]*(?:\d{1,2}[ \t]*(?:年|个月)|长期)?/g;
// "机密级", "秘密级": a classification level written out.
const MARK_LEVEL_RE = /(绝|机|秘)[ \t]{0,3}密级(?!别)/g;
// A bare 绝密/机密/秘密 standing on its own (a document header, "密级：秘密", "【机密】"). When the word is
// glued to other CJK text it is ordinary prose ("保守秘密", "属于国家秘密", "商业机密") and not a mark.
const BARE_MARK_RE =
  /(?<![\u3400-\u9fff\uF900-\uFAFF])(绝|机|秘)[ \t]{0,3}密(?![\u3400-\u9fff\uF900-\uFAFF★☆*])/g;

const INTERNAL_PHRASES = ["内部资料", "内部文件", "不得外传", "内部使用", "注意保密", "内部传阅", "严禁外传"];
const INTERNAL_RE = new RegExp(INTERNAL_PHRASES.map(spacedPattern).join("|"), "g");

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

const NUMBER_MESSAGES: Record<PersonalNumberKind, string> = {
  resident_id: "发现身份证号码，公开前须删除或作脱敏处理（如只保留前6位和后4位）",
  bank_card: "发现疑似银行卡号，公开前须删除或作脱敏处理",
  mobile: "发现手机号码，公开前须删除或作脱敏处理（如138****8000）",
};

function scanNumbers(folded: string, publicNumbers: ReadonlySet<string>): RawFinding[] {
  return findPersonalNumbers(folded)
    .filter((n) => !publicNumbers.has(n.normalized))
    .map((n) => ({ ...n, message: NUMBER_MESSAGES[n.kind] }));
}

function scanMarks(folded: string): RawFinding[] {
  const out: RawFinding[] = [];
  const taken: Array<{ start: number; end: number }> = [];
  const add = (m: RegExpMatchArray, message: (level: string) => string) => {
    const f = { start: m.index!, end: m.index! + m[0].replace(/[ \t]+$/, "").length };
    if (taken.some((t) => overlaps(t, f))) return;
    taken.push(f);
    const level = `${m[1]}密`;
    out.push({
      kind: "classification_mark",
      ...f,
      normalized: folded.slice(f.start, f.end).replace(/[ \t]/g, "").replace(/[☆*]/g, "★"),
      message: message(level),
    });
  };
  for (const m of folded.matchAll(MARK_WITH_STAR_RE)) {
    add(m, (level) => `发现密级标志（${level}），涉密信息不得公开，请确认是否已依法解密`);
  }
  for (const m of folded.matchAll(MARK_LEVEL_RE)) {
    add(m, (level) => `发现密级表述（${level}级），请确认内容是否涉及国家秘密`);
  }
  for (const m of folded.matchAll(BARE_MARK_RE)) {
    add(m, (level) => `发现独立出现的“${level}”字样，可能是密级标志，请核实`);
  }
  return out;
}

function scanInternal(folded: string): RawFinding[] {
  const out: RawFinding[] = [];
  for (const m of folded.matchAll(INTERNAL_RE)) {
    const phrase = m[0].replace(/\s/g, "");
    out.push({
      kind: "internal_marking",
      start: m.index,
      end: m.index + m[0].length,
      normalized: phrase,
      message: `发现“${phrase}”字样，内部资料一般不予公开，请核实`,
    });
  }
  return out;
}

function normalizeWordList(list: ScanOptions["sensitiveWords"]): SensitiveWordEntry[] {
  const seen = new Map<string, SensitiveWordEntry>();
  for (const item of list ?? []) {
    const entry = typeof item === "string" ? { word: item } : item;
    const word = entry.word.replace(/\s+/g, "");
    if (word && !seen.has(word.toLowerCase())) seen.set(word.toLowerCase(), { ...entry, word });
  }
  // Longest first so that "张三丰" wins over "张三" at the same position.
  return [...seen.values()].sort((a, b) => b.word.length - a.word.length);
}

function scanWords(folded: string, list: ScanOptions["sensitiveWords"]): RawFinding[] {
  const entries = normalizeWordList(list);
  if (entries.length === 0) return [];
  const byKey = new Map(entries.map((e) => [foldWidth(e.word).toLowerCase(), e]));
  const re = new RegExp(entries.map((e) => spacedPattern(foldWidth(e.word))).join("|"), "gi");
  const out: RawFinding[] = [];
  for (const m of folded.matchAll(re)) {
    if (m[0].length === 0) continue;
    const key = m[0].replace(/\s/g, "").toLowerCase();
    const entry = byKey.get(key);
    out.push({
      kind: "sensitive_word",
      start: m.index,
      end: m.index + m[0].length,
      normalized: key,
      message: `发现敏感词“${entry?.word ?? key}”` + (entry?.note ? `：${entry.note}` : "，请核实"),
    });
  }
  return out;
}

/** Finds personal data, classification marks, internal markings and listed sensitive words. */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const folded = foldWidth(text);
  const raw = [
    ...scanNumbers(folded, new Set((options.publicNumbers ?? []).map(normalizePublicNumber))),
    ...scanMarks(folded),
    ...scanInternal(folded),
    ...scanWords(folded, options.sensitiveWords),
  ];
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  return raw.map((r) => ({
    kind: r.kind,
    match: text.slice(r.start, r.end),
    start: r.start,
    end: r.end,
    context: contextOf(text, r.start, r.end),
    message: r.message,
    fingerprint: fingerprintOf(r.kind, r.normalized),
  }));
}

// ---------------------------------------------------------------------------
// Whole items: title, HTML body, attachments
// ---------------------------------------------------------------------------

export type FindingPart = "title" | "body" | "attachment";

export interface LocatedFinding extends Finding {
  part: FindingPart;
  /** 标题 / 正文 / 附件“name” */
  location: string;
  attachmentName?: string;
  /** Inside an attachment: 第2页, 工作表“名单”F5单元格, 页眉… when the extraction recorded it. */
  position?: string;
}

export interface ScanItemInput {
  title: string;
  bodyHtml: string;
  attachments?: ReadonlyArray<{ name: string; text: string; map?: TextMap }>;
}

const BLOCK_CLOSE_RE = /<\/(?:p|div|li|tr|h[1-6]|table|ul|ol|blockquote|section|article|pre)\s*>|<br\s*\/?>/gi;
const CELL_CLOSE_RE = /<\/(?:td|th)\s*>/gi;

/**
 * HTML to plain text as a reader sees it. Block ends become line breaks so that numbers in adjacent
 * table cells do not run together; alt/title/href text is appended because it is published too.
 */
export function htmlToText(html: string): string {
  const attributeText: string[] = [];
  // Cells end with a tab (as spreadsheet text does), lines and blocks with a line break: a number
  // wrapped inside a cell with <br> is one number, two numbers in neighbouring cells are not.
  const withBreaks = html.replace(BLOCK_CLOSE_RE, (m) => `${m}\n`).replace(CELL_CLOSE_RE, (m) => `${m}\t`);
  const text = sanitizeHtml(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    transformTags: {
      "*": (tagName, attribs) => {
        for (const name of ["alt", "title", "href"]) {
          const v = attribs[name];
          if (v && v.trim()) attributeText.push(v.trim());
        }
        return { tagName, attribs };
      },
    },
  });
  const decoded = text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/\t+$/, "")
    .trim();
  return attributeText.length ? `${decoded}\n${attributeText.join("\n")}` : decoded;
}

/** Scans an item's title, body and attachment texts; findings are labelled with where they are. */
export function scanItem(item: ScanItemInput, options: ScanOptions = {}): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const f of scanText(item.title, options)) out.push({ ...f, part: "title", location: "标题" });
  for (const f of scanText(htmlToText(item.bodyHtml), options)) out.push({ ...f, part: "body", location: "正文" });
  for (const a of item.attachments ?? []) {
    for (const f of scanText(a.text, options)) {
      const position = locateInText(a.text, a.map, f.start) || undefined;
      out.push({ ...f, part: "attachment", location: `附件“${a.name}”`, attachmentName: a.name, ...(position ? { position } : {}) });
    }
  }
  return out;
}

/** Splits findings into those still open and those a reviewer dismissed earlier (by fingerprint). */
export function applyDismissals<T extends Finding>(
  findings: readonly T[],
  dismissedFingerprints: Iterable<string>,
): { open: T[]; dismissed: T[] } {
  const dismissed = new Set(dismissedFingerprints);
  const result = { open: [] as T[], dismissed: [] as T[] };
  for (const f of findings) (dismissed.has(f.fingerprint) ? result.dismissed : result.open).push(f);
  return result;
}
