import type { Prisma } from "../db/client";
import { randomUUID } from "node:crypto";
import { chinaDayStart } from "../calendar/dates";
import { isoToDbDate } from "../calendar/load-calendar";
import { loadDepartmentWords, publicItemRow } from "../search/sync-public-item";
import { formatIndexNo, parseIndexNo } from "./index-number";

type Tx = Prisma.TransactionClient;

/** 08:30 China time on the day: office hours, so the instant lands on that calendar day. */
export function officeTime(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 8.5 * 3600_000);
}

export interface HistoricalItemInput {
  org: { id: string; creditCode: string };
  actor: { id: string; displayName: string; ip?: string | null };
  departmentId: string;
  categoryId: string;
  title: string;
  summary: string;
  bodyHtml: string;
  documentNumber?: string | null;
  topic: string;
  validity?: "VALID" | "REPEALED";
  /** 生成日期 and the day it was published back then (YYYY-MM-DD, Beijing days). */
  generatedDate: string;
  publishedDate: string;
  /** An 索引号 the item already had; without one it gets the next in the office's own sequence. */
  indexNo?: string | null;
  channels: string[];
  submittedDate?: string | null;
  approvedDate?: string | null;
  attachments?: Prisma.ItemAttachmentCreateWithoutVersionInput[];
  importBatchId?: string | null;
  importFingerprint?: string | null;
  /** Extra facts for the audit row (batch, row number…). */
  auditDetail?: Record<string, unknown>;
}

/** Serials for items without an 索引号, per year: one increment of the counter per year for the whole batch. */
async function takeSerials(tx: Tx, orgId: string, year: number, count: number): Promise<number[]> {
  const rows = await tx.$queryRaw<{ lastSerial: number }[]>`
    INSERT INTO "IndexSerial" ("organisationId", "year", "lastSerial") VALUES (${orgId}, ${year}, ${count})
    ON CONFLICT ("organisationId", "year") DO UPDATE SET "lastSerial" = "IndexSerial"."lastSerial" + ${count}
    RETURNING "lastSerial"`;
  const last = Number(rows[0].lastSerial);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/**
 * 索引号 for each input: its own where it had one (the office's own sequence is moved past adopted
 * numbers so the next approval never collides), else the next in the office's sequence for its year.
 */
async function indexNumbers(tx: Tx, org: { id: string; creditCode: string }, inputs: readonly HistoricalItemInput[]) {
  const out: { indexNo: string; indexYear: number | null; indexSerial: number | null }[] = new Array(inputs.length);
  const needing = new Map<number, number[]>();
  const adoptedMax = new Map<number, number>();
  inputs.forEach((input, i) => {
    if (input.indexNo) {
      const parsed = parseIndexNo(input.indexNo);
      const own = parsed?.organisationCode === org.creditCode;
      out[i] = { indexNo: input.indexNo, indexYear: parsed?.year ?? null, indexSerial: own ? parsed!.serial : null };
      if (own) adoptedMax.set(parsed!.year, Math.max(adoptedMax.get(parsed!.year) ?? 0, parsed!.serial));
    } else {
      const year = Number(input.generatedDate.slice(0, 4));
      needing.set(year, [...(needing.get(year) ?? []), i]);
    }
  });
  for (const [year, max] of adoptedMax) {
    await tx.$executeRaw`
      INSERT INTO "IndexSerial" ("organisationId", "year", "lastSerial") VALUES (${org.id}, ${year}, ${max})
      ON CONFLICT ("organisationId", "year") DO UPDATE SET "lastSerial" = GREATEST("IndexSerial"."lastSerial", ${max})`;
  }
  for (const [year, idx] of needing) {
    const serials = await takeSerials(tx, org.id, year, idx.length);
    idx.forEach((i, k) => (out[i] = { indexNo: formatIndexNo(org.creditCode, year, serials[k]), indexYear: year, indexSerial: serials[k] }));
  }
  return out;
}

/**
 * Items published before the platform existed (or on the old site), written as already published on
 * their own dates: no review steps are replayed and nothing is delivered here (the caller decides).
 * Written in bulk — a few statements for the whole list — with the portal's read model and one audit
 * row per item, all in the caller's transaction.
 */
export async function createHistoricalItems(tx: Tx, inputs: readonly HistoricalItemInput[]) {
  if (inputs.length === 0) return [];
  const org = inputs[0].org;
  const index = await indexNumbers(tx, org, inputs);
  await loadDepartmentWords(tx);
  const made = inputs.map((input, i) => {
    const publishedAt = officeTime(input.publishedDate);
    const item = {
      id: `imp${randomUUID().replace(/-/g, "")}`,
      organisationId: org.id,
      departmentId: input.departmentId,
      categoryId: input.categoryId,
      state: "PUBLISHED" as const,
      ...index[i],
      generatedDate: isoToDbDate(input.generatedDate),
      workingVersionNo: 1,
      publishedVersionNo: 1,
      createdById: input.actor.id,
      submittedAt: input.submittedDate ? officeTime(input.submittedDate) : null,
      signedOffAt: input.submittedDate ? officeTime(input.submittedDate) : null,
      approvedAt: input.approvedDate ? officeTime(input.approvedDate) : null,
      firstPublishedAt: publishedAt,
      lastPublishedAt: publishedAt,
      channels: input.channels,
      importBatchId: input.importBatchId ?? null,
      importFingerprint: input.importFingerprint ?? null,
    };
    const version = {
      id: `imv${randomUUID().replace(/-/g, "")}`,
      itemId: item.id,
      number: 1,
      title: input.title,
      summary: input.summary,
      bodyHtml: input.bodyHtml,
      documentNumber: input.documentNumber || null,
      topic: input.topic,
      validity: input.validity ?? ("VALID" as const),
      generatedDate: isoToDbDate(input.generatedDate),
      createdById: input.actor.id,
      publishedAt,
    };
    const attachments = (input.attachments ?? []).map((a) => ({ ...a, versionId: version.id }));
    return { item, version, attachments };
  });
  await tx.item.createMany({ data: made.map((m) => m.item) });
  await tx.itemVersion.createMany({ data: made.map((m) => m.version) });
  const attachments = made.flatMap((m) => m.attachments);
  if (attachments.length) await tx.itemAttachment.createMany({ data: attachments as Prisma.ItemAttachmentCreateManyInput[] });
  await tx.publicItem.createMany({
    data: made.map((m) => ({ itemId: m.item.id, ...publicItemRow(m.item, { ...m.version, attachments: m.attachments.map((a) => ({ name: a.name, textContent: a.textContent ?? "" })) }) })),
  });
  await tx.auditLog.createMany({
    data: made.map((m, i) => ({
      actorId: inputs[i].actor.id,
      actorName: inputs[i].actor.displayName,
      ip: inputs[i].actor.ip ?? null,
      action: "item.import-history",
      entityType: "Item",
      entityId: m.item.id,
      after: { title: m.version.title, categoryId: m.item.categoryId, formedDate: inputs[i].generatedDate, publishedDate: inputs[i].publishedDate, indexNo: m.item.indexNo },
      detail: (inputs[i].auditDetail ?? undefined) as Prisma.InputJsonValue | undefined,
    })),
  });
  return made.map((m) => ({ id: m.item.id, indexNo: m.item.indexNo, versionId: m.version.id }));
}

/** One historical item (see createHistoricalItems). */
export async function createHistoricalItem(tx: Tx, input: HistoricalItemInput) {
  return (await createHistoricalItems(tx, [input]))[0];
}
