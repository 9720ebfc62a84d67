import type { Db } from "../db/client";
import { toChinaDate } from "../calendar/dates";
import { naturalKey, normaliseName } from "./parse-cells";
import type { ExistingItem, PlanContext } from "./plan-row";
import type { SheetRow } from "./read-sheet";
import { normaliseIndexNo } from "./parse-cells";
import { loadScanOptions } from "../scan/scan-options";

const CHUNK = 2_000;

/**
 * What the rows are checked against: departments and categories by name, and the items they may match
 * (by 索引号 on any item, or by 文号 + 生成日期 + 名称 on published ones), looked up only for the
 * names and numbers the file contains.
 */
export async function loadPlanContext(db: Db, rows: readonly SheetRow[], now = new Date()): Promise<PlanContext> {
  const [departments, categories] = await Promise.all([
    db.department.findMany({ where: { active: true }, select: { id: true, name: true } }),
    db.category.findMany({ where: { active: true }, select: { id: true, name: true, code: true } }),
  ]);
  const catMap = new Map<string, string[]>();
  for (const c of categories) {
    const k = normaliseName(c.name);
    catMap.set(k, [...(catMap.get(k) ?? []), c.id]);
  }
  const indexNos = [...new Set(rows.map((r) => (r.raw.indexNo ? normaliseIndexNo(r.raw.indexNo) : "")).filter(Boolean))];
  const titles = [...new Set(rows.map((r) => (r.raw.title ?? "").trim()).filter(Boolean))];
  const byIndexNo = new Map<string, ExistingItem>();
  const byNaturalKey = new Map<string, ExistingItem>();
  for (let i = 0; i < indexNos.length; i += CHUNK) {
    const found = await db.item.findMany({
      where: { indexNo: { in: indexNos.slice(i, i + CHUNK) } },
      select: { id: true, indexNo: true, importBatchId: true, importFingerprint: true, publicItem: { select: { title: true } } },
    });
    for (const f of found) byIndexNo.set(f.indexNo!, { itemId: f.id, indexNo: f.indexNo!, title: f.publicItem?.title, importBatchId: f.importBatchId, importFingerprint: f.importFingerprint });
  }
  for (let i = 0; i < titles.length; i += CHUNK) {
    const found = await db.publicItem.findMany({
      where: { title: { in: titles.slice(i, i + CHUNK) } },
      select: { itemId: true, indexNo: true, title: true, documentNumber: true, generatedDate: true, item: { select: { importBatchId: true, importFingerprint: true } } },
    });
    for (const f of found) {
      const key = naturalKey(f.documentNumber, f.generatedDate.toISOString().slice(0, 10), f.title);
      byNaturalKey.set(key, { itemId: f.itemId, indexNo: f.indexNo, importBatchId: f.item.importBatchId, importFingerprint: f.item.importFingerprint });
    }
  }
  return {
    today: toChinaDate(now),
    departments: new Map(departments.map((d) => [normaliseName(d.name), d.id])),
    categories: catMap,
    categoryCodes: new Map(categories.map((c) => [c.code, c.id])),
    byIndexNo,
    byNaturalKey,
    scanOptions: await loadScanOptions(db),
    seenIndexNos: new Map(),
    seenKeys: new Map(),
  };
}
