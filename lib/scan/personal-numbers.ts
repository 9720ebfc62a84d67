import { isValidResidentId, luhnValid } from "../validation/ids";

/**
 * Finding personal numbers (resident IDs, mobiles, bank cards) in extracted text.
 *
 * Text from PDF tables, spreadsheets and Word tables puts cells next to each other with a space, a
 * tab or a line break between them, so "a number right after another number" is the normal case, not
 * a sign that the digits belong to one longer number. The scanner therefore works on digit tokens:
 *
 *   1. Every maximal run of ASCII digits (full-width digits are folded first) is a token. A token glued
 *      to another number by `.`, `,`, `:` or `/` (amounts, decimals, times, 索引号) or to Latin letters
 *      (codes such as 91370303MA3C…) is part of something else and never part of a finding.
 *   2. Neighbouring tokens may be joined when the text between them is a separator: spaces/tabs, one
 *      hyphen, or one line break (a cell that wrapped). A candidate is one token or a chain of joined
 *      tokens; it never starts or ends inside a token, so no number is picked out of a longer one.
 *   3. A candidate counts only when its digits validate (ID check digit and birth date, 15-digit IDs'
 *      birth date, Luhn for cards, 1[3-9] for mobiles) AND its grouping is one people write: the
 *      lengths of the space/hyphen-separated groups must be a known layout (6-8-4, 3-4-4, 4-4-4-4…);
 *      pieces split by a line break count as one group (a wrap can fall anywhere). This keeps columns
 *      of counts and amounts from being read as one long number.
 */

export type PersonalNumberKind = "resident_id" | "bank_card" | "mobile";

export interface PersonalNumber {
  kind: PersonalNumberKind;
  start: number;
  end: number;
  /** Digits only, uppercase X, without a +86 prefix. */
  normalized: string;
}

interface Token {
  start: number;
  end: number;
  digits: string;
  /** Part of an amount, decimal, time, code…: never used. */
  glued: boolean;
  /** Followed directly by a lone X/x (an ID's check character). */
  trailingX: boolean;
}

/** How the text between two tokens joins them: a plain separator, a line break, or not at all. */
type Join = "group" | "wrap" | null;

const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isLatin = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);
const GLUE = new Set([".", ",", ":", "/", "\\", "_"]);

/** The 15-digit resident ID issued before 1999: region, YYMMDD (19YY), 3-digit sequence, no check digit. */
export function isValidOldResidentId(value: string): boolean {
  if (!/^\d{15}$/.test(value)) return false;
  if (!PROVINCE_CODES.has(Number(value.slice(0, 2)))) return false;
  const year = 1900 + Number(value.slice(6, 8));
  const month = Number(value.slice(8, 10));
  const day = Number(value.slice(10, 12));
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\d+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text[start - 1];
    const after = text[end];
    const gluedLeft = isLatin(before) || (GLUE.has(before ?? "") && isDigit(text[start - 2]));
    const trailingX = (after === "X" || after === "x") && !isLatin(text[end + 1]) && !isDigit(text[end + 1]);
    const gluedRight = (isLatin(after) && !trailingX) || (GLUE.has(after ?? "") && isDigit(text[end + 1]));
    tokens.push({ start, end, digits: m[0], glued: gluedLeft || gluedRight, trailingX });
  }
  return tokens;
}

const HYPHENS = "-\u2010\u2011\u2012\u2013\u2014";

function joinOf(between: string): Join {
  if (between.length === 0 || between.length > 4) return null;
  let newlines = 0;
  let hyphens = 0;
  for (const c of between) {
    if (c === "\n") newlines++;
    else if (HYPHENS.includes(c)) hyphens++;
    // A tab is a column break (spreadsheet and table text): numbers either side are separate.
    else if (c !== " " && c !== "\u00a0" && c !== "\r") return null;
  }
  if (newlines > 1 || hyphens > 1 || (newlines === 1 && hyphens === 1)) return null;
  return newlines === 1 ? "wrap" : "group";
}

const LAYOUTS: Record<PersonalNumberKind, RegExp> = {
  // 18/15 digits whole, 6-8-4, 6-4-4-4, 6-12, 4-4-4-4-2, 6-6-3 (15-digit form), 6-9 / 6-6-6.
  resident_id: /^(?:18|15|6 8 4|6 4 4 4|6 12|4 4 4 4 2|6 6 3|6 9|6 6 6|6 8 1 3|6 8 3 1)$/,
  // Whole, or groups of four with a shorter last group, or 6 + rest (622202 1234567890128).
  bank_card: /^(?:1[6-9]|(?:4 ){3,4}[1-4]|6 1[0-3])$/,
  // Whole, 3-4-4, 3-8.
  mobile: /^(?:11|3 4 4|3 8)$/,
};

function classify(digits: string, layout: string): PersonalNumberKind | null {
  if (digits.length === 18 && isValidResidentId(digits) && LAYOUTS.resident_id.test(layout)) return "resident_id";
  if (digits.length === 15 && isValidOldResidentId(digits) && LAYOUTS.resident_id.test(layout)) return "resident_id";
  if (digits.length >= 16 && digits.length <= 19 && luhnValid(digits) && LAYOUTS.bank_card.test(layout)) return "bank_card";
  if (digits.length === 11 && /^1[3-9]\d{9}$/.test(digits) && LAYOUTS.mobile.test(layout)) return "mobile";
  return null;
}

interface Candidate extends PersonalNumber {
  tokens: number;
  first: number;
  last: number;
}

const KIND_RANK: Record<PersonalNumberKind, number> = { resident_id: 0, bank_card: 1, mobile: 2 };

function candidatesFrom(text: string, tokens: Token[], i: number): Candidate[] {
  const out: Candidate[] = [];
  let digits = "";
  const groups: number[] = [];
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.glued) break;
    if (j > i) {
      const join = joinOf(text.slice(tokens[j - 1].end, t.start));
      if (!join || tokens[j - 1].trailingX) break;
      if (join === "wrap") groups[groups.length - 1] += t.digits.length;
      else groups.push(t.digits.length);
    } else groups.push(t.digits.length);
    digits += t.digits;
    if (digits.length > 19) break;
    const layout = groups.join(" ");
    const kind = classify(digits, layout);
    if (kind) out.push({ kind, start: tokens[i].start, end: t.end, normalized: digits, tokens: j - i + 1, first: i, last: j });
    if (t.trailingX && digits.length === 17) {
      const withX = digits + "X";
      if (isValidResidentId(withX) && LAYOUTS.resident_id.test(groups.map((g, k) => (k === groups.length - 1 ? g + 1 : g)).join(" "))) {
        out.push({ kind: "resident_id", start: tokens[i].start, end: t.end + 1, normalized: withX, tokens: j - i + 1, first: i, last: j });
      }
    }
  }
  return out;
}

/** Extends a mobile over a +86 / 0086 / 86 prefix written in front of it. */
function withCountryCode(text: string, tokens: Token[], c: Candidate): Candidate {
  if (c.kind !== "mobile" || c.first === 0) return c;
  const prev = tokens[c.first - 1];
  if (prev.glued || (prev.digits !== "86" && prev.digits !== "0086")) return c;
  const between = text.slice(prev.end, tokens[c.first].start);
  if (!/^[ \-]?$/.test(between)) return c;
  const plus = prev.digits === "86" && text[prev.start - 1] === "+" ? 1 : 0;
  if (!plus && isDigit(text[prev.start - 2]) && /[ \-]/.test(text[prev.start - 1] ?? "")) return c;
  return { ...c, start: prev.start - plus, first: c.first - 1 };
}

/** Resident IDs (18- and 15-digit), mobile numbers and Luhn-valid bank card numbers in `text`. */
export function findPersonalNumbers(text: string): PersonalNumber[] {
  const tokens = tokenize(text);
  const all: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const c of candidatesFrom(text, tokens, i)) all.push(c);
  }
  // Glued-together 86 prefix ("8613800138000"): one token of 13 digits.
  for (const t of tokens) {
    if (t.glued) continue;
    const m = /^(?:0086|86)(1[3-9]\d{9})$/.exec(t.digits);
    if (m) all.push({ kind: "mobile", start: t.start - (text[t.start - 1] === "+" ? 1 : 0), end: t.end, normalized: m[1], tokens: 1, first: tokens.indexOf(t), last: tokens.indexOf(t) });
  }
  // IDs before cards before mobiles (an ID wrapped after its region code leaves a tail that looks like
  // a mobile: 370305 / 19580312036X); then a number written whole before one stitched from pieces.
  all.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.tokens - b.tokens || a.start - b.start);
  const chosen: Candidate[] = [];
  for (const c of all) {
    if (chosen.some((x) => x.first <= c.last && c.first <= x.last)) continue;
    chosen.push(c);
  }
  return chosen
    .map((c) => withCountryCode(text, tokens, c))
    .sort((a, b) => a.start - b.start)
    .map(({ kind, start, end, normalized }) => ({ kind, start, end, normalized }));
}
