/**
 * Extending the reply period (条例第三十三条第一款): at most 20 working days, once, before the
 * period expires, approved by the head of the disclosure office (分管领导, permission
 * application.extend) and notified to the applicant with a 延期答复告知书.
 *
 * The handler asks (requestExtension), the office head decides (grantExtension / declineExtension).
 * The office head may also extend without a request: the law asks for the approval, not for a form.
 */
import { z } from "zod";
import { unscheduledYears } from "../calendar/provisional";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { extensionNotice } from "../letters/templates";
import { defaultLetterDelivery } from "./correction";
import { LETTER_DELIVERY_METHODS, type ApplicationStatus } from "./labels";
import {
  appendEvent,
  assertClockEvent,
  assertStatus,
  auditStep,
  clockOf,
  createLetter,
  eventData,
  getApplicationStorage,
  letterContextFor,
  loadApplication,
  loadClockContext,
  storeLetterFiles,
  todayOf,
  type ApplicationWithEvents,
  type Actor,
  type StepOptions,
} from "./records";

const EXTENDABLE: readonly ApplicationStatus[] = ["PROCESSING", "IN_CONSULTATION", "DECIDED"];

const schema = z.object({
  workingDays: z.coerce
    .number({ error: "请填写延长的工作日数" })
    .int("延长的天数应为整数")
    .min(1, "延长的天数至少为1个工作日")
    .max(20, "延长答复的期限最长不得超过20个工作日"),
  reason: z.string().trim().min(4, "请写明延长答复期限的理由").max(500, "理由不能超过500个字"),
  deliveryMethod: z.enum(LETTER_DELIVERY_METHODS).optional(),
});

export interface PendingExtension {
  eventId: string;
  workingDays: number;
  reason: string;
  requestedById: string | null;
  requestedOn: Date;
}

/** The handler's request still awaiting the office head, if any. */
export function pendingExtension(app: Pick<ApplicationWithEvents, "events">): PendingExtension | null {
  let pending: PendingExtension | null = null;
  for (const e of app.events) {
    if (e.type === "EXTENSION_REQUESTED") {
      const d = eventData<{ workingDays?: number; reason?: string }>(e);
      pending = { eventId: e.id, workingDays: Number(d.workingDays), reason: String(d.reason ?? ""), requestedById: e.actorId, requestedOn: e.on };
    }
    if (e.type === "EXTENSION_GRANTED" || e.type === "EXTENSION_DECLINED") pending = null;
  }
  return pending;
}

export function hasExtension(app: Pick<ApplicationWithEvents, "events">): boolean {
  return app.events.some((e) => e.type === "EXTENSION_GRANTED");
}

export async function requestExtension(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(schema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, EXTENDABLE, "当前状态下不能申请延长答复期限");
  if (pendingExtension(app)) throw new AppError("CONFLICT", "已提交延期申请，正在等待分管领导审批");
  const today = todayOf(options.now);
  const clock = await loadClockContext(db);
  assertClockEvent(clock, app, { type: "EXTENSION_GRANTED", on: today, workingDays: data.workingDays });
  const approvers = await db.user.findMany({ where: { active: true, roles: { some: { role: "SUPERVISOR" } } }, select: { id: true } });
  await db.$transaction(async (tx) => {
    const e = await appendEvent(tx, app.id, "EXTENSION_REQUESTED", today, { workingDays: data.workingDays, reason: data.reason }, actor.user.id);
    if (approvers.length) {
      await tx.notification.createMany({
        data: approvers.map((u) => ({
          userId: u.id,
          kind: "APPLICATION_EXTENSION_REQUEST",
          title: `依申请公开事项${app.trackingCode}申请延长答复期限${data.workingDays}个工作日，请审批`,
          link: `/console/applications/${app.id}`,
          dedupeKey: `app-ext-request:${e.id}:${u.id}`,
        })),
        skipDuplicates: true,
      });
    }
    await auditStep(tx, actor, "application.extension-request", app.id, { workingDays: data.workingDays, eventId: e.id });
  });
}

export async function grantExtension(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(schema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, EXTENDABLE, "当前状态下不能延长答复期限");
  if (hasExtension(app)) throw new AppError("INVALID_STATE", "本申请已经延长过答复期限，不能再次延长");
  const today = todayOf(options.now);
  const clock = await loadClockContext(db);
  const event = { type: "EXTENSION_GRANTED" as const, on: today, workingDays: data.workingDays };
  assertClockEvent(clock, app, event);
  const pending = pendingExtension(app);

  // The new due date as the applicant will read it (an open consultation has none yet).
  const fakeEvent = { id: "", applicationId: app.id, type: "EXTENSION_GRANTED", on: new Date(`${today}T00:00:00Z`), data: { workingDays: data.workingDays }, actorId: null, createdAt: new Date() };
  const after = clockOf(clock, { receivedOn: app.receivedOn, events: [...app.events, fakeEvent] }, options.now);
  const newDueOn = after?.dueOn ?? null;
  const ctx = await letterContextFor(db, app);
  const letter = extensionNotice(ctx, {
    reason: data.reason,
    workingDays: data.workingDays,
    issuedOn: today,
    newDueOn,
    provisionalYears: after?.provisionalYears ?? [],
  });
  const files = await storeLetterFiles(options.storage ?? getApplicationStorage(), letter);
  const deliveryMethod = data.deliveryMethod ?? defaultLetterDelivery(app);
  return db.$transaction(async (tx) => {
    const fresh = await tx.application.findUnique({ where: { id: app.id }, select: { status: true } });
    if (!fresh || fresh.status !== app.status) throw new AppError("CONFLICT", "该申请已被他人处理，请刷新页面后查看");
    const row = await createLetter(tx, {
      applicationId: app.id,
      kind: "EXTENSION_NOTICE",
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
      "EXTENSION_GRANTED",
      today,
      { workingDays: data.workingDays, reason: data.reason, requestEventId: pending?.eventId ?? null, letterId: row.id, newDueOn },
      actor.user.id,
    );
    const notify = [app.handlerId, pending?.requestedById].filter((v, i, a): v is string => !!v && a.indexOf(v) === i && v !== actor.user.id);
    if (notify.length) {
      await tx.notification.createMany({
        data: notify.map((userId) => ({
          userId,
          kind: "APPLICATION_EXTENDED",
          title: `依申请公开事项${app.trackingCode}已批准延长答复期限${data.workingDays}个工作日`,
          link: `/console/applications/${app.id}`,
          dedupeKey: `app-extended:${app.id}:${userId}`,
        })),
        skipDuplicates: true,
      });
    }
    await auditStep(tx, actor, "application.extension-grant", app.id, { workingDays: data.workingDays, letterId: row.id, newDueOn });
    return { letterId: row.id, newDueOn };
  });
}

const declineSchema = z.object({
  note: z.string().trim().min(2, "请写明不同意的理由").max(500, "理由不能超过500个字"),
});

export async function declineExtension(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(declineSchema, input);
  const app = await loadApplication(db, applicationId);
  const pending = pendingExtension(app);
  if (!pending) throw new AppError("INVALID_STATE", "没有待审批的延期申请");
  const today = todayOf(options.now);
  await db.$transaction(async (tx) => {
    await appendEvent(tx, app.id, "EXTENSION_DECLINED", today, { requestEventId: pending.eventId, note: data.note }, actor.user.id);
    if (pending.requestedById) {
      await tx.notification.create({
        data: {
          userId: pending.requestedById,
          kind: "APPLICATION_EXTENSION_DECLINED",
          title: `依申请公开事项${app.trackingCode}的延期申请未获同意，请按原期限答复`,
          link: `/console/applications/${app.id}`,
          dedupeKey: `app-ext-declined:${pending.eventId}`,
        },
      });
    }
    await auditStep(tx, actor, "application.extension-decline", app.id, { requestEventId: pending.eventId });
  });
}
