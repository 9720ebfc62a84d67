/**
 * 征求意见: consulting a third party whose rights the information may affect (条例第三十二条, 15
 * working days to answer) or another agency. The time is not counted in the reply period
 * (第三十三条第二款); the clock engine caps a third party's pause at its 15 working days.
 */
import { z } from "zod";
import { unscheduledYears } from "../calendar/provisional";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { compareDates, isIsoDate } from "../calendar/dates";
import { consultationLetter } from "../letters/templates";
import {
  appendEvent,
  assertClockEvent,
  assertStatus,
  auditStep,
  createLetter,
  getApplicationStorage,
  letterContextFor,
  loadApplication,
  loadClockContext,
  moveStatus,
  storeLetterFiles,
  todayOf,
  type Actor,
  type StepOptions,
} from "./records";

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isIsoDate(v), message);

const startSchema = z.object({
  consultee: z.enum(["THIRD_PARTY", "AGENCY"], { error: "请选择征求意见对象" }),
  party: z.string().trim().min(2, "请填写被征求意见的第三方或机关名称").max(100, "名称不能超过100个字"),
  matter: z.string().trim().min(2, "请写明涉及第三方或其他机关的内容").max(500, "内容不能超过500个字"),
  recipientReceivedOn: optionalDate("第三方收到征求意见书的日期格式不正确"),
  deliveryMethod: z.enum(["POST", "EMAIL", "FAX", "PICKUP"]).optional(),
});

export async function startConsultation(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(startSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["PROCESSING"], "只有办理中的申请才能征求意见");
  const today = todayOf(options.now);
  if (data.recipientReceivedOn && compareDates(data.recipientReceivedOn, today) < 0) {
    throw new AppError("INVALID_INPUT", "第三方收到征求意见书的日期不能早于发出日期", {
      fields: { recipientReceivedOn: "不能早于今天（发出日期）" },
    });
  }
  const clock = await loadClockContext(db);
  const event = {
    type: "CONSULTATION_STARTED" as const,
    on: today,
    consultee: data.consultee,
    recipientReceivedOn: data.recipientReceivedOn ?? null,
  };
  assertClockEvent(clock, app, event);
  const replyByOn =
    data.consultee === "THIRD_PARTY"
      ? clock.calendar.addWorkingDays(data.recipientReceivedOn ?? today, clock.settings.thirdPartyWorkingDays)
      : null;
  const ctx = await letterContextFor(db, app);
  const letter = consultationLetter(ctx, {
    consultee: data.consultee,
    party: data.party,
    matter: data.matter,
    issuedOn: today,
    replyByOn,
    provisionalYears: replyByOn ? unscheduledYears(clock.calendar, today, replyByOn) : [],
  });
  const files = await storeLetterFiles(options.storage ?? getApplicationStorage(), letter);
  return db.$transaction(async (tx) => {
    await moveStatus(tx, app, "IN_CONSULTATION");
    const row = await createLetter(tx, {
      applicationId: app.id,
      kind: "CONSULTATION",
      letter,
      files,
      issuedAt: options.now ?? new Date(),
      issuedById: actor.user.id,
      deliveryMethod: data.deliveryMethod ?? "POST",
      deliveredOn: today,
    });
    await appendEvent(
      tx,
      app.id,
      "CONSULTATION_STARTED",
      today,
      {
        consultee: data.consultee,
        party: data.party,
        matter: data.matter,
        recipientReceivedOn: data.recipientReceivedOn ?? null,
        replyByOn,
        letterId: row.id,
      },
      actor.user.id,
    );
    await auditStep(tx, actor, "application.consultation-start", app.id, { consultee: data.consultee, letterId: row.id, replyByOn });
    return { letterId: row.id, replyByOn };
  });
}

const endSchema = z.object({
  endedOn: z.string().trim().refine(isIsoDate, "请填写收到意见（或征求意见结束）的日期"),
  opinion: z.enum(["AGREE", "DISAGREE", "NO_REPLY", "OTHER"], { error: "请选择意见结果" }),
  note: z
    .string()
    .trim()
    .max(1000, "说明不能超过1000个字")
    .optional()
    .transform((v) => v || undefined),
});

export const OPINION_LABELS = {
  AGREE: "同意公开",
  DISAGREE: "不同意公开",
  NO_REPLY: "逾期未提出意见",
  OTHER: "其他意见",
} as const;

export async function endConsultation(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(endSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["IN_CONSULTATION"], "本申请没有正在进行的征求意见");
  const today = todayOf(options.now);
  if (compareDates(data.endedOn, today) > 0) {
    throw new AppError("INVALID_INPUT", "结束日期不能晚于今天", { fields: { endedOn: "日期不能晚于今天" } });
  }
  const clock = await loadClockContext(db);
  assertClockEvent(clock, app, { type: "CONSULTATION_ENDED", on: data.endedOn });
  await db.$transaction(async (tx) => {
    await moveStatus(tx, app, "PROCESSING");
    await appendEvent(tx, app.id, "CONSULTATION_ENDED", data.endedOn, { opinion: data.opinion, note: data.note ?? null }, actor.user.id);
    await auditStep(tx, actor, "application.consultation-end", app.id, { endedOn: data.endedOn, opinion: data.opinion });
  });
}
