// 督察: inspections of the departments' disclosure work ("定期和不定期检查相结合", the office's
// 2017 report) and the rectification items they give rise to, each with a department, an owner,
// a due date and a status. The annual report counts findings (rectification items) and how many
// were put right; the scorecard shows open and overdue items per department.

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { toChinaDate } from "../calendar/dates";
import { emptyToUndefined, isoDate, type RecordActor } from "../reports/record-input";

const today = (a: RecordActor) => toChinaDate(a.now ?? new Date());

export const inspectionInputSchema = z.object({
  date: isoDate("请填写检查日期"),
  scope: z.string().trim().min(4, "请填写检查内容（不少于4个字）").max(200, "检查内容不能超过200个字"),
  departmentIds: z.array(z.string().min(1)).min(1, "请至少选择一个被检查科室"),
  findings: z.string().trim().max(5000, "检查发现不能超过5000个字").default(""),
});

export const rectificationInputSchema = z.object({
  description: z.string().trim().min(4, "请填写整改事项（不少于4个字）").max(1000, "整改事项不能超过1000个字"),
  departmentId: z.preprocess(emptyToUndefined, z.string().optional()),
  ownerId: z.preprocess(emptyToUndefined, z.string().optional()),
  dueOn: isoDate("请填写整改期限"),
});

async function checkDepartments(db: Pick<Db, "department">, ids: readonly string[]) {
  const found = await db.department.count({ where: { id: { in: [...ids] } } });
  if (found !== new Set(ids).size) throw new AppError("INVALID_INPUT", "所选科室不存在", { fields: { departmentIds: "所选科室不存在" } });
}

export async function createInspection(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(inspectionInputSchema, raw);
  if (input.date > today(actor)) throw new AppError("INVALID_INPUT", "检查日期不能晚于今天", { fields: { date: "检查日期不能晚于今天" } });
  await checkDepartments(db, input.departmentIds);
  return db.$transaction(async (tx) => {
    const row = await tx.inspection.create({
      data: {
        date: isoToDbDate(input.date),
        scope: input.scope,
        departmentIds: [...new Set(input.departmentIds)],
        findings: input.findings,
        createdById: actor.user.id,
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "inspection.create",
      entityType: "Inspection",
      entityId: row.id,
      after: input,
    });
    return row;
  });
}

export async function updateInspectionFindings(db: Db, actor: RecordActor, inspectionId: string, findings: string) {
  const text = findings.trim().slice(0, 5000);
  await db.$transaction(async (tx) => {
    const before = await tx.inspection.findUnique({ where: { id: inspectionId } });
    if (!before) throw new AppError("NOT_FOUND", "检查记录不存在");
    await tx.inspection.update({ where: { id: inspectionId }, data: { findings: text } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "inspection.findings",
      entityType: "Inspection",
      entityId: inspectionId,
      before: { findings: before.findings },
      after: { findings: text },
    });
  });
}

export async function addRectification(db: Db, actor: RecordActor, inspectionId: string, raw: unknown) {
  const input = parseInput(rectificationInputSchema, raw);
  const inspection = await db.inspection.findUnique({ where: { id: inspectionId } });
  if (!inspection) throw new AppError("NOT_FOUND", "检查记录不存在");
  if (input.dueOn < dbDateToIso(inspection.date)) {
    throw new AppError("INVALID_INPUT", "整改期限不能早于检查日期", { fields: { dueOn: "整改期限不能早于检查日期" } });
  }
  if (input.departmentId) await checkDepartments(db, [input.departmentId]);
  if (input.ownerId) {
    const owner = await db.user.findUnique({ where: { id: input.ownerId } });
    if (!owner || !owner.active) throw new AppError("INVALID_INPUT", "所选责任人不存在或已停用", { fields: { ownerId: "责任人无效" } });
  }
  return db.$transaction(async (tx) => {
    const row = await tx.rectification.create({
      data: {
        inspectionId,
        description: input.description,
        departmentId: input.departmentId ?? null,
        ownerId: input.ownerId ?? null,
        dueOn: isoToDbDate(input.dueOn),
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "rectification.create",
      entityType: "Inspection",
      entityId: inspectionId,
      after: { rectificationId: row.id, ...input },
    });
    return row;
  });
}

/** 整改完成 (with the day it was done) or 重新打开. */
export async function setRectificationStatus(db: Db, actor: RecordActor, rectificationId: string, done: boolean, doneOn?: string) {
  const day = done ? parseInput(isoDate("请填写完成日期"), doneOn ?? "") : null;
  if (day && day > today(actor)) throw new AppError("INVALID_INPUT", "完成日期不能晚于今天", { fields: { doneOn: "完成日期不能晚于今天" } });
  await db.$transaction(async (tx) => {
    const before = await tx.rectification.findUnique({ where: { id: rectificationId }, include: { inspection: true } });
    if (!before) throw new AppError("NOT_FOUND", "整改事项不存在");
    if (day && day < dbDateToIso(before.inspection.date)) throw new AppError("INVALID_INPUT", "完成日期不能早于检查日期");
    await tx.rectification.update({
      where: { id: rectificationId },
      data: { status: done ? "DONE" : "OPEN", doneOn: day ? isoToDbDate(day) : null },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: done ? "rectification.done" : "rectification.reopen",
      entityType: "Inspection",
      entityId: before.inspectionId,
      before: { rectificationId, status: before.status, doneOn: before.doneOn ? dbDateToIso(before.doneOn) : null },
      after: { rectificationId, status: done ? "DONE" : "OPEN", doneOn: day },
    });
  });
}

export type RectificationView = {
  id: string;
  description: string;
  departmentId: string | null;
  departmentName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string;
  status: "OPEN" | "DONE";
  doneOn: string | null;
  overdue: boolean;
  doneLate: boolean;
};

async function names(db: Db) {
  const [departments, users] = await Promise.all([
    db.department.findMany({ select: { id: true, name: true } }),
    db.user.findMany({ select: { id: true, displayName: true } }),
  ]);
  return { dept: new Map(departments.map((d) => [d.id, d.name])), user: new Map(users.map((u) => [u.id, u.displayName])) };
}

function rectificationView(
  r: { id: string; description: string; departmentId: string | null; ownerId: string | null; dueOn: Date; status: string; doneOn: Date | null },
  n: Awaited<ReturnType<typeof names>>,
  todayIso: string,
): RectificationView {
  const dueOn = dbDateToIso(r.dueOn);
  const doneOn = r.doneOn ? dbDateToIso(r.doneOn) : null;
  const status = r.status === "DONE" ? "DONE" : "OPEN";
  return {
    id: r.id,
    description: r.description,
    departmentId: r.departmentId,
    departmentName: r.departmentId ? (n.dept.get(r.departmentId) ?? null) : null,
    ownerId: r.ownerId,
    ownerName: r.ownerId ? (n.user.get(r.ownerId) ?? null) : null,
    dueOn,
    status,
    doneOn,
    overdue: status === "OPEN" && todayIso > dueOn,
    doneLate: status === "DONE" && doneOn !== null && doneOn > dueOn,
  };
}

export async function listInspections(db: Db, options: { year?: number; now?: Date } = {}) {
  const where = options.year
    ? { date: { gte: isoToDbDate(`${options.year}-01-01`), lte: isoToDbDate(`${options.year}-12-31`) } }
    : {};
  const [rows, n] = await Promise.all([
    db.inspection.findMany({ where, include: { rectifications: { orderBy: { dueOn: "asc" } } }, orderBy: { date: "desc" } }),
    names(db),
  ]);
  const todayIso = toChinaDate(options.now ?? new Date());
  return rows.map((i) => {
    const items = i.rectifications.map((r) => rectificationView(r, n, todayIso));
    return {
      id: i.id,
      date: dbDateToIso(i.date),
      scope: i.scope,
      departments: i.departmentIds.map((d) => n.dept.get(d) ?? "（已删除）"),
      findings: i.findings,
      createdBy: n.user.get(i.createdById) ?? "",
      total: items.length,
      done: items.filter((r) => r.status === "DONE").length,
      overdue: items.filter((r) => r.overdue).length,
      rectifications: items,
    };
  });
}

export async function getInspection(db: Db, id: string, now: Date = new Date()) {
  const i = await db.inspection.findUnique({ where: { id }, include: { rectifications: { orderBy: [{ dueOn: "asc" }, { id: "asc" }] } } });
  if (!i) return null;
  const n = await names(db);
  const todayIso = toChinaDate(now);
  return {
    id: i.id,
    date: dbDateToIso(i.date),
    scope: i.scope,
    departmentIds: i.departmentIds,
    departments: i.departmentIds.map((d) => n.dept.get(d) ?? "（已删除）"),
    findings: i.findings,
    createdBy: n.user.get(i.createdById) ?? "",
    rectifications: i.rectifications.map((r) => rectificationView(r, n, todayIso)),
  };
}
