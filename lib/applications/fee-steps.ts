/**
 * 信息处理费 steps (国办函〔2020〕109号): quote (按件 or 按量), issue a 收费通知书 with 20 working
 * days to pay from the day the applicant receives it, record its delivery, record the payment, or
 * waive the fee with a reason. Amounts come from the "fees" setting (lib/applications/settings.ts),
 * never from constants here.
 *
 * Delivery: a notice delivered online is received the day it is issued on /track; one handed over
 * the same day has that day; one sent by post has no payment deadline until staff record the day
 * the applicant received it (recordFeeNoticeDelivery).
 */
import { z } from "zod";
import { unscheduledYears } from "../calendar/provisional";
import type { Db } from "../db/client";
import type { ApplicationEvent } from "../generated/prisma/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { compareDates, formatChineseDate, isIsoDate, type IsoDate } from "../calendar/dates";
import { feeNotice } from "../letters/templates";
import { calculateFee, paymentDueOn, type EarlierApplication, type FeeQuote } from "./fees";
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
  feeNoticeOf,
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
    deliveredOn: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().refine(isIsoDate, "送达日期格式不正确").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.method === "PER_PAGE" && v.pages === undefined) ctx.addIssue({ code: "custom", path: ["pages"], message: "按量计收请填写页数" });
  });

/**
 * The 件 of the same applicant's applications received earlier in the same calendar month (按件
 * count). An application the office counted as several 件 (its 收费通知 says so) counts that many
 * times, the others once.
 */
async function earlierThisMonth(db: Db, app: { id: string; idNumber: string; receivedOn: Date | null; createdAt: Date }): Promise<EarlierApplication[]> {
  if (!app.receivedOn) return [];
  const on = dbDateToIso(app.receivedOn);
  const monthStart = isoToDbDate(`${on.slice(0, 7)}-01`);
  const rows = await db.application.findMany({
    where: {
      id: { not: app.id },
      idNumber: app.idNumber,
      receivedOn: { gte: monthStart, lte: app.receivedOn },
      OR: [{ receivedOn: { lt: app.receivedOn } }, { createdAt: { lt: app.createdAt } }],
    },
    select: { receivedOn: true, events: { where: { type: "FEE_NOTICE_ISSUED" }, select: { data: true } } },
  });
  return rows.map((r) => ({ receivedOn: dbDateToIso(r.receivedOn!), cases: casesOf(r.events) }));
}

/** How many 件 an application was counted as: the quantity of its 按件 收费通知, else 1. */
function casesOf(notices: readonly Pick<ApplicationEvent, "data">[]): number {
  for (const n of notices) {
    const d = eventData<{ method?: string; quantity?: number }>(n);
    if (d.method === "PER_CASE" && Number.isSafeInteger(d.quantity) && d.quantity! >= 1) return d.quantity!;
  }
  return 1;
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
  const deliveryMethod = data.deliveryMethod ?? defaultLetterDelivery(app);
  // Online: the applicant has it on /track the day it is issued. Otherwise only a same-day handover
  // can be recorded now; a posted notice gets its delivery day (and so its deadline) later.
  if (deliveryMethod !== "ONLINE" && data.deliveredOn && data.deliveredOn !== today) {
    throw new AppError("INVALID_INPUT", "出具当日未送达的，请在申请人收到收费通知书后登记送达日期", {
      fields: { deliveredOn: "只能填写今天，或留空待送达后登记" },
    });
  }
  const deliveredOn = deliveryMethod === "ONLINE" ? today : (data.deliveredOn ?? null);
  const dueOn = deliveredOn ? paymentDueOn(clock.calendar, deliveredOn, settings) : null;
  const ctx = await letterContextFor(db, app);
  const letter = feeNotice(ctx, {
    quote,
    issuedOn: today,
    dueOn,
    paymentPeriodWorkingDays: settings.paymentPeriodWorkingDays,
    provisionalYears: dueOn ? unscheduledYears(clock.calendar, deliveredOn!, dueOn) : [],
  });
  const files = await storeLetterFiles(options.storage ?? getApplicationStorage(), letter);
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
      deliveredOn,
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
        deliveredOn,
        dueOn,
        letterId: row.id,
      },
      actor.user.id,
    );
    await auditStep(tx, actor, "application.fee-notice", app.id, { method: quote.method, totalFen: quote.totalFen, deliveredOn, dueOn, letterId: row.id });
    return { letterId: row.id, dueOn, quote };
  });
}

const deliveredSchema = z.object({ deliveredOn: z.string().trim().refine(isIsoDate, "请填写申请人收到收费通知书的日期") });

/** Records the day the applicant received a posted (or otherwise delivered) 收费通知; the 20 working days to pay run from it. */
export async function recordFeeNoticeDelivery(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(deliveredSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["AWAITING_PAYMENT"], "本申请没有待缴纳的信息处理费");
  const notice = feeNoticeOf(app.events)!;
  if (notice.deliveredOn) {
    throw new AppError("INVALID_STATE", `已登记申请人于${formatChineseDate(notice.deliveredOn)}收到收费通知书`);
  }
  const today = todayOf(options.now);
  if (compareDates(data.deliveredOn, today) > 0) throw new AppError("INVALID_INPUT", "送达日期不能晚于今天", { fields: { deliveredOn: "日期不能晚于今天" } });
  if (compareDates(data.deliveredOn, notice.issuedOn) < 0) {
    throw new AppError("INVALID_INPUT", "送达日期不能早于收费通知书出具日期", { fields: { deliveredOn: "不能早于出具日期" } });
  }
  const [clock, settings] = await Promise.all([loadClockContext(db), loadFeeSettings(db)]);
  const dueOn = paymentDueOn(clock.calendar, data.deliveredOn, settings);
  await db.$transaction(async (tx) => {
    const fresh = await tx.applicationEvent.count({ where: { applicationId: app.id, type: "FEE_NOTICE_DELIVERED" } });
    if (fresh > (app.events.filter((e) => e.type === "FEE_NOTICE_DELIVERED").length)) {
      throw new AppError("CONFLICT", "该申请已被他人处理，请刷新页面后查看");
    }
    if (notice.letterId) await tx.applicationLetter.update({ where: { id: notice.letterId }, data: { deliveredOn: isoToDbDate(data.deliveredOn) } });
    await appendEvent(tx, app.id, "FEE_NOTICE_DELIVERED", data.deliveredOn, { deliveredOn: data.deliveredOn, dueOn }, actor.user.id);
    await auditStep(tx, actor, "application.fee-notice-delivered", app.id, { deliveredOn: data.deliveredOn, dueOn });
  });
  return { dueOn };
}

const paidSchema = z.object({ paidOn: z.string().trim().refine(isIsoDate, "请填写缴费日期") });

export async function recordFeePayment(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(paidSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["AWAITING_PAYMENT"], "本申请没有待缴纳的信息处理费");
  const today = todayOf(options.now);
  const notice = feeNoticeOf(app.events)!;
  const dueOn = notice.dueOn;
  if (compareDates(data.paidOn, today) > 0) throw new AppError("INVALID_INPUT", "缴费日期不能晚于今天", { fields: { paidOn: "日期不能晚于今天" } });
  if (compareDates(data.paidOn, notice.issuedOn) < 0) {
    throw new AppError("INVALID_INPUT", "缴费日期不能早于收费通知书出具日期", { fields: { paidOn: "不能早于收费通知书出具日期" } });
  }
  if (dueOn !== null && compareDates(data.paidOn, dueOn) > 0) {
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
