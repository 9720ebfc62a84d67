/**
 * Duplicate hints ("重复申请?"). 条例第三十六条第（六）项 lets the office decline a repeated
 * application for information it has already answered; a handler must decide that, so the system
 * only points at candidates: the same applicant (ID number, or name and phone) asking for similar
 * information within the look-back period.
 *
 * Similarity is the Dice coefficient of character bigrams — Chinese has no spaces, and bigrams
 * catch "2025年财政预算" vs "二〇二五年度财政预算公开" well enough for a hint without a segmenter.
 */

export interface DuplicateCandidate {
  id: string;
  trackingCode: string;
  applicantName: string;
  idNumber: string;
  phone: string;
  infoTitle: string | null;
  description: string;
  submittedAt: Date;
}

export interface DuplicateHint {
  id: string;
  trackingCode: string;
  similarity: number;
  submittedAt: Date;
}

/** Hints at or above this similarity are shown. */
export const DUPLICATE_THRESHOLD = 0.45;
/** Only applications from the last 365 days are compared. */
export const DUPLICATE_LOOKBACK_DAYS = 365;

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, "")
    .replace(/(关于|申请|公开|政府信息|信息|的|请求|提供)/g, "");
}

function bigrams(text: string): Map<string, number> {
  const chars = Array.from(normalise(text));
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0], 1);
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of character bigrams, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let sizeX = 0;
  let sizeY = 0;
  for (const n of x.values()) sizeX += n;
  for (const n of y.values()) sizeY += n;
  if (sizeX === 0 || sizeY === 0) return 0;
  let common = 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return (2 * common) / (sizeX + sizeY);
}

const requestText = (a: Pick<DuplicateCandidate, "infoTitle" | "description">) => `${a.infoTitle ?? ""} ${a.description}`;

export function isSameApplicant(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  if (a.idNumber && a.idNumber === b.idNumber) return true;
  const digits = (p: string) => p.replace(/\D/g, "");
  return a.applicantName.trim() === b.applicantName.trim() && digits(a.phone) === digits(b.phone);
}

/** Other applications of the same applicant asking for similar information, most similar first. */
export function findDuplicateHints(
  target: DuplicateCandidate,
  others: readonly DuplicateCandidate[],
  threshold = DUPLICATE_THRESHOLD,
): DuplicateHint[] {
  return others
    .filter((o) => o.id !== target.id && isSameApplicant(target, o))
    .map((o) => ({
      id: o.id,
      trackingCode: o.trackingCode,
      submittedAt: o.submittedAt,
      similarity: Math.round(textSimilarity(requestText(target), requestText(o)) * 100) / 100,
    }))
    .filter((h) => h.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity);
}
