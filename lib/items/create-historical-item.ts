import type { Prisma } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { chinaDayStart } from "../calendar/dates";
import { isoToDbDate } from "../calendar/load-calendar";
import { syncPublicItem } from "../search/sync-public-item";
import { allocateIndexNo, parseIndexNo } from "./index-number";

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

/**
 * Keeps the office's own 索引号 sequence ahead of a number brought in from before, so the next
 * approval never collides with an imported one.
 */
async function adoptIndexNo(tx: Tx, org: { id: string; creditCode: string }, indexNo: string) {
  const parsed = parseIndexNo(indexNo);
  if (!parsed) return { indexNo, indexYear: null, indexSerial: null };
  if (parsed.organisationCode !== org.creditCode) return { indexNo, indexYear: parsed.year, indexSerial: null };
  await tx.$executeRaw`
    INSERT INTO "IndexSerial" ("organisationId", "year", "lastSerial") VALUES (${org.id}, ${parsed.year}, ${parsed.serial})
    ON CONFLICT ("organisationId", "year") DO UPDATE SET "lastSerial" = GREATEST("IndexSerial"."lastSerial", ${parsed.serial})`;
  return { indexNo, indexYear: parsed.year, indexSerial: parsed.serial };
}

/**
 * An item published before the platform existed (or on the old site), written as already published on
 * its own dates: no review steps are replayed and nothing is delivered here (the caller decides).
 * The portal's read model is updated in the same transaction; the import is audited.
 */
export async function createHistoricalItem(tx: Tx, input: HistoricalItemInput) {
  const year = Number(input.generatedDate.slice(0, 4));
  const index = input.indexNo ? await adoptIndexNo(tx, input.org, input.indexNo) : await allocateIndexNo(tx, input.org, year);
  const publishedAt = officeTime(input.publishedDate);
  const item = await tx.item.create({
    data: {
      organisationId: input.org.id,
      departmentId: input.departmentId,
      categoryId: input.categoryId,
      state: "PUBLISHED",
      ...index,
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
      versions: {
        create: {
          number: 1,
          title: input.title,
          summary: input.summary,
          bodyHtml: input.bodyHtml,
          documentNumber: input.documentNumber || null,
          topic: input.topic,
          validity: input.validity ?? "VALID",
          generatedDate: isoToDbDate(input.generatedDate),
          createdById: input.actor.id,
          publishedAt,
          attachments: input.attachments?.length ? { create: input.attachments } : undefined,
        },
      },
    },
    include: { versions: { select: { id: true } } },
  });
  await syncPublicItem(tx, item);
  await writeAudit(tx, {
    actorId: input.actor.id,
    actorName: input.actor.displayName,
    ip: input.actor.ip ?? null,
    action: "item.import-history",
    entityType: "Item",
    entityId: item.id,
    after: { title: input.title, categoryId: input.categoryId, formedDate: input.generatedDate, publishedDate: input.publishedDate, indexNo: item.indexNo },
    detail: input.auditDetail,
  });
  return { id: item.id, indexNo: item.indexNo as string, versionId: item.versions[0].id };
}
