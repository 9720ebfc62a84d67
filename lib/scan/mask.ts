import type { PersonalNumberKind } from "./personal-numbers";

/**
 * 脱敏: replacing the middle digits of a personal number with asterisks, in place, keeping whatever
 * separators, line breaks or HTML tags sit between the digits. 370303199001011234 → 3703**********1234,
 * 13812345678 → 138****5678, a bank card keeps its first and last four digits.
 */

const KEEP: Record<PersonalNumberKind, { head: number; tail: number }> = {
  resident_id: { head: 4, tail: 4 },
  mobile: { head: 3, tail: 4 },
  bank_card: { head: 4, tail: 4 },
};

export const MASKABLE_KINDS: readonly string[] = Object.keys(KEEP);

/** The masked form of a bare number (digits, possibly ending in X). */
export function maskDigits(kind: PersonalNumberKind, digits: string): string {
  const { head, tail } = KEEP[kind];
  return [...digits].map((c, i) => (i < head || i >= digits.length - tail ? c : "*")).join("");
}

const FULL = (d: string) => String.fromCharCode(d.charCodeAt(0) + 0xfee0);

function charPattern(c: string): string {
  if (c === "X") return "[XxＸｘ]";
  return `[${c}${FULL(c)}]`;
}

function numberPattern(kind: PersonalNumberKind, digits: string, html: boolean): RegExp {
  const sep = html
    ? String.raw`(?:[\s\u00a0\u3000\-\u2010-\u2014\uff0d]|&nbsp;|&#160;|<[^>]*>){0,8}`
    : String.raw`[\s\u00a0\u3000\-\u2010-\u2014\uff0d]{0,4}`;
  const body = [...digits].map(charPattern).join(sep);
  const prefix = kind === "mobile" ? String.raw`(?:(?:\+|\uff0b|00|００)?[8８][6６][ \-]?)?` : "";
  return new RegExp(String.raw`(?<![0-9０-９])${prefix}${body}(?![0-9０-９]|${kind === "resident_id" ? "" : "[XxＸｘ]|"}\*)`, "g");
}

/** Replaces the masked digits inside one match, skipping tags and entities. */
function maskMatch(kind: PersonalNumberKind, match: string, digitCount: number): string {
  const isDigitChar = (c: string) => /[0-9０-９XxＸｘ]/.test(c);
  let total = 0;
  let inTag = false;
  let inEntity = false;
  for (const c of match) {
    if (inTag) inTag = c !== ">";
    else if (inEntity) inEntity = c !== ";";
    else if (c === "<") inTag = true;
    else if (c === "&") inEntity = true;
    else if (isDigitChar(c)) total++;
  }
  // A +86 prefix comes first: the number's own digits are the last `digitCount`.
  const skip = total - digitCount;
  const { head, tail } = KEEP[kind];
  let i = 0;
  inTag = false;
  inEntity = false;
  let out = "";
  for (const c of match) {
    if (inTag) inTag = c !== ">";
    else if (inEntity) inEntity = c !== ";";
    else if (c === "<") inTag = true;
    else if (c === "&") inEntity = true;
    else if (isDigitChar(c)) {
      const k = i++ - skip;
      if (k >= head && k < digitCount - tail) {
        out += "*";
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Masks every occurrence of the number `digits` in plain text; returns the text and how many were masked. */
export function maskInText(text: string, kind: PersonalNumberKind, digits: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(numberPattern(kind, digits, false), (m) => {
    count++;
    return maskMatch(kind, m, digits.length);
  });
  return { text: out, count };
}

/** Masks every occurrence of the number `digits` in HTML, also where tags or &nbsp; split it. */
export function maskInHtml(html: string, kind: PersonalNumberKind, digits: string): { html: string; count: number } {
  let count = 0;
  const out = html.replace(numberPattern(kind, digits, true), (m) => {
    count++;
    return maskMatch(kind, m, digits.length);
  });
  return { html: out, count };
}

/** The bare digits of a finding's match as the scanner compared them (full-width folded, X upper-case, no +86). */
export function findingDigits(kind: PersonalNumberKind, match: string): string {
  const folded = match.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const digits = folded.replace(/[^0-9Xx]/g, "").toUpperCase();
  return kind === "mobile" && digits.length > 11 ? digits.slice(-11) : digits;
}
