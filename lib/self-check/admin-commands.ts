/** Administrator settings of the 自查: the 错敏词 list and each column's update requirement. Audited. */
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { writeAudit } from "../audit/write-audit";
import { COLUMN_KINDS } from "./column-kinds";
import { WORDING_STARTER } from "./wording-starter";

export interface Actor {
  user: { id: string; displayName: string };
  ip?: string;
}

const audit = (actor: Actor, action: string, entityType: string, entityId: string, before?: object, after?: object) => ({
  actorId: actor.user.id,
  actorName: actor.user.displayName,
  ip: actor.ip,
  action,
  entityType,
  entityId,
  before,
  after,
});

const wordingSchema = z
  .object({
    wrong: z.string().trim().min(2, "错误表述不能少于2个字").max(40, "错误表述不能超过40个字"),
    correct: z.string().trim().min(1, "请填写正确表述").max(60, "正确表述不能超过60个字"),
    note: z.string().trim().max(100, "说明不能超过100个字").default(""),
  })
  .refine((d) => d.wrong.replace(/\s/g, "") !== d.correct.replace(/\s/g, ""), { message: "正确表述不能与错误表述相同", path: ["correct"] })
  // A wrong form inside its own correct form would flag every correct use.
  .refine((d) => !d.correct.replace(/\s/g, "").includes(d.wrong.replace(/\s/g, "")), { message: "正确表述中不能包含错误表述本身，否则正确的写法也会被判为错误", path: ["wrong"] });

export async function addWordingRule(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(wordingSchema, input);
  if (await db.wordingRule.findUnique({ where: { wrong: data.wrong } })) throw new AppError("CONFLICT", "该错误表述已在错敏词库中");
  await db.$transaction(async (tx) => {
    const row = await tx.wordingRule.create({ data });
    await writeAudit(tx, audit(actor, "wording-rule.add", "WordingRule", row.id, undefined, data));
  });
}

export async function updateWordingRule(db: Db, actor: Actor, id: string, input: unknown) {
  const data = parseInput(wordingSchema, input);
  await db.$transaction(async (tx) => {
    const row = await tx.wordingRule.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该条目不存在");
    const clash = await tx.wordingRule.findUnique({ where: { wrong: data.wrong } });
    if (clash && clash.id !== id) throw new AppError("CONFLICT", "该错误表述已在错敏词库中");
    await tx.wordingRule.update({ where: { id }, data });
    await writeAudit(tx, audit(actor, "wording-rule.update", "WordingRule", id, { wrong: row.wrong, correct: row.correct, note: row.note }, data));
  });
}

export async function setWordingRuleActive(db: Db, actor: Actor, id: string, active: boolean) {
  await db.$transaction(async (tx) => {
    const row = await tx.wordingRule.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该条目不存在");
    await tx.wordingRule.update({ where: { id }, data: { active } });
    await writeAudit(tx, audit(actor, active ? "wording-rule.enable" : "wording-rule.disable", "WordingRule", id, { active: row.active }, { active }));
  });
}

export async function removeWordingRule(db: Db, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.wordingRule.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该条目不存在");
    await tx.wordingRule.delete({ where: { id } });
    await writeAudit(tx, audit(actor, "wording-rule.remove", "WordingRule", id, { wrong: row.wrong, correct: row.correct }));
  });
}

/** Puts back shipped entries that were deleted (entries the office changed are left as they are). */
export async function restoreStarterWording(db: Db, actor: Actor): Promise<number> {
  return db.$transaction(async (tx) => {
    const res = await tx.wordingRule.createMany({ data: WORDING_STARTER.map((w) => ({ ...w, builtIn: true })), skipDuplicates: true });
    if (res.count) await writeAudit(tx, audit(actor, "wording-rule.restore", "WordingRule", "starter", undefined, { restored: res.count }));
    return res.count;
  });
}

const columnSchema = z.object({
  categoryId: z.string().min(1),
  updateKind: z.enum(COLUMN_KINDS, { message: "请选择栏目类型" }),
  requiresDocumentNumber: z.preprocess((v) => v === "on" || v === "1" || v === true, z.boolean()),
});

export async function saveColumnSetting(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(columnSchema, input);
  await db.$transaction(async (tx) => {
    const row = await tx.category.findUnique({ where: { id: data.categoryId } });
    if (!row) throw new AppError("NOT_FOUND", "该栏目不存在");
    await tx.category.update({ where: { id: row.id }, data: { updateKind: data.updateKind, requiresDocumentNumber: data.requiresDocumentNumber } });
    await writeAudit(
      tx,
      audit(actor, "category.self-check", "Category", row.id, { updateKind: row.updateKind, requiresDocumentNumber: row.requiresDocumentNumber }, { updateKind: data.updateKind, requiresDocumentNumber: data.requiresDocumentNumber }),
    );
  });
}
