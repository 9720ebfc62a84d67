import { getEnv } from "../config/env";
import type { Db, Prisma } from "../db/client";
import type { PublishedItemDTO } from "./types";

type Reader = Db | Prisma.TransactionClient;

/** The public item page; the portal serves it at /items/[id]. */
export function portalItemUrl(itemId: string, baseUrl = getEnv().PUBLIC_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, "")}/items/${encodeURIComponent(itemId)}`;
}

/** Where the portal serves one attachment of a published item. */
export function portalAttachmentUrl(itemId: string, attachmentId: string, baseUrl = getEnv().PUBLIC_BASE_URL): string {
  return `${portalItemUrl(itemId, baseUrl)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** 发布机构 as the portal prints it: "四宝山街道办事处社会事务办公室". */
export function publisherName(organisationName: string, departmentName: string): string {
  return departmentName.startsWith(organisationName) ? departmentName : `${organisationName}${departmentName}`;
}

/** "YYYY-MM-DD" of a @db.Date column (stored as UTC midnight). */
function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 in China Standard Time, e.g. "2024-05-06T09:30:00+08:00": what the district contract expects. */
export function toShanghaiIso(d: Date): string {
  const shifted = new Date(d.getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/**
 * One version of an item as every channel adapter receives it (PublishedItemDTO). A version that
 * was never published (a withdrawal of a draft should not happen) still maps, with the item's
 * last publication time, so a DELETE delivery can always be built.
 */
export async function loadPublishedItemDTO(db: Reader, versionId: string, options: { baseUrl?: string } = {}): Promise<PublishedItemDTO> {
  const version = await db.itemVersion.findUniqueOrThrow({
    where: { id: versionId },
    include: {
      attachments: { orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }] },
      item: { include: { category: true, department: { include: { organisation: { select: { name: true } } } } } },
    },
  });
  const { item } = version;
  if (!item.indexNo) throw new Error(`item ${item.id} has no 索引号: it was never approved`);
  const baseUrl = options.baseUrl ?? getEnv().PUBLIC_BASE_URL;
  const publishedAt = version.publishedAt ?? item.lastPublishedAt ?? item.firstPublishedAt ?? version.createdAt;

  return {
    id: item.id,
    version: version.number,
    indexNo: item.indexNo,
    title: version.title,
    summary: version.summary,
    bodyHtml: version.bodyHtml,
    category: { code: item.category.code, name: item.category.name },
    departmentName: publisherName(item.department.organisation.name, item.department.name),
    generatedDate: dateOnly(version.generatedDate),
    documentNumber: version.documentNumber,
    topic: version.topic,
    validity:
      version.validity === "REPEALED"
        ? { status: "repealed", repealedOn: version.repealedDate ? dateOnly(version.repealedDate) : null }
        : { status: "valid", repealedOn: null },
    disclosureMethod: version.disclosureMethod,
    disclosureScope: version.disclosureScope,
    publishedAt: toShanghaiIso(publishedAt),
    portalUrl: portalItemUrl(item.id, baseUrl),
    attachments: version.attachments.map((a) => ({
      name: a.name,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      url: portalAttachmentUrl(item.id, a.id, baseUrl),
    })),
    changeNote: version.changeNote,
    withdrawnReason: item.state === "WITHDRAWN" ? item.withdrawnReason : null,
  };
}
