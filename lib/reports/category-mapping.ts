// Which catalogue categories count toward table 二's rows 规章 and 行政规范性文件 (条例第二十条第
// （一）项). Set by administrators; a child category without a mapping of its own inherits its
// parent's, and "not counted" (stored as an empty string) stops the inheritance.

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { REPORT_ROWS, REPORT_ROW_LABELS, effectiveReportRow } from "./map-records";
import type { RecordActor } from "./record-input";

/** Form values: INHERIT (null), NONE (""), RULE, NORMATIVE. */
export const MAPPING_CHOICES = ["INHERIT", "NONE", ...REPORT_ROWS] as const;
export type MappingChoice = (typeof MAPPING_CHOICES)[number];

export const MAPPING_CHOICE_LABELS: Record<MappingChoice, string> = {
  INHERIT: "同上级分类",
  NONE: "不计入",
  RULE: REPORT_ROW_LABELS.RULE,
  NORMATIVE: REPORT_ROW_LABELS.NORMATIVE,
};

export function choiceOf(reportRow: string | null): MappingChoice {
  if (reportRow === null) return "INHERIT";
  return (REPORT_ROWS as readonly string[]).includes(reportRow) ? (reportRow as MappingChoice) : "NONE";
}

const storedOf = (c: MappingChoice): string | null => (c === "INHERIT" ? null : c === "NONE" ? "" : c);

const schema = z.object({
  categoryId: z.string().min(1),
  choice: z.enum(MAPPING_CHOICES, { message: "请选择统计口径" }),
});

export async function setCategoryReportRow(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(schema, raw);
  await db.$transaction(async (tx) => {
    const before = await tx.category.findUnique({ where: { id: input.categoryId } });
    if (!before) throw new AppError("NOT_FOUND", "分类不存在");
    const reportRow = storedOf(input.choice);
    if (before.reportRow === reportRow) return;
    await tx.category.update({ where: { id: before.id }, data: { reportRow } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "category.report-row",
      entityType: "Category",
      entityId: before.id,
      before: { reportRow: before.reportRow },
      after: { reportRow },
      detail: { category: before.name },
    });
  });
}

export async function listCategoryMapping(db: Db) {
  const categories = await db.category.findMany({ orderBy: [{ sortOrder: "asc" }, { code: "asc" }] });
  const byId = new Map(categories.map((c) => [c.id, c]));
  const counts = await db.item.groupBy({ by: ["categoryId"], where: { publishedVersionNo: { not: null } }, _count: { _all: true } });
  const published = new Map(counts.map((c) => [c.categoryId, c._count._all]));
  const rows: { id: string; name: string; code: string; depth: number; choice: MappingChoice; effective: string; published: number }[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const c of categories.filter((x) => x.parentId === parentId)) {
      const eff = effectiveReportRow(c.id, byId);
      rows.push({
        id: c.id,
        name: c.name,
        code: c.code,
        depth,
        choice: choiceOf(c.reportRow),
        effective: eff ? REPORT_ROW_LABELS[eff] : "不计入",
        published: published.get(c.id) ?? 0,
      });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}
