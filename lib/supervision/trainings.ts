// 学习培训: study and training sessions on disclosure work, with attendees chosen from the staff
// list (the annual report counts sessions, hours and person-times).

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { toChinaDate } from "../calendar/dates";
import { isoDate, type RecordActor } from "../reports/record-input";

export const trainingInputSchema = z.object({
  date: isoDate("请填写培训日期"),
  topic: z.string().trim().min(4, "请填写培训内容（不少于4个字）").max(200, "培训内容不能超过200个字"),
  organiser: z.string().trim().min(2, "请填写组织单位").max(100, "组织单位不能超过100个字"),
  hours: z.coerce
    .number({ message: "请填写学时" })
    .positive("学时应大于0")
    .max(200, "学时过大")
    .refine((v) => Number.isInteger(v * 2), "学时以0.5为单位"),
  attendeeIds: z.array(z.string().min(1)).min(1, "请至少选择一名参加人员"),
});

export async function createTraining(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(trainingInputSchema, raw);
  if (input.date > toChinaDate(actor.now ?? new Date())) {
    throw new AppError("INVALID_INPUT", "培训日期不能晚于今天", { fields: { date: "培训日期不能晚于今天" } });
  }
  const ids = [...new Set(input.attendeeIds)];
  const found = await db.user.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw new AppError("INVALID_INPUT", "所选参加人员不存在", { fields: { attendeeIds: "所选人员不存在" } });
  return db.$transaction(async (tx) => {
    const row = await tx.training.create({
      data: { date: isoToDbDate(input.date), topic: input.topic, organiser: input.organiser, hours: input.hours, attendeeIds: ids },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "training.create",
      entityType: "Training",
      entityId: row.id,
      after: { ...input, attendeeIds: ids },
    });
    return row;
  });
}

export async function deleteTraining(db: Db, actor: RecordActor, id: string, reason: string) {
  const why = reason.trim();
  if (why.length < 4) throw new AppError("INVALID_INPUT", "请填写删除原因（不少于4个字）", { fields: { reason: "请填写删除原因" } });
  await db.$transaction(async (tx) => {
    const before = await tx.training.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "培训记录不存在");
    await tx.training.delete({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "training.delete",
      entityType: "Training",
      entityId: id,
      before: { ...before, date: dbDateToIso(before.date) },
      detail: { reason: why.slice(0, 500) },
    });
  });
}

export async function listTrainings(db: Db, year?: number) {
  const rows = await db.training.findMany({
    where: year ? { date: { gte: isoToDbDate(`${year}-01-01`), lte: isoToDbDate(`${year}-12-31`) } } : {},
    orderBy: { date: "desc" },
  });
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.flatMap((r) => r.attendeeIds))] } },
    select: { id: true, displayName: true, department: { select: { name: true } } },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((t) => ({
    id: t.id,
    date: dbDateToIso(t.date),
    topic: t.topic,
    organiser: t.organiser,
    hours: t.hours,
    attendees: t.attendeeIds.map((id) => {
      const u = byId.get(id);
      return u ? `${u.displayName}${u.department ? `（${u.department.name}）` : ""}` : "（已删除的用户）";
    }),
  }));
}

export function trainingTotals(rows: readonly { hours: number; attendees: readonly unknown[] }[]) {
  return {
    sessions: rows.length,
    hours: rows.reduce((s, r) => s + r.hours, 0),
    personTimes: rows.reduce((s, r) => s + r.attendees.length, 0),
  };
}
