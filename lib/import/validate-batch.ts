import type { Db } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { AppError } from "../errors/app-error";
import { getSetting } from "../settings/settings";
import { IMPORT_ZIP_LIMITS, openBoundedZip, type BoundedZip } from "./bounded-zip";
import { loadPlanContext } from "./load-plan-context";
import { planRow, type PlannedRow } from "./plan-row";
import { readImportSheet } from "./read-sheet";
import { RowFileReader } from "./row-files";

const WRITE_CHUNK = 500;

export async function openBatchZip(storage: BlobStorage, zipKey: string | null): Promise<BoundedZip | null> {
  if (!zipKey) return null;
  const data = await storage.get(zipKey);
  if (!data) throw new AppError("NOT_FOUND", "上传的文件压缩包已不在存储中，请重新上传");
  return openBoundedZip(data, IMPORT_ZIP_LIMITS, "文件压缩包");
}

export async function attachmentMaxBytes(db: Db): Promise<number> {
  return (await getSetting(db, "attachmentMaxMb")) * 1024 * 1024;
}

async function fail(db: Db, batchId: string, e: unknown) {
  const message = e instanceof AppError ? e.message : "校验时发生错误，请重新上传；如仍有问题请联系管理员";
  if (!(e instanceof AppError)) console.error("[import] validation failed", e);
  await db.importBatch.update({ where: { id: batchId }, data: { status: "FAILED", message, finishedAt: new Date() } });
}

async function writeRows(db: Db, batchId: string, planned: PlannedRow[]) {
  await db.importRow.createMany({
    data: planned.map((p) => ({
      batchId,
      rowNo: p.rowNo,
      action: p.action,
      data: (p.data ?? {}) as object,
      problems: p.problems as unknown as object,
      itemId: p.itemId,
    })),
    skipDuplicates: true,
  });
  const count = (a: string) => planned.filter((p) => p.action === a).length;
  await db.importBatch.update({
    where: { id: batchId },
    data: {
      validatedRows: { increment: planned.length },
      createCount: { increment: count("CREATE") },
      updateCount: { increment: count("UPDATE") },
      skipCount: { increment: count("SKIP") },
      errorCount: { increment: count("ERROR") },
    },
  });
}

/**
 * Checks every row of an uploaded batch and records what each will become (CREATE, UPDATE, SKIP) or
 * why it cannot be imported (ERROR, with the column and a Chinese message). Writes nothing but the
 * batch's own rows; safe to run again after a crash (it starts the batch's rows over).
 */
export async function validateImportBatch(db: Db, storage: BlobStorage, batchId: string, now = new Date()): Promise<void> {
  const batch = await db.importBatch.findUnique({ where: { id: batchId } });
  if (!batch || batch.status !== "VALIDATING") return;
  try {
    const sheetData = await storage.get(batch.sheetKey);
    if (!sheetData) throw new AppError("NOT_FOUND", "上传的表格已不在存储中，请重新上传");
    const sheet = await readImportSheet(batch.fileName, sheetData);
    const zip = await openBatchZip(storage, batch.zipKey);
    const ctx = await loadPlanContext(db, sheet.rows, now);
    const reader = new RowFileReader(zip, await attachmentMaxBytes(db));
    await db.importRow.deleteMany({ where: { batchId } });
    await db.importBatch.update({
      where: { id: batchId },
      data: {
        totalRows: sheet.rows.length,
        validatedRows: 0,
        createCount: 0,
        updateCount: 0,
        skipCount: 0,
        errorCount: 0,
        message: sheet.unknownHeaders.length ? `以下列不在模板中，已忽略：${sheet.unknownHeaders.join("、")}` : null,
      },
    });
    let planned: PlannedRow[] = [];
    for (const row of sheet.rows) {
      const { files, problems } = await reader.filesOf(row.raw);
      planned.push(planRow(row.rowNo, row.raw, files, problems, ctx));
      if (planned.length >= WRITE_CHUNK) {
        await writeRows(db, batchId, planned);
        planned = [];
      }
    }
    if (planned.length) await writeRows(db, batchId, planned);
    await db.importBatch.update({ where: { id: batchId }, data: { status: "VALIDATED" } });
  } catch (e) {
    await fail(db, batchId, e);
  }
}
