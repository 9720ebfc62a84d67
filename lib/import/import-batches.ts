import type { Db } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { writeAudit } from "../audit/write-audit";
import { normaliseChannels } from "../channels/outbox";
import { AppError } from "../errors/app-error";
import { DEFAULT_JOB_OPTIONS, getQueue } from "../queues/queues";
import { sheetFormatOf } from "./read-sheet";

export const IMPORT_QUEUE = "imports";
export const IMPORT_JOBS = { validate: "validate", run: "import" } as const;

export const MAX_SHEET_BYTES = 50 * 1024 * 1024;
export const MAX_ZIP_BYTES = 300 * 1024 * 1024;

export const IMPORT_STATUS_LABELS: Record<string, string> = {
  VALIDATING: "正在校验",
  VALIDATED: "校验完成，待确认",
  QUEUED: "等待导入",
  IMPORTING: "正在导入",
  DONE: "导入完成",
  FAILED: "未能完成",
  CANCELLED: "已取消",
};

export interface ImportActor {
  user: { id: string; displayName: string };
  ip?: string | null;
}

/** Job ids are derived from the batch, so a double click or a retried request adds one job only. */
export async function enqueueImportJob(kind: keyof typeof IMPORT_JOBS, batchId: string): Promise<void> {
  await getQueue(IMPORT_QUEUE).add(IMPORT_JOBS[kind], { batchId }, { ...DEFAULT_JOB_OPTIONS, jobId: `${kind}-${batchId}` });
}

/**
 * Stores an upload (the spreadsheet and the optional ZIP of named files) and asks a worker to check it.
 * Refuses at once — storing nothing — what is plainly not an import: wrong type, empty, too large.
 */
export async function createImportBatch(
  db: Db,
  storage: BlobStorage,
  actor: ImportActor,
  input: { sheet: { name: string; data: Buffer }; zip?: { name: string; data: Buffer } | null },
  options: { enqueue?: boolean } = {},
): Promise<string> {
  const { sheet, zip } = input;
  if (sheet.data.length === 0) throw new AppError("INVALID_INPUT", "请选择要导入的表格文件");
  if (sheet.data.length > MAX_SHEET_BYTES) throw new AppError("INVALID_INPUT", `表格文件不能超过 ${MAX_SHEET_BYTES / 1024 / 1024} MB，请分批导入`);
  const format = sheetFormatOf(sheet.name, sheet.data);
  if (zip && zip.data.length > 0) {
    if (zip.data.length > MAX_ZIP_BYTES) throw new AppError("INVALID_INPUT", `文件压缩包不能超过 ${MAX_ZIP_BYTES / 1024 / 1024} MB，请分批导入`);
    if (!(zip.data[0] === 0x50 && zip.data[1] === 0x4b)) throw new AppError("INVALID_INPUT", "正文与附件须打包为 .zip 文件上传");
  }
  const sheetKey = (await storage.put(sheet.data)).key;
  const zipKey = zip && zip.data.length > 0 ? (await storage.put(zip.data)).key : null;
  const batch = await db.$transaction(async (tx) => {
    const b = await tx.importBatch.create({
      data: { fileName: sheet.name.slice(0, 200), sheetKey, zipKey, zipName: zipKey ? zip!.name.slice(0, 200) : null, format, createdById: actor.user.id },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "import.upload",
      entityType: "ImportBatch",
      entityId: b.id,
      after: { fileName: b.fileName, format, sheetBytes: sheet.data.length, zipName: b.zipName, zipBytes: zip?.data.length ?? 0 },
    });
    return b;
  });
  if (options.enqueue !== false) await enqueueImportJob("validate", batch.id);
  return batch.id;
}

/** The person confirms the preview: the valid rows are imported by a worker, with the channels ticked. */
export async function confirmImportBatch(db: Db, actor: ImportActor, batchId: string, channels: readonly string[], options: { enqueue?: boolean } = {}): Promise<void> {
  const chosen = normaliseChannels(channels);
  await db.$transaction(async (tx) => {
    const rows = await tx.importBatch.updateMany({
      where: { id: batchId, status: "VALIDATED" },
      data: { status: "QUEUED", confirmedById: actor.user.id, confirmedAt: new Date(), channels: chosen },
    });
    if (rows.count === 0) throw new AppError("INVALID_STATE", "该批次不在待确认状态，无法导入");
    const b = await tx.importBatch.findUniqueOrThrow({ where: { id: batchId } });
    if (b.createCount + b.updateCount === 0) throw new AppError("INVALID_INPUT", "没有可导入的行，请修改表格后重新上传");
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "import.confirm",
      entityType: "ImportBatch",
      entityId: batchId,
      after: { create: b.createCount, update: b.updateCount, skip: b.skipCount, errors: b.errorCount, channels: chosen },
    });
  });
  if (options.enqueue !== false) await enqueueImportJob("run", batchId);
}

export async function cancelImportBatch(db: Db, actor: ImportActor, batchId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.importBatch.updateMany({ where: { id: batchId, status: { in: ["VALIDATED", "FAILED"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
    if (rows.count === 0) throw new AppError("INVALID_STATE", "该批次已开始导入或已结束，不能取消");
    await tx.importRow.deleteMany({ where: { batchId } });
    await writeAudit(tx, { actorId: actor.user.id, actorName: actor.user.displayName, ip: actor.ip, action: "import.cancel", entityType: "ImportBatch", entityId: batchId });
  });
}

/** Batches the worker should still be working on (for the sweeper after a restart of Redis). */
export async function unfinishedBatches(db: Db) {
  return db.importBatch.findMany({ where: { status: { in: ["VALIDATING", "QUEUED", "IMPORTING"] } }, select: { id: true, status: true } });
}
