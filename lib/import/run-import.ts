import type { Db, Prisma } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { storePreparedAttachment } from "../attachments/prepare-attachment";
import { writeAudit } from "../audit/write-audit";
import { isoToDbDate } from "../calendar/load-calendar";
import { createDeliveries, enqueueDeliveries } from "../channels/outbox";
import { AppError } from "../errors/app-error";
import { createHistoricalItems, type HistoricalItemInput } from "../items/create-historical-item";
import { getOrganisation } from "../org/get-organisation";
import { syncPublicItem } from "../search/sync-public-item";
import { parseIndexNo } from "../items/index-number";
import { naturalKey, normaliseName } from "./parse-cells";
import type { ImportRowData } from "./plan-row";
import { RowFileReader } from "./row-files";
import { attachmentMaxBytes, openBatchZip } from "./validate-batch";

type Tx = Prisma.TransactionClient;
type AttachmentFields = Prisma.ItemAttachmentCreateWithoutVersionInput;

export const IMPORT_CHUNK = 250;

interface Existing {
  id: string;
  indexNo: string | null;
  importBatchId: string | null;
  importFingerprint: string | null;
  publishedVersionNo: number | null;
}

/** Existing items the chunk's rows match, looked up again inside the transaction (another batch may have run). */
async function findExisting(tx: Tx, rows: ImportRowData[]) {
  const select = { id: true, indexNo: true, importBatchId: true, importFingerprint: true, publishedVersionNo: true } as const;
  const indexNos = rows.map((r) => r.indexNo).filter((x): x is string => Boolean(x));
  const byIndex = new Map<string, Existing>();
  for (const i of await tx.item.findMany({ where: { indexNo: { in: indexNos } }, select })) byIndex.set(i.indexNo!, i);
  const byKey = new Map<string, Existing>();
  const published = await tx.publicItem.findMany({
    where: { title: { in: rows.map((r) => r.title) } },
    select: { title: true, documentNumber: true, generatedDate: true, item: { select } },
  });
  for (const p of published) byKey.set(naturalKey(p.documentNumber, p.generatedDate.toISOString().slice(0, 10), p.title), p.item);
  return (r: ImportRowData) => (r.indexNo ? byIndex.get(r.indexNo) : undefined) ?? byKey.get(naturalKey(r.documentNumber, r.generatedDate, r.title));
}

/** A row whose 索引号 belongs to an item of another name is left alone (validation reports it). */
async function titlesOf(tx: Tx, ids: string[]) {
  const rows = await tx.publicItem.findMany({ where: { itemId: { in: ids } }, select: { itemId: true, title: true } });
  return new Map(rows.map((r) => [r.itemId, r.title]));
}

async function updateImportedItem(tx: Tx, existing: Existing, data: ImportRowData, attachments: AttachmentFields[], ctx: RunContext) {
  const version = await tx.itemVersion.findUniqueOrThrow({ where: { itemId_number: { itemId: existing.id, number: 1 } } });
  await tx.itemAttachment.deleteMany({ where: { versionId: version.id } });
  await tx.itemVersion.update({
    where: { id: version.id },
    data: {
      title: data.title,
      summary: data.summary,
      bodyHtml: data.bodyHtml,
      documentNumber: data.documentNumber,
      topic: data.topic,
      validity: data.validity,
      generatedDate: isoToDbDate(data.generatedDate),
      attachments: attachments.length ? { create: attachments } : undefined,
    },
  });
  const item = await tx.item.update({
    where: { id: existing.id },
    data: { departmentId: data.departmentId, categoryId: data.categoryId, generatedDate: isoToDbDate(data.generatedDate), importBatchId: ctx.batchId, importFingerprint: data.fingerprint },
  });
  await syncPublicItem(tx, item, { force: true });
  await writeAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    action: "item.import-update",
    entityType: "Item",
    entityId: existing.id,
    before: { title: version.title, documentNumber: version.documentNumber, generatedDate: version.generatedDate.toISOString().slice(0, 10) },
    after: { title: data.title, documentNumber: data.documentNumber, generatedDate: data.generatedDate },
    detail: { batchId: ctx.batchId, fileName: ctx.fileName },
  });
}

interface RunContext {
  batchId: string;
  fileName: string;
  channels: string[];
  org: { id: string; creditCode: string };
  actor: { id: string; displayName: string };
}

function historicalInput(row: { rowNo: number; data: ImportRowData }, attachments: AttachmentFields[], ctx: RunContext): HistoricalItemInput {
  const data = row.data;
  return {
    org: ctx.org,
    actor: ctx.actor,
    departmentId: data.departmentId,
    categoryId: data.categoryId,
    title: data.title,
    summary: data.summary,
    bodyHtml: data.bodyHtml,
    documentNumber: data.documentNumber,
    topic: data.topic,
    validity: data.validity,
    generatedDate: data.generatedDate,
    publishedDate: data.publishedDate,
    indexNo: data.indexNo,
    channels: ctx.channels,
    attachments,
    importBatchId: ctx.batchId,
    importFingerprint: data.fingerprint,
    auditDetail: { batchId: ctx.batchId, fileName: ctx.fileName, rowNo: row.rowNo },
  };
}

/** Marks the chunk's rows done with the item each became, in one statement. */
async function markRowsDone(tx: Tx, done: { rowId: string; itemId: string }[]) {
  if (!done.length) return;
  await tx.$executeRaw`
    UPDATE "ImportRow" r SET done = true, "itemId" = v.item
      FROM unnest(${done.map((d) => d.rowId)}::text[], ${done.map((d) => d.itemId)}::text[]) AS v(id, item)
     WHERE r.id = v.id`;
}

async function runChunk(db: Db, storage: BlobStorage, reader: RowFileReader, ctx: RunContext, rows: { id: string; rowNo: number; data: unknown }[]) {
  // Files are read, cleaned and stored (content-addressed, so again is harmless) before the transaction.
  const prepared = new Map<string, AttachmentFields[]>();
  for (const r of rows) {
    const data = r.data as ImportRowData;
    const list: AttachmentFields[] = [];
    for (const [i, name] of data.attachmentFiles.entries()) list.push(await storePreparedAttachment(storage, await reader.prepared(name), i));
    prepared.set(r.id, list);
  }
  const deliveries: string[] = [];
  await db.$transaction(
    async (tx) => {
      // One import at a time across processes, so two batches never create the same item twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('item-import'))`;
      const find = await findExisting(tx, rows.map((r) => r.data as ImportRowData));
      const matched = rows.map((r) => find(r.data as ImportRowData)).filter((e): e is Existing => Boolean(e));
      const titles = await titlesOf(tx, matched.map((e) => e.id));
      const done: { rowId: string; itemId: string }[] = [];
      const toCreate: typeof rows = [];
      const counts = { created: 0, updated: 0, skipped: 0 };
      for (const r of rows) {
        const data = r.data as ImportRowData;
        const existing = find(data);
        if (!existing) toCreate.push(r);
        else if (
          existing.importFingerprint === data.fingerprint ||
          !existing.importBatchId ||
          existing.publishedVersionNo !== 1 ||
          normaliseName(titles.get(existing.id) ?? data.title) !== normaliseName(data.title)
        ) {
          // Imported before with the same content, or a platform item / a revised one: left as it is.
          counts.skipped += 1;
          done.push({ rowId: r.id, itemId: existing.id });
        } else {
          await updateImportedItem(tx, existing, data, prepared.get(r.id)!, ctx);
          counts.updated += 1;
          done.push({ rowId: r.id, itemId: existing.id });
        }
      }
      const created = await createHistoricalItems(tx, toCreate.map((r) => historicalInput({ rowNo: r.rowNo, data: r.data as ImportRowData }, prepared.get(r.id)!, ctx)));
      created.forEach((c, i) => done.push({ rowId: toCreate[i].id, itemId: c.id }));
      counts.created = created.length;
      if (ctx.channels.length) {
        for (const c of created) deliveries.push(...(await createDeliveries(tx, { itemId: c.id, versionId: c.versionId, action: "UPSERT", channels: ctx.channels })));
      }
      await markRowsDone(tx, done);
      await tx.importBatch.update({
        where: { id: ctx.batchId },
        data: { doneRows: { increment: rows.length }, createdItems: { increment: counts.created }, updatedItems: { increment: counts.updated }, skippedAtRun: { increment: counts.skipped } },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (deliveries.length) await enqueueDeliveries(deliveries, { db });
}

/**
 * Moves the office's 索引号 sequence past every number of its own that the batch brings in, before any
 * row is written: a row without a number must never be given one that a later row of the batch holds.
 */
async function reserveAdoptedIndexNumbers(db: Db, batchId: string, org: { id: string; creditCode: string }) {
  const rows = await db.$queryRaw<{ indexNo: string }[]>`
    SELECT data->>'indexNo' AS "indexNo" FROM "ImportRow"
     WHERE "batchId" = ${batchId} AND done = false AND action IN ('CREATE', 'UPDATE') AND data->>'indexNo' IS NOT NULL`;
  const max = new Map<number, number>();
  for (const r of rows) {
    const p = parseIndexNo(r.indexNo);
    if (p && p.organisationCode === org.creditCode) max.set(p.year, Math.max(max.get(p.year) ?? 0, p.serial));
  }
  for (const [year, serial] of max) {
    await db.$executeRaw`
      INSERT INTO "IndexSerial" ("organisationId", "year", "lastSerial") VALUES (${org.id}, ${year}, ${serial})
      ON CONFLICT ("organisationId", "year") DO UPDATE SET "lastSerial" = GREATEST("IndexSerial"."lastSerial", ${serial})`;
  }
}

/**
 * Imports a confirmed batch: the valid rows in chunks, each chunk in one transaction together with its
 * rows' done flags — so a worker killed midway resumes where the last commit left off and nothing is
 * created twice. Items are published as history on their own dates and reach the channels only when
 * the person ticked them for this batch.
 */
export async function runImportBatch(db: Db, storage: BlobStorage, batchId: string, options: { chunkSize?: number } = {}): Promise<void> {
  const batch = await db.importBatch.findUnique({ where: { id: batchId } });
  if (!batch || (batch.status !== "QUEUED" && batch.status !== "IMPORTING")) return;
  await db.importBatch.update({ where: { id: batchId }, data: { status: "IMPORTING" } });
  const user = await db.user.findUniqueOrThrow({ where: { id: batch.confirmedById ?? batch.createdById } });
  const org = await getOrganisation(db);
  const ctx: RunContext = { batchId, fileName: batch.fileName, channels: batch.channels, org, actor: { id: user.id, displayName: user.displayName } };
  try {
    await reserveAdoptedIndexNumbers(db, batchId, org);
    const reader = new RowFileReader(await openBatchZip(storage, batch.zipKey), await attachmentMaxBytes(db));
    for (;;) {
      const rows = await db.importRow.findMany({
        where: { batchId, done: false, action: { in: ["CREATE", "UPDATE"] } },
        orderBy: { rowNo: "asc" },
        take: options.chunkSize ?? IMPORT_CHUNK,
        select: { id: true, rowNo: true, data: true },
      });
      if (rows.length === 0) break;
      await runChunk(db, storage, reader, ctx, rows);
    }
    await db.importBatch.update({ where: { id: batchId }, data: { status: "DONE", finishedAt: new Date() } });
  } catch (e) {
    if (!(e instanceof AppError)) throw e; // infrastructure trouble: the job retries and resumes
    await db.importBatch.update({ where: { id: batchId }, data: { status: "FAILED", message: e.message, finishedAt: new Date() } });
  }
}
