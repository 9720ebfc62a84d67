/**
 * Deciding an application and issuing the reply (答复告知书): the handler picks one of the national
 * outcome codes (条例第三十六条 and the annual-report table 三), a draft letter is generated from the
 * outcome's template, the handler edits it, and issuing it renders DOCX and PDF, records how it was
 * delivered and closes the application on that day (the clock's CLOSED event).
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { compareDates, type IsoDate } from "../calendar/dates";
import { hasPlaceholder, replyLetter } from "../letters/templates";
import { LETTER_BODY_MAX_CHARS } from "../letters/document";
import { formatYuan } from "./fees";
import { feeNoticeOf } from "./records";
import { LETTER_DELIVERY_METHODS } from "./labels";
import { getOutcome, isOutcomeCode, type OutcomeCode } from "./outcomes";
import {
  appendEvent,
  assertClockEvent,
  assertStatus,
  auditStep,
  dbDateToIso,
  decisionOf,
  eventData,
  getApplicationStorage,
  isoToDbDate,
  letterContextFor,
  letterDocumentOf,
  loadApplication,
  loadClockContext,
  moveStatus,
  storeLetterFiles,
  todayOf,
  type ApplicationWithEvents,
  type Actor,
  type StepOptions,
} from "./records";

const decideSchema = z.object({
  outcome: z.string().refine(isOutcomeCode, "请选择处理结果"),
  legalBasis: z
    .string()
    .trim()
    .max(300, "法律依据不能超过300个字")
    .optional()
    .transform((v) => v || undefined),
  detail: z
    .string()
    .trim()
    .max(5000, "说明不能超过5000个字")
    .optional()
    .transform((v) => v || undefined),
});

function correctionOf(app: ApplicationWithEvents): { requestedOn: IsoDate; deadlineOn: IsoDate } | null {
  const req = [...app.events].reverse().find((e) => e.type === "CORRECTION_REQUESTED");
  const deadlineOn = req ? eventData<{ deadlineOn?: string }>(req).deadlineOn : undefined;
  return req && deadlineOn ? { requestedOn: dbDateToIso(req.on), deadlineOn } : null;
}

function feeOf(app: ApplicationWithEvents): { issuedOn: IsoDate; dueOn: IsoDate; totalYuan: string } | null {
  const n = feeNoticeOf(app.events);
  if (!n?.dueOn) return null;
  return { issuedOn: n.issuedOn, dueOn: n.dueOn, totalYuan: formatYuan(n.totalFen) };
}

/** The unissued reply draft, if any. */
export async function replyDraftOf(db: Db, applicationId: string) {
  return db.applicationLetter.findFirst({
    where: { applicationId, kind: "REPLY", issuedAt: null },
    orderBy: { createdAt: "desc" },
  });
}

export async function decideApplication(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(decideSchema, input);
  const outcome = data.outcome as OutcomeCode;
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["PROCESSING", "DECIDED"], "只有办理中的申请才能作出处理决定");
  const today = todayOf(options.now);
  const def = getOutcome(outcome);
  const basis = data.legalBasis ?? def.legalBasis;
  const ctx = await letterContextFor(db, app);
  const letter = replyLetter(ctx, {
    outcome,
    legalBasis: basis,
    detail: data.detail,
    correction: correctionOf(app),
    fee: feeOf(app),
    issuedOn: null,
  });
  const existing = await replyDraftOf(db, app.id);
  return db.$transaction(async (tx) => {
    await moveStatus(tx, app, "DECIDED");
    const row = existing
      ? await tx.applicationLetter.update({ where: { id: existing.id }, data: { title: letter.title, body: letter.body } })
      : await tx.applicationLetter.create({
          data: { applicationId: app.id, kind: "REPLY", title: letter.title, body: letter.body },
        });
    await appendEvent(tx, app.id, "DECIDED", today, { outcome, legalBasis: basis, letterId: row.id }, actor.user.id);
    await auditStep(tx, actor, "application.decide", app.id, { outcome, letterId: row.id });
    return { letterId: row.id };
  });
}

const draftSchema = z.object({
  body: z
    .string()
    .trim()
    .min(20, "答复告知书内容过短，请补充")
    .max(LETTER_BODY_MAX_CHARS, `答复告知书不能超过${LETTER_BODY_MAX_CHARS}个字`),
});

/** Saves the handler's edit of the reply draft (only before it is issued). */
export async function updateReplyDraft(db: Db, actor: Actor, applicationId: string, input: unknown) {
  const data = parseInput(draftSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["DECIDED", "CLOSED"], "尚未作出处理决定");
  const draft = await replyDraftOf(db, app.id);
  if (!draft) throw new AppError("INVALID_STATE", "答复告知书已出具，不能再修改");
  await db.$transaction(async (tx) => {
    const res = await tx.applicationLetter.updateMany({ where: { id: draft.id, issuedAt: null }, data: { body: data.body } });
    if (res.count !== 1) throw new AppError("CONFLICT", "答复告知书已出具，不能再修改");
    await auditStep(tx, actor, "application.reply-edit", app.id, { letterId: draft.id, length: data.body.length });
  });
}

const issueSchema = z.object({
  deliveryMethod: z.enum(LETTER_DELIVERY_METHODS, { error: "请选择送达方式" }),
});

/**
 * Issues the reply: renders the edited draft with today's date as DOCX and PDF, records the delivery
 * method and closes the application (for an application already ended by lapse.ts it only issues).
 */
export async function issueReply(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(issueSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["DECIDED", "CLOSED"], "请先作出处理决定并拟定答复告知书");
  const draft = await replyDraftOf(db, app.id);
  if (!draft) throw new AppError("INVALID_STATE", "没有待出具的答复告知书");
  if (hasPlaceholder(draft.body)) {
    throw new AppError("INVALID_INPUT", "答复告知书中还有“【请在此……】”提示文字，请修改后再出具");
  }
  const today = todayOf(options.now);
  const closing = app.status === "DECIDED";
  const decision = decisionOf(app);
  if (closing) {
    if (!decision) throw new AppError("INVALID_STATE", "请先选择处理结果");
    const clock = await loadClockContext(db);
    assertClockEvent(clock, app, { type: "CLOSED", on: today });
  }
  if (app.receivedOn && compareDates(today, dbDateToIso(app.receivedOn)) < 0) {
    throw new AppError("INVALID_STATE", "答复日期不能早于收到申请的日期");
  }
  const ctx = await letterContextFor(db, app);
  const doc = letterDocumentOf(ctx, draft, today);
  const files = await storeLetterFiles(options.storage ?? getApplicationStorage(), doc);
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const res = await tx.applicationLetter.updateMany({
      where: { id: draft.id, issuedAt: null },
      data: {
        issuedAt: now,
        issuedById: actor.user.id,
        deliveryMethod: data.deliveryMethod,
        deliveredOn: isoToDbDate(today),
        pdfKey: files.pdfKey,
        docxKey: files.docxKey,
      },
    });
    if (res.count !== 1) throw new AppError("CONFLICT", "答复告知书已由他人出具，请刷新页面后查看");
    if (closing) {
      await moveStatus(tx, app, "CLOSED", {
        outcome: decision!.outcome,
        outcomeBasis: decision!.legalBasis,
        decidedOn: isoToDbDate(today),
        closedOn: isoToDbDate(today),
      });
    }
    await appendEvent(tx, app.id, "LETTER_ISSUED", today, { letterId: draft.id, kind: "REPLY", deliveryMethod: data.deliveryMethod }, actor.user.id);
    if (closing) await appendEvent(tx, app.id, "CLOSED", today, { outcome: decision!.outcome }, actor.user.id);
    await auditStep(tx, actor, "application.reply-issue", app.id, { letterId: draft.id, outcome: decision?.outcome ?? null, deliveryMethod: data.deliveryMethod });
    return { letterId: draft.id };
  });
}
