import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { isoToDbDate } from "../calendar/load-calendar";
import type { Actor } from "../users/manage-users";
import { putSetting } from "./settings";

const overrideSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期"),
  kind: z.enum(["HOLIDAY", "WORKDAY"], { message: "请选择放假或调休上班" }),
  name: z.string().trim().max(40, "说明不能超过40个字").default(""),
});

/** 节假日/调休 overrides: packages lag the State Council's December notice, staff enter it here. */
export async function saveCalendarOverride(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(overrideSchema, input);
  await db.$transaction(async (tx) => {
    const before = await tx.calendarOverride.findUnique({ where: { date: isoToDbDate(data.date) } });
    await tx.calendarOverride.upsert({
      where: { date: isoToDbDate(data.date) },
      create: { date: isoToDbDate(data.date), kind: data.kind, name: data.name, createdById: actor.user.id },
      update: { kind: data.kind, name: data.name },
    });
    await writeAudit(tx, {
      actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip,
      action: "calendar.override-save", entityType: "CalendarOverride", entityId: data.date,
      before: before ? { kind: before.kind, name: before.name } : undefined, after: data,
    });
  });
}

export async function deleteCalendarOverride(db: Db, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.calendarOverride.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该日期设置不存在");
    await tx.calendarOverride.delete({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip,
      action: "calendar.override-delete", entityType: "CalendarOverride", entityId: row.date.toISOString().slice(0, 10),
      before: { kind: row.kind, name: row.name },
    });
  });
}

export async function addSensitiveWord(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(
    z.object({ word: z.string().trim().min(2, "敏感词不能少于2个字").max(30, "敏感词不能超过30个字"), note: z.string().trim().max(100).default("") }),
    input,
  );
  if (await db.sensitiveWord.findUnique({ where: { word: data.word } })) throw new AppError("CONFLICT", "该敏感词已存在");
  await db.$transaction(async (tx) => {
    await tx.sensitiveWord.create({ data });
    await writeAudit(tx, { actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip, action: "sensitive-word.add", entityType: "SensitiveWord", entityId: data.word, after: data });
  });
}

export async function removeSensitiveWord(db: Db, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.sensitiveWord.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该敏感词不存在");
    await tx.sensitiveWord.delete({ where: { id } });
    await writeAudit(tx, { actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip, action: "sensitive-word.remove", entityType: "SensitiveWord", entityId: row.word, before: { word: row.word } });
  });
}

const period = (label: string) =>
  z.object({
    length: z.coerce.number({ message: `${label}须为数字` }).int(`${label}须为整数`).min(1, `${label}至少1天`).max(60, `${label}不能超过60天`),
    unit: z.enum(["CALENDAR_DAYS", "WORKING_DAYS"]),
  });

export const deadlineSettingsSchema = z.object({
  signOff: period("签发期限"),
  publish: period("发布期限"),
  statutory: period("法定公开期限"),
  dueSoonWorkingDays: z.coerce.number().int().min(0).max(10),
});

export async function saveDeadlineSettings(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(deadlineSettingsSchema, input);
  const value = {
    signOff: { ...data.signOff, rollForwardToWorkingDay: data.signOff.unit === "CALENDAR_DAYS" },
    publish: { ...data.publish, rollForwardToWorkingDay: data.publish.unit === "CALENDAR_DAYS" },
    statutory: data.statutory,
    dueSoonWorkingDays: data.dueSoonWorkingDays,
  };
  await db.$transaction(async (tx) => {
    await putSetting(tx, "itemDeadlines", value, actor.user.id);
    await writeAudit(tx, { actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip, action: "settings.item-deadlines", entityType: "Setting", entityId: "itemDeadlines", after: value });
  });
}
