import type { Db } from "../db/client";
import type { ScanOptions } from "./scan-text";

/** Splits a contact field such as "0533-3580000、13905330000" into its numbers. */
export function contactNumbers(field: string | null | undefined): string[] {
  return (field ?? "")
    .split(/[、,，;；/|]|\s{2,}|或/)
    .map((s) => s.trim())
    .filter((s) => /\d{5,}/.test(s.replace(/[\s-]/g, "")));
}

/**
 * What every confidentiality scan uses: the active sensitive-word list, and the office's own
 * published contact numbers (Organisation record, shown in the 公开指南), which are never findings.
 */
export async function loadScanOptions(db: Pick<Db, "sensitiveWord" | "organisation">): Promise<ScanOptions> {
  const [words, orgs] = await Promise.all([
    db.sensitiveWord.findMany({ where: { active: true } }),
    db.organisation.findMany({ select: { phone: true, fax: true } }),
  ]);
  return {
    sensitiveWords: words.map((w) => ({ word: w.word, note: w.note })),
    publicNumbers: orgs.flatMap((o) => [...contactNumbers(o.phone), ...contactNumbers(o.fax)]),
  };
}
