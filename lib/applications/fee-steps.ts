/**
 * 信息处理费 steps (国办函〔2020〕109号): quote (按件 or 按量), issue a 收费通知书 with 20 working
 * days to pay, record the payment, or waive the fee with a reason. Amounts come from the "fees"
 * setting (lib/applications/settings.ts), never from constants here.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { compareDates, isIsoDate } from "../calendar/dates";
import { feeNotice } from "../letters/templates";
import { calculateFee, paymentDueOn, type FeeQuote } from "./fees";
import { defaultLetterDelivery } from "./correction";
import { LETTER_DELIVERY_METHODS } from "./labels";
import { loadFeeSettings } from "./settings";
import {
  appendEvent,
  assertClockEvent,
  assertStatus,
  auditStep,
  createLetter,
  dbDateToIso,
  eventData,
  getApplicationStorage,
  isoToDbDate,
  letterContextFor,
  loadApplication,
  loadClockContext,
  moveStatus,
  storeLetterFiles,
  todayOf,
  type Actor,
  type StepOptions,
} from "./records";

const quoteSchema = z
  .object({
    method: z.enum(["PER_CASE", "PER_PAGE"], { error: "请选择计收方式" }),
    pages: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int("页数应为整数").min(1, "页数至少为1").max(100_000, "页数过大").optional()),
    cases: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int("件数应为整数").min(1, "件数至少为1").max(100, "件数过大").optional()),
    deliveryMethod: z.enum(LETTER_DELIVERY_METHODS).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method === "PER_PAGE" && v.pages === undefined) ctx.addIssue({ code: "custom", path: ["pages"], message: "按量计收请填写页数" });
  });

/** Applications of the same applicant received earlier in the same calendar month (按件 count). */
async function earlierThisMonth(db: Db, app: { id: string; idNumber: string; receivedOn: Date | null; createdAt: Date }): Promise<number> {
  if (!app.receivedOn) return 0;
  const on = dbDateToIso(app.receivedOn);
  const monthStart = isoToDbDate(`${on.slice(0, 7)}-01`);
  return db.application.count({
    where: {
      id: { not: app.id },
      idNumber: app.idNumber,
      receivedOn: { gte: monthStart, lte: app.receivedOn },
      OR: [{ receivedOn: { lt: app.receivedOn } }, { createdAt: { lt: app.createdAt } }],
    },
  });
}

/** The fee for an application by the chosen method, with the itemised lines of the 收费通知书. */
export async function quoteApplicationFee(db: Db, applicationId: string, input: unknown): Promise<FeeQuote> {
  const data = parseInput(quoteSchema, input);
  const app = await loadApplication(db, applicationId);
  if (!app.receivedOn) throw new AppError("INVALID_STATE", "尚未确认收到申请，不能计算信息处理费");
  const settings = await loadFeeSettings(db);
  if (data.method === "PER_PAGE") return calculateFee({ method: "PER_PAGE", pages: data.pages! }, settings);
  return calculateFee(
    { method: "PER_CASE", receivedOn: dbDateToIso(app.receivedOn), earlier: await earlierThisMonth(db, app), cases: data.cases ?? 1 },
    settings,
  );
}

export async function issueFeeNotice(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(quoteSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["PROCESSING"], "只有办理中的申请才能发出收费通知");
  if (app.feeWaived) throw new AppError("INVALID_STATE", "本申请已决定减免信息处理费");
  if (app.events.some((e) => e.type === "FEE_NOTICE_ISSUED")) throw new AppError("INVALID_STATE", "本申请已发出过收费通知书");
  const quote = await quoteApplicationFee(db, applicationId, input);
  if (!quote.chargeable) throw new AppError("INVALID_INPUT", "按现行收费标准，本申请不需要收取信息处理费");
  const today = todayOf(options.now);
  const [clock, settings] = await Promise.all([loadClockContext(db), loadFeeSettings(db)]);
  // The wait for payment is passed to the clock as a pause (see toClockEvents).
  assertClockEvent(clock, app, { type: "CONSULTATION_STARTED", on: today, consultee: "AGENCY" });
  const dueOn = paymentDueOn(clock.calendar, today, settings);
  const ctx = await letterContextFor(db, app);
  const letter = feeNotice(ctx, { quote, issuedOn: today, dueOn });
  const files = await storeLetterFiles(options.storage ?? getApplicationStorage(), letter);
  const deliveryMethod = data.deliveryMethod ?? defaultLetterDelivery(app);
  return db.$transaction(async (tx) => {
    await moveStatus(tx, app, "AWAITING_PAYMENT", { feeMethod: quote.method, feeAmountFen: quote.totalFen });
    const row = await createLetter(tx, {
      applicationId: app.id,
      kind: "FEE_NOTICE",
      letter,
      files,
      issuedAt: options.now ?? new Date(),
      issuedById: actor.user.id,
      deliveryMethod,
      deliveredOn: today,
    });
    await appendEvent(
      tx,
      app.id,
      "FEE_NOTICE_ISSUED",
      today,
      {
        method: quote.method,
        quantity: quote.quantity,
        earlierThisMonth: quote.earlierThisMonth,
        totalFen: quote.totalFen,
        lines: quote.lines.map((l) => l.label),
        dueOn,
        letterId: row.id,
      },
      actor.user.id,
    );
    await auditStep(tx, actor, "application.fee-notice", app.id, { method: quote.method, totalFen: quote.totalFen, dueOn, letterId: row.id });
    return { letterId: row.id, dueOn, quote };
  });
}

const paidSchema = z.object({ paidOn: z.string().trim().refine(isIsoDate, "请填写缴费日期") });

export async function recordFeePayment(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(paidSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["AWAITING_PAYMENT"], "本申请没有待缴纳的信息处理费");
  const today = todayOf(options.now);
  const notice = [...app.events].reverse().find((e) => e.type === "FEE_NOTICE_ISSUED")!;
  const dueOn = eventData<{ dueOn: string }>(notice).dueOn;
  if (compareDates(data.paidOn, today) > 0) throw new AppError("INVALID_INPUT", "缴费日期不能晚于今天", { fields: { paidOn: "日期不能晚于今天" } });
  if (compareDates(data.paidOn, dbDateToIso(notice.on)) < 0) {
    throw new AppError("INVALID_INPUT", "缴费日期不能早于收费通知书出具日期", { fields: { paidOn: "不能早于收费通知书出具日期" } });
  }
  if (compareDates(data.paidOn, dueOn) > 0) {
    throw new AppError("INVALID_INPUT", "缴费日期已超过收费通知书规定的缴费期限，申请人逾期未缴纳的视为放弃申请", {
      fields: { paidOn: "已超过缴费期限" },
    });
  }
  const clock = await loadClockContext(db);
  assertClockEvent(clock, app, { type: "CONSULTATION_ENDED", on: data.paidOn });
  await db.$transaction(async (tx) => {
    await moveStatus(tx, app, "PROCESSING", { feePaidOn: isoToDbDate(data.paidOn) });
    await appendEvent(tx, app.id, "FEE_PAID", data.paidOn, { totalFen: app.feeAmountFen }, actor.user.id);
    await auditStep(tx, actor, "application.fee-paid", app.id, { paidOn: data.paidOn, totalFen: app.feeAmountFen });
  });
}

const waiveSchema = z.object({ reason: z.string().trim().min(4, "请写明减免理由").max(500, "理由不能超过500个字") });

/** A waiver (减免) with its reason; ends the wait for payment when a notice was out. */
export async function waiveFee(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(waiveSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["PROCESSING", "AWAITING_PAYMENT", "IN_CONSULTATION", "DECIDED"], "当前状态下不能减免信息处理费");
  if (app.feeWaived) throw new AppError("INVALID_STATE", "本申请已减免信息处理费");
  if (app.feePaidOn) throw new AppError("INVALID_STATE", "申请人已缴纳信息处理费");
  const today = todayOf(options.now);
  const afterNotice = app.status === "AWAITING_PAYMENT";
  if (afterNotice) {
    const clock = await loadClockContext(db);
    assertClockEvent(clock, app, { type: "CONSULTATION_ENDED", on: today });
  }
  await db.$transaction(async (tx) => {
    const update = { feeWaived: true, feeWaiverReason: data.reason };
    if (afterNotice) await moveStatus(tx, app, "PROCESSING", update);
    else {
      const res = await tx.application.updateMany({ where: { id: app.id, status: app.status, feeWaived: false }, data: update });
      if (res.count !== 1) throw new AppError("CONFLICT", "该申请已被他人处理，请刷新页面后查看");
    }
    await appendEvent(tx, app.id, "FEE_WAIVED", today, { reason: data.reason, afterNotice, waivedFen: app.feeAmountFen ?? null }, actor.user.id);
    await auditStep(tx, actor, "application.fee-waive", app.id, { afterNotice, waivedFen: app.feeAmountFen ?? null });
  });
}
