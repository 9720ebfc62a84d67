// 行政复议 / 行政诉讼 cases arising from disclosure work (table 四 of the annual report).

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { toChinaDate } from "../calendar/dates";
import { CASE_KIND_LABELS, CASE_KIND_VALUES, CASE_RESULT_LABELS_ZH, CASE_RESULT_VALUES } from "./map-records";
import { emptyToUndefined, isoDate, optionalIsoDate, type RecordActor } from "./record-input";

export const caseInputSchema = z
  .object({
    kind: z.enum(CASE_KIND_VALUES, { message: "请选择案件类型" }),
    trackingCode: z.preprocess(emptyToUndefined, z.string().trim().toUpperCase().max(40).optional()),
    filedOn: isoDate("请填写申请复议或起诉日期"),
    result: z.enum(CASE_RESULT_VALUES, { message: "请选择审理结果" }).default("PENDING"),
    closedOn: optionalIsoDate,
    note: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().trim().max(1000, "备注不能超过1000个字")),
  })
  .superRefine((v, ctx) => {
    if (v.result !== "PENDING" && !v.closedOn) ctx.addIssue({ code: "custom", path: ["closedOn"], message: "已审结的案件须填写审结日期" });
    if (v.result === "PENDING" && v.closedOn) ctx.addIssue({ code: "custom", path: ["closedOn"], message: "尚未审结的案件不应填写审结日期" });
    if (v.closedOn && v.closedOn < v.filedOn) ctx.addIssue({ code: "custom", path: ["closedOn"], message: "审结日期不能早于立案日期" });
  });

async function resolveApplication(db: Db, trackingCode: string | undefined) {
  if (!trackingCode) return null;
  const app = await db.application.findUnique({ where: { trackingCode }, select: { id: true } });
  if (!app) throw new AppError("INVALID_INPUT", `未找到查询码为“${trackingCode}”的申请`, { fields: { trackingCode: "未找到该申请" } });
  return app.id;
}

function checkNotFuture(actor: RecordActor, ...dates: (string | undefined)[]) {
  const today = toChinaDate(actor.now ?? new Date());
  if (dates.some((d) => d && d > today)) throw new AppError("INVALID_INPUT", "日期不能晚于今天");
}

export async function createReviewCase(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(caseInputSchema, raw);
  checkNotFuture(actor, input.filedOn, input.closedOn);
  const applicationId = await resolveApplication(db, input.trackingCode);
  return db.$transaction(async (tx) => {
    const row = await tx.reviewCase.create({
      data: {
        kind: input.kind,
        applicationId,
        filedOn: isoToDbDate(input.filedOn),
        result: input.result,
        closedOn: input.closedOn ? isoToDbDate(input.closedOn) : null,
        note: input.note,
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "review-case.create",
      entityType: "ReviewCase",
      entityId: row.id,
      after: { ...input, applicationId },
    });
    return row;
  });
}

export async function updateReviewCase(db: Db, actor: RecordActor, id: string, raw: unknown) {
  const input = parseInput(caseInputSchema, raw);
  checkNotFuture(actor, input.filedOn, input.closedOn);
  const applicationId = await resolveApplication(db, input.trackingCode);
  await db.$transaction(async (tx) => {
    const before = await tx.reviewCase.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "案件记录不存在");
    await tx.reviewCase.update({
      where: { id },
      data: {
        kind: input.kind,
        applicationId,
        filedOn: isoToDbDate(input.filedOn),
        result: input.result,
        closedOn: input.closedOn ? isoToDbDate(input.closedOn) : null,
        note: input.note,
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "review-case.update",
      entityType: "ReviewCase",
      entityId: id,
      before: { ...before, filedOn: dbDateToIso(before.filedOn), closedOn: before.closedOn ? dbDateToIso(before.closedOn) : null },
      after: { ...input, applicationId },
    });
  });
}

export async function deleteReviewCase(db: Db, actor: RecordActor, id: string, reason: string) {
  const why = reason.trim();
  if (why.length < 4) throw new AppError("INVALID_INPUT", "请填写删除原因（不少于4个字）", { fields: { reason: "请填写删除原因" } });
  await db.$transaction(async (tx) => {
    const before = await tx.reviewCase.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "案件记录不存在");
    await tx.reviewCase.delete({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "review-case.delete",
      entityType: "ReviewCase",
      entityId: id,
      before: { ...before, filedOn: dbDateToIso(before.filedOn), closedOn: before.closedOn ? dbDateToIso(before.closedOn) : null },
      detail: { reason: why.slice(0, 500) },
    });
  });
}

export async function listReviewCases(db: Db) {
  const rows = await db.reviewCase.findMany({
    include: { application: { select: { trackingCode: true } } },
    orderBy: [{ filedOn: "desc" }, { createdAt: "desc" }],
  });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    kindLabel: CASE_KIND_LABELS[c.kind as keyof typeof CASE_KIND_LABELS] ?? c.kind,
    trackingCode: c.application?.trackingCode ?? null,
    filedOn: dbDateToIso(c.filedOn),
    result: c.result,
    resultLabel: CASE_RESULT_LABELS_ZH[c.result as keyof typeof CASE_RESULT_LABELS_ZH] ?? c.result,
    closedOn: c.closedOn ? dbDateToIso(c.closedOn) : null,
    note: c.note,
  }));
}
