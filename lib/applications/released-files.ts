// Files the office releases with its reply. An application decided 予以公开 or 部分公开 whose applicant
// chose 在本平台查询下载 gets the information itself on the tracking page, not only a letter saying so.
// Each file is checked by content (type), stripped of embedded metadata and scanned by the
// confidentiality gate before the applicant can see it; every download is audited, and the files stay
// downloadable for six months from the reply (the time the applicant has to go to court over it,
// 《行政诉讼法》第四十六条; 行政复议 is 60 days, within it).
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { inspectAttachment, type AttachmentType } from "../attachments/inspect";
import { stripMetadata } from "../attachments/strip-metadata";
import type { BlobStorage } from "../attachments/storage";
import { extractText } from "../scan/extract-text";
import { scanText } from "../scan/scan-text";
import { dbDateToIso } from "../calendar/load-calendar";
import { isIsoDate, toChinaDate, type IsoDate } from "../calendar/dates";
import { writeAudit } from "../audit/write-audit";
import { auditStep, type Actor } from "./records";
import { LETTER_DELIVERY_METHODS } from "./labels";

export const RELEASED_FILE_TYPES: readonly AttachmentType[] = ["pdf", "docx", "xlsx", "jpg", "png"];
export const RELEASED_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** How long released files stay downloadable after the reply, in months. */
export const RELEASED_FILE_MONTHS = 6;

const RELEASING_OUTCOMES = new Set(["GRANTED", "PARTIAL"]);

/** The last day files are downloadable: the same day six months after the reply (or the month's end). */
export function releasedFilesUntil(replyOn: IsoDate): IsoDate {
  const [y, m, d] = replyOn.split("-").map(Number);
  const months = y * 12 + (m - 1) + RELEASED_FILE_MONTHS;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The decided outcome: recorded on the application once the reply is issued, on the DECIDED event before. */
export async function decidedOutcome(db: Db, app: { id: string; outcome: string | null }): Promise<string | null> {
  if (app.outcome) return app.outcome;
  const ev = await db.applicationEvent.findFirst({ where: { applicationId: app.id, type: "DECIDED" }, orderBy: { createdAt: "desc" } });
  const data = ev?.data as { outcome?: unknown } | null | undefined;
  return typeof data?.outcome === "string" ? data.outcome : null;
}

/** Whether this application releases files on the platform (予以公开 / 部分公开 and 在本平台查询下载). */
export async function releasesFiles(db: Db, app: { id: string; status: string; outcome: string | null; deliveryMethod: string }) {
  return ["DECIDED", "CLOSED"].includes(app.status) && app.deliveryMethod === "ONLINE" && RELEASING_OUTCOMES.has((await decidedOutcome(db, app)) ?? "");
}

async function releasable(db: Db, applicationId: string) {
  const app = await db.application.findUnique({ where: { id: applicationId } });
  if (!app) throw new AppError("NOT_FOUND", "申请不存在");
  if (!["DECIDED", "CLOSED"].includes(app.status) || !RELEASING_OUTCOMES.has((await decidedOutcome(db, app)) ?? "")) {
    throw new AppError("CONFLICT", "只有处理决定为“予以公开”或“部分公开”的申请才能附上公开的信息");
  }
  if (app.deliveryMethod !== "ONLINE") {
    throw new AppError("CONFLICT", "申请人未选择“在本平台查询下载”，请按申请人选择的方式提供信息，并记录送达情况");
  }
  return app;
}

/** Adds a released file: type by content, metadata stripped, text scanned; refused with the findings in Chinese. */
export async function addReleasedFile(
  db: Db,
  storage: BlobStorage,
  actor: Actor,
  applicationId: string,
  file: { name: string; data: Buffer },
) {
  await releasable(db, applicationId);
  const inspected = await inspectAttachment(file.data, file.name, { maxBytes: RELEASED_FILE_MAX_BYTES, allowedTypes: [...RELEASED_FILE_TYPES] });
  if (!inspected.ok) throw new AppError("INVALID_INPUT", `文件“${file.name}”：${inspected.message}`, { fields: { file: inspected.message } });
  const stripped = await stripMetadata(file.data, inspected.type);
  let text = "";
  try {
    text = (await extractText(stripped.buffer)).text;
  } catch {
    // Images and scans have no text to scan: the handler checks them by eye, as for item attachments.
  }
  const words = await db.sensitiveWord.findMany({ where: { active: true } });
  const findings = scanText(text, { sensitiveWords: words.map((w) => ({ word: w.word, note: w.note })) });
  if (findings.length > 0) {
    const list = [...new Set(findings.map((f) => f.message))].slice(0, 5).join("；");
    throw new AppError("INVALID_INPUT", `文件“${file.name}”未通过保密审查：${list}。请处理（如遮盖个人信息）后重新上传。`, { fields: { file: list } });
  }
  const original = await storage.put(file.data);
  const published = await storage.put(stripped.buffer);
  return db.$transaction(async (tx) => {
    const row = await tx.applicationReleasedFile.create({
      data: {
        applicationId,
        name: file.name.slice(0, 200),
        kind: inspected.type,
        mime: inspected.mime,
        size: stripped.buffer.length,
        sha256: published.key,
        originalSha256: original.key,
        metadataStripped: stripped.metadataStripped,
        uploadedById: actor.user.id,
      },
    });
    await auditStep(tx, actor, "application.released-file-add", applicationId, {
      fileId: row.id,
      name: row.name,
      kind: row.kind,
      size: row.size,
      sha256: row.sha256,
      metadataStripped: row.metadataStripped,
      removed: stripped.removed,
    });
    return row;
  });
}

export async function removeReleasedFile(db: Db, actor: Actor, applicationId: string, fileId: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.applicationReleasedFile.findFirst({ where: { id: fileId, applicationId } });
    if (!row) throw new AppError("NOT_FOUND", "文件不存在");
    await tx.applicationReleasedFile.delete({ where: { id: row.id } });
    await auditStep(tx, actor, "application.released-file-remove", applicationId, { fileId: row.id, name: row.name, sha256: row.sha256 });
  });
}

export interface ReleasedFileView {
  id: string;
  name: string;
  kind: string;
  size: number;
}

/**
 * What the applicant may download now: only after the reply has been issued (the application is
 * CLOSED), and until six months after it. `until` is null before the reply.
 */
export async function releasedFilesForApplicant(db: Db, applicationId: string, now: Date = new Date()) {
  const app = await db.application.findUnique({ where: { id: applicationId }, select: { status: true, closedOn: true } });
  if (!app || app.status !== "CLOSED" || !app.closedOn) return { files: [] as ReleasedFileView[], until: null, expired: false };
  const until = releasedFilesUntil(dbDateToIso(app.closedOn));
  const expired = toChinaDate(now) > until;
  const rows = await db.applicationReleasedFile.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } });
  return { files: expired ? [] : rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, size: r.size })), until, expired: expired && rows.length > 0 };
}

/** One released file for the applicant holding the tracking session; every download is audited. */
export async function downloadReleasedFile(
  db: Db,
  storage: BlobStorage,
  input: { applicationId: string; fileId: string; ip?: string | null; now?: Date },
): Promise<{ bytes: Buffer; filename: string; mime: string } | null> {
  const { files } = await releasedFilesForApplicant(db, input.applicationId, input.now);
  if (!files.some((f) => f.id === input.fileId)) return null;
  const row = await db.applicationReleasedFile.findUniqueOrThrow({ where: { id: input.fileId } });
  const bytes = await storage.get(row.sha256);
  if (!bytes) return null;
  await writeAudit(db, {
    actorId: null,
    actorName: "申请人",
    ip: input.ip ?? null,
    action: "application.released-file-download",
    entityType: "Application",
    entityId: input.applicationId,
    detail: { fileId: row.id, name: row.name, sha256: row.sha256 },
  });
  return { bytes, filename: row.name, mime: row.mime };
}

const deliverySchema = z.object({
  deliveryMethod: z.enum(LETTER_DELIVERY_METHODS, { error: "请选择送达方式" }),
  deliveredOn: z.string().trim().refine(isIsoDate, "请填写送达日期"),
  trackingNumber: z.string().trim().max(60, "单号不能超过60个字符").optional().default(""),
});

/** Records how and when the reply (and the information with it) reached the applicant: 邮寄 with its number, 当面领取 … */
export async function recordReplyDelivery(db: Db, actor: Actor, applicationId: string, input: unknown, now: Date = new Date()) {
  const data = parseInput(deliverySchema, input);
  if (data.deliveredOn > toChinaDate(now)) throw new AppError("INVALID_INPUT", "送达日期不能晚于今天", { fields: { deliveredOn: "送达日期不能晚于今天" } });
  if (data.deliveryMethod === "POST" && !data.trackingNumber) {
    throw new AppError("INVALID_INPUT", "邮寄送达请填写邮件单号", { fields: { trackingNumber: "邮寄送达请填写邮件单号" } });
  }
  await db.$transaction(async (tx) => {
    const reply = await tx.applicationLetter.findFirst({ where: { applicationId, kind: "REPLY", issuedAt: { not: null } }, orderBy: { issuedAt: "desc" } });
    if (!reply) throw new AppError("CONFLICT", "答复告知书尚未出具，不能记录送达");
    if (reply.issuedAt && data.deliveredOn < toChinaDate(reply.issuedAt)) {
      throw new AppError("INVALID_INPUT", "送达日期不能早于答复告知书出具日期", { fields: { deliveredOn: "送达日期不能早于答复告知书出具日期" } });
    }
    await tx.applicationLetter.update({
      where: { id: reply.id },
      data: { deliveryMethod: data.deliveryMethod, deliveredOn: new Date(`${data.deliveredOn}T00:00:00Z`), trackingNumber: data.trackingNumber || null },
    });
    await auditStep(tx, actor, "application.reply-delivered", applicationId, { letterId: reply.id, ...data });
  });
}
