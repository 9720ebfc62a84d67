/**
 * 补正 (条例第三十条): when an application is unclear the office tells the applicant once, within
 * 7 working days of receipt, what to correct and by when. The reply period runs afresh from the day
 * the corrected application arrives; no correction without good reason by the deadline means the
 * application is abandoned (ended as 其他处理-1, see lapse.ts).
 */
import { z } from "zod";
import { unscheduledYears } from "../calendar/provisional";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import type { BlobStorage } from "../attachments/storage";
import { compareDates, formatChineseDate, isIsoDate, type IsoDate } from "../calendar/dates";
import { correctionNotice } from "../letters/templates";
import { LETTER_DELIVERY_METHODS } from "./labels";
import { checkUploads, type UploadedFile } from "./submit-application";
import { closeLapsedApplication } from "./lapse";
import {
  appendEvent,
  assertClockEvent,
  assertStatus,
  auditStep,
  createLetter,
  eventData,
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

/** Where a notice goes by default: online applicants read it on the tracking page. */
export function defaultLetterDelivery(app: { channel: string; deliveryMethod: string }): (typeof LETTER_DELIVERY_METHODS)[number] {
  if (app.channel === "ONLINE") return "ONLINE";
  if (app.deliveryMethod === "EMAIL") return "EMAIL";
  if (app.deliveryMethod === "PICKUP") return "PICKUP";
  return "POST";
}

const deliverySchema = z.enum(LETTER_DELIVERY_METHODS, { error: "请选择送达方式" });

const requestSchema = z.object({
  items: z.string().trim().min(5, "请写明需要补正的内容（至少5个字）").max(2000, "补正内容不能超过2000个字"),
  deadlineOn: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isIsoDate(v), "补正期限日期格式不正确"),
  deliveryMethod: deliverySchema.optional(),
});

export async function requestCorrection(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(requestSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["PROCESSING"], "只有办理中的申请才能要求补正");
  const today = todayOf(options.now);
  const clock = await loadClockContext(db);
  const deadlineOn = data.deadlineOn ?? clock.calendar.addWorkingDays(today, clock.settings.defaultCorrectionPeriodWorkingDays);
  if (compareDates(deadlineOn, today) <= 0) {
    throw new AppError("INVALID_INPUT", "补正期限应当晚于今天", { fields: { deadlineOn: "补正期限应当晚于今天" } });
  }
  assertClockEvent(clock, app, { type: "CORRECTION_REQUESTED", on: today, deadlineOn });

  const ctx = await letterContextFor(db, app);
  const letter = correctionNotice(ctx, {
    items: data.items,
    issuedOn: today,
    deadlineOn,
    provisionalYears: unscheduledYears(clock.calendar, today, deadlineOn),
  });
  const storage = options.storage ?? getApplicationStorage();
  const files = await storeLetterFiles(storage, letter);
  const deliveryMethod = data.deliveryMethod ?? defaultLetterDelivery(app);
  return db.$transaction(async (tx) => {
    await moveStatus(tx, app, "AWAITING_CORRECTION");
    const row = await createLetter(tx, {
      applicationId: app.id,
      kind: "CORRECTION_NOTICE",
      letter,
      files,
      issuedAt: options.now ?? new Date(),
      issuedById: actor.user.id,
      deliveryMethod,
      deliveredOn: today,
    });
    await appendEvent(tx, app.id, "CORRECTION_REQUESTED", today, { deadlineOn, letterId: row.id }, actor.user.id);
    await auditStep(tx, actor, "application.request-correction", app.id, { deadlineOn, letterId: row.id, deliveryMethod });
    return { letterId: row.id, deadlineOn };
  });
}

const correctionSchema = z.object({
  infoTitle: z
    .string()
    .trim()
    .max(200, "政府信息名称不能超过200个字")
    .optional()
    .transform((v) => (v ? v : undefined)),
  description: z
    .string({ error: "请填写补正后的申请内容" })
    .trim()
    .min(5, "请填写补正后的申请内容（至少5个字）")
    .max(2000, "补正内容不能超过2000个字"),
});

/** The latest correction request's deadline, from the events. */
function correctionDeadline(events: ReadonlyArray<{ type: string; data: unknown }>): IsoDate | null {
  const req = [...events].reverse().find((e) => e.type === "CORRECTION_REQUESTED");
  const d = req ? eventData<{ deadlineOn?: string }>(req as never).deadlineOn : undefined;
  return typeof d === "string" ? d : null;
}

/**
 * The applicant's corrected application through the tracking page. Received that same day: the
 * platform confirms it to the applicant at once, which is the mutual confirmation of 第三十一条.
 */
export async function submitCorrection(
  db: Db,
  applicationId: string,
  input: { form: Record<string, unknown>; files: readonly UploadedFile[] },
  options: StepOptions & { attachmentMaxBytes: number; storage?: BlobStorage },
) {
  await closeLapsedApplication(db, applicationId, options);
  const app = await loadApplication(db, applicationId);
  if (app.status !== "AWAITING_CORRECTION") {
    throw new AppError(
      "INVALID_STATE",
      app.status === "CLOSED" ? "补正期限已届满，本申请已终止办理" : "本申请当前无需补正",
    );
  }
  const parsed = correctionSchema.safeParse(input.form);
  const fields: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) fields[String(i.path[0] ?? "description")] ??= i.message;
  const uploads = await checkUploads(input.files, { maxBytes: options.attachmentMaxBytes });
  if (!uploads.ok) fields.attachments = uploads.message;
  if (!parsed.success || !uploads.ok) throw new AppError("INVALID_INPUT", "提交的内容有误，请按提示修改后重新提交。", { fields });

  const today = todayOf(options.now);
  const clock = await loadClockContext(db);
  assertClockEvent(clock, app, { type: "CORRECTION_RECEIVED", on: today });
  const storage = options.storage ?? getApplicationStorage();
  const blobs = await Promise.all(uploads.files.map(async (f) => ({ ...f, stored: await storage.put(f.bytes) })));
  await db.$transaction(async (tx) => {
    await moveStatus(tx, app, "PROCESSING", {
      description: parsed.data.description,
      ...(parsed.data.infoTitle ? { infoTitle: parsed.data.infoTitle } : {}),
    });
    const ids: string[] = [];
    for (const b of blobs) {
      const row = await tx.applicationAttachment.create({
        data: { applicationId: app.id, kind: "CORRECTION", name: b.name, mime: b.mime, size: b.stored.size, sha256: b.stored.key },
      });
      ids.push(row.id);
    }
    await appendEvent(
      tx,
      app.id,
      "CORRECTION_RECEIVED",
      today,
      {
        via: "ONLINE",
        previous: { infoTitle: app.infoTitle, description: app.description },
        corrected: { infoTitle: parsed.data.infoTitle ?? app.infoTitle, description: parsed.data.description },
        attachmentIds: ids,
      },
      null,
    );
    if (app.handlerId) {
      await tx.notification.create({
        data: {
          userId: app.handlerId,
          kind: "APPLICATION_CORRECTED",
          title: `申请${app.trackingCode}的申请人已提交补正，答复期限重新计算`,
          link: `/console/applications/${app.id}`,
          dedupeKey: `app-corrected:${app.id}:${today}`,
        },
      });
    }
    await auditStep(tx, null, "application.correction-submitted", app.id, { attachments: ids.length, receivedOn: today });
  });
  return { receivedOn: today };
}

const recordSchema = z.object({
  receivedOn: z.string().trim().refine(isIsoDate, "请填写收到补正材料的日期"),
  description: z
    .string()
    .trim()
    .max(2000, "补正内容不能超过2000个字")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

/** A correction that came on paper, by post or in person, recorded by staff with its 第三十一条 date. */
export async function recordCorrectionReceived(db: Db, actor: Actor, applicationId: string, input: unknown, options: StepOptions = {}) {
  const data = parseInput(recordSchema, input);
  const app = await loadApplication(db, applicationId);
  assertStatus(app, ["AWAITING_CORRECTION"], "本申请当前没有待补正的告知");
  const today = todayOf(options.now);
  if (compareDates(data.receivedOn, today) > 0) {
    throw new AppError("INVALID_INPUT", "收到补正材料的日期不能晚于今天", { fields: { receivedOn: "日期不能晚于今天" } });
  }
  const deadline = correctionDeadline(app.events);
  const clock = await loadClockContext(db);
  assertClockEvent(clock, app, { type: "CORRECTION_RECEIVED", on: data.receivedOn });
  await db.$transaction(async (tx) => {
    await moveStatus(tx, app, "PROCESSING", data.description ? { description: data.description } : {});
    await appendEvent(
      tx,
      app.id,
      "CORRECTION_RECEIVED",
      data.receivedOn,
      {
        via: "STAFF",
        late: deadline !== null && compareDates(data.receivedOn, deadline) > 0,
        ...(data.description ? { previous: { description: app.description }, corrected: { description: data.description } } : {}),
      },
      actor.user.id,
    );
    await auditStep(tx, actor, "application.correction-recorded", app.id, { receivedOn: data.receivedOn });
  });
  return {
    receivedOn: data.receivedOn,
    message: deadline && compareDates(data.receivedOn, deadline) > 0 ? `补正材料在补正期限（${formatChineseDate(deadline)}）届满后收到` : null,
  };
}
