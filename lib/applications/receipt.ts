/**
 * Confirming receipt of an online application and assigning its handler.
 *
 * 条例第三十一条第（三）项: an application made through the internet is received on the day both
 * sides confirm it. The applicant confirmed by submitting; the office confirms when a handler
 * checks it here, so the receipt date is that day and the 20 working days run from it.
 */
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { RECEIPT_RULES } from "./labels";
import {
  appendEvent,
  assertStatus,
  auditStep,
  isoToDbDate,
  loadApplication,
  moveStatus,
  todayOf,
  type Actor,
  type StepOptions,
} from "./records";

export async function confirmReceipt(db: Db, actor: Actor, applicationId: string, options: StepOptions = {}) {
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["SUBMITTED"], "该申请已确认收到，无需重复确认");
  const today = todayOf(options.now);
  await db.$transaction(async (tx) => {
    await moveStatus(tx, app, "PROCESSING", {
      receivedOn: isoToDbDate(today),
      handlerId: app.handlerId ?? actor.user.id,
    });
    await appendEvent(tx, app.id, "RECEIPT_CONFIRMED", today, { channel: app.channel, rule: RECEIPT_RULES.ONLINE.rule }, actor.user.id);
    if (!app.handlerId) await appendEvent(tx, app.id, "HANDLER_ASSIGNED", today, { handlerId: actor.user.id }, actor.user.id);
    await auditStep(tx, actor, "application.confirm-receipt", app.id, { receivedOn: today });
  });
  return { receivedOn: today };
}

/** Users who may handle applications (党政办审核人员), for the handler list. */
export async function listHandlers(db: Db) {
  return db.user.findMany({
    where: { active: true, roles: { some: { role: "OFFICE_REVIEWER" } } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
}

export async function assignHandler(db: Db, actor: Actor, applicationId: string, handlerId: string, options: StepOptions = {}) {
  const app = await loadApplication(db, applicationId);
  if (app.status === "CLOSED") throw new AppError("INVALID_STATE", "申请已办结，不能再指定承办人");
  const handlers = await listHandlers(db);
  if (!handlers.some((h) => h.id === handlerId)) {
    throw new AppError("INVALID_INPUT", "所选人员不能承办依申请公开事项", { fields: { handlerId: "请选择党政办审核人员" } });
  }
  if (app.handlerId === handlerId) throw new AppError("CONFLICT", "该申请已由所选人员承办");
  const today = todayOf(options.now);
  await db.$transaction(async (tx) => {
    const res = await tx.application.updateMany({ where: { id: app.id, handlerId: app.handlerId }, data: { handlerId } });
    if (res.count !== 1) throw new AppError("CONFLICT", "该申请已被他人处理，请刷新页面后查看");
    await appendEvent(tx, app.id, "HANDLER_ASSIGNED", today, { handlerId, previousHandlerId: app.handlerId }, actor.user.id);
    await tx.notification.create({
      data: {
        userId: handlerId,
        kind: "APPLICATION_ASSIGNED",
        title: `依申请公开事项${app.trackingCode}已指定由您承办`,
        link: `/console/applications/${app.id}`,
        dedupeKey: `app-assigned:${app.id}:${handlerId}:${Date.now()}`,
      },
    });
    await auditStep(tx, actor, "application.assign-handler", app.id, { handlerId, previousHandlerId: app.handlerId });
  });
}
