/**
 * The model of a letter to an applicant or a third party (登记回执, 补正告知书, 延期答复告知书,
 * 征求意见书, 收费通知书, 答复告知书), rendered the same way to PDF and DOCX.
 *
 * `body` is the text staff may edit before a letter is issued: one paragraph per line; a line that
 * ends with a full-width colon and comes first is the salutation (printed without indent).
 * The issuer and date are not part of the body, so an edit cannot drop them.
 */
import { formatChineseDate, type IsoDate } from "../calendar/dates";

export interface LetterDocument {
  title: string;
  /** Printed under the title, e.g. "申请编号：2026-7KQM-3XPD". */
  reference: string | null;
  body: string;
  /** Optional two-column table (the registration receipt), printed after the body. */
  table?: ReadonlyArray<readonly [string, string]>;
  issuer: string;
  /** Issue date; null for a draft (printed as blanks). */
  date: IsoDate | null;
  /** Small print at the foot: contact details of the office. */
  footer?: string | null;
}

export interface LetterParagraph {
  text: string;
  indent: boolean;
}

/** Body text → paragraphs; blank lines are dropped, the salutation is not indented. */
export function letterParagraphs(body: string): LetterParagraph[] {
  const lines = body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.map((text, i) => ({ text, indent: !(i === 0 && /[:：]$/.test(text)) }));
}

export function letterDateText(date: IsoDate | null): string {
  return date ? formatChineseDate(date) : "　　年　　月　　日";
}

/** Limits for an edited body: long enough for any real letter, short enough to stop a paste accident. */
export const LETTER_BODY_MAX_CHARS = 20_000;
