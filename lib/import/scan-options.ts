import type { Db } from "../db/client";
import type { ScanOptions } from "../scan/scan-text";

/** The confidentiality scan as review runs it: the built-in rules plus the office's 敏感词库. */
export async function scanOptionsFor(db: Pick<Db, "sensitiveWord">): Promise<ScanOptions> {
  const words = await db.sensitiveWord.findMany({ where: { active: true } });
  return { sensitiveWords: words.map((w) => ({ word: w.word, note: w.note })) };
}
