import { applyDismissals, scanItem, type LocatedFinding, type ScanOptions, type SensitiveWordEntry } from "../scan/scan-text";

export interface WordingEntry {
  wrong: string;
  correct: string;
  note: string;
}

export interface ContentRules {
  /** What the approval gate scans with (lib/scan/scan-options.ts): the 敏感词库, the office's own public numbers. */
  scan: ScanOptions;
  /** The 错敏词 list (WordingRule, active). */
  wording: WordingEntry[];
}

export interface ContentProblem {
  kind: string;
  location: string;
  message: string;
  context: string;
}

const keyOf = (s: string) => s.replace(/\s+/g, "").toLowerCase();

/**
 * The text around a finding as the scanner reports it ("…before【match】after…"), split so we can
 * tell whether the match is part of the correct form (e.g. "国务院总理" around a listed "国家总理"
 * cannot happen, but a wrong form inside a longer correct one must not be flagged).
 */
function insideCorrectForm(f: LocatedFinding, correct: string): boolean {
  const open = f.context.indexOf("【");
  const close = f.context.lastIndexOf("】");
  if (open < 0 || close < open) return false;
  const before = f.context.slice(0, open).replace(/^…/, "");
  const match = f.context.slice(open + 1, close);
  const flat = before + match + f.context.slice(close + 1).replace(/…$/, "");
  const start = before.length;
  for (let i = flat.indexOf(correct); i >= 0; i = flat.indexOf(correct, i + 1)) {
    if (i <= start && i + correct.length >= start + match.length) return true;
  }
  return false;
}

/**
 * Runs the confidentiality scanner (lib/scan, its public scanItem) with the 敏感词库 and the
 * 错敏词 list over one published version, drops findings a 保密审查员 dismissed for the item, and
 * words the 错敏词 ones with their correct form.
 */
export function checkPublishedText(
  input: { title: string; summary: string; documentNumber: string | null; bodyHtml: string; attachments: { name: string; text: string }[] },
  rules: ContentRules,
  dismissedFingerprints: Iterable<string>,
): ContentProblem[] {
  const wordingByKey = new Map(rules.wording.map((w) => [keyOf(w.wrong), w]));
  const words: Array<string | SensitiveWordEntry> = [...(rules.scan.sensitiveWords ?? []), ...rules.wording.map((w) => ({ word: w.wrong, note: `应为“${w.correct}”` }))];
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const findings = scanItem(
    {
      title: input.title,
      bodyHtml: `<p>${esc(input.summary)}</p><p>${esc(input.documentNumber ?? "")}</p>${input.bodyHtml}`,
      attachments: input.attachments,
    },
    { ...rules.scan, sensitiveWords: words },
  );
  const { open } = applyDismissals(findings, dismissedFingerprints);
  const out: ContentProblem[] = [];
  for (const f of open) {
    const wording = f.kind === "sensitive_word" ? wordingByKey.get(keyOf(f.match)) : undefined;
    if (wording) {
      if (insideCorrectForm(f, wording.correct)) continue;
      out.push({
        kind: "错敏词",
        location: f.location,
        message: `“${f.match}”应为“${wording.correct}”${wording.note ? `（${wording.note}）` : ""}`,
        context: f.context,
      });
    } else {
      out.push({ kind: f.kind, location: f.location, message: f.message, context: f.context });
    }
  }
  return out;
}
