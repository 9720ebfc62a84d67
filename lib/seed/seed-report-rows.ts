import type { Db } from "../db/client";

/**
 * Table 二 of the annual report counts 规章 and 行政规范性文件 from the catalogue. Maps the two
 * demo categories once (only where no mapping was ever set, so an administrator's choice stays).
 */
export async function seedReportRows(db: Db, organisationId: string): Promise<number> {
  let changed = 0;
  for (const [code, reportRow] of [["gz", "RULE"], ["gfxwj", "NORMATIVE"]] as const) {
    const res = await db.category.updateMany({ where: { organisationId, code, reportRow: null }, data: { reportRow } });
    changed += res.count;
  }
  return changed;
}
