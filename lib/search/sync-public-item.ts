import type { Db, Prisma } from "../db/client";
import { bodyText } from "../items/item-input";
import { addWords, tokensForIndex } from "./segmenter";

type Tx = Prisma.TransactionClient | Db;

/** The columns of Item this needs; callers inside a transaction pass the row they just updated. */
export interface ItemForSync {
  id: string;
  state: string;
  indexNo: string | null;
  publishedVersionNo: number | null;
  categoryId: string;
  departmentId: string;
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  /** 紧急下架: the item leaves the read model entirely. */
  takenDownAt?: Date | null;
}

export type SyncOutcome = "indexed" | "withdrawal-updated" | "unchanged" | "not-public" | "removed";

let departmentWordsLoaded = false;

/** Live department names go into the segmenter's dictionary once per process (index and query alike). */
export async function loadDepartmentWords(db: Pick<Db, "department">): Promise<void> {
  if (departmentWordsLoaded) return;
  const rows = await db.department.findMany({ select: { name: true } });
  addWords(rows.map((r) => r.name));
  departmentWordsLoaded = true;
}

/**
 * Brings an item's PublicItem row (the portal's read model and search index) in line with the item.
 * Called inside every workflow transaction (lib/items/item-commands.ts → transition), so the portal
 * and search change in the same commit as the publication; cheap when nothing public changed (one
 * primary-key read). The category and department are the published ones: a revision being drafted
 * does not move the public entry until it is published.
 */
export async function syncPublicItem(tx: Tx, item: ItemForSync, options: { force?: boolean } = {}): Promise<SyncOutcome> {
  if (item.takenDownAt) {
    // Deleting the row fires NOTIFY portal_changed at commit: every web process drops its page cache.
    const { count } = await tx.publicItem.deleteMany({ where: { itemId: item.id } });
    return count > 0 ? "removed" : "not-public";
  }
  if (item.publishedVersionNo === null || !item.indexNo || !item.firstPublishedAt) return "not-public";
  const withdrawnAt = item.state === "WITHDRAWN" ? (item.withdrawnAt ?? new Date()) : null;
  const withdrawnReason = withdrawnAt ? (item.withdrawnReason ?? "") : null;
  const existing = await tx.publicItem.findUnique({
    where: { itemId: item.id },
    select: { versionNo: true, withdrawnAt: true, withdrawnReason: true },
  });
  if (existing && existing.versionNo === item.publishedVersionNo && !options.force) {
    const same = (existing.withdrawnAt?.getTime() ?? null) === (withdrawnAt?.getTime() ?? null) && existing.withdrawnReason === withdrawnReason;
    if (same) return "unchanged";
    await tx.publicItem.update({ where: { itemId: item.id }, data: { withdrawnAt, withdrawnReason } });
    return "withdrawal-updated";
  }
  await loadDepartmentWords(tx);
  const version = await tx.itemVersion.findUniqueOrThrow({
    where: { itemId_number: { itemId: item.id, number: item.publishedVersionNo } },
    include: { attachments: { select: { name: true, textContent: true }, orderBy: { sortOrder: "asc" } } },
  });
  const data = publicItemRow(item, version, withdrawnAt, withdrawnReason);
  await tx.publicItem.upsert({ where: { itemId: item.id }, create: { itemId: item.id, ...data }, update: data });
  return "indexed";
}

/** The fields of the item's PublicItem row (tokens included) from the item and its published version. */
export function publicItemRow(
  item: Pick<ItemForSync, "indexNo" | "categoryId" | "departmentId" | "firstPublishedAt" | "lastPublishedAt">,
  version: { number: number; title: string; summary: string; bodyHtml: string; documentNumber: string | null; topic: string; validity: "VALID" | "REPEALED"; generatedDate: Date; attachments: { name: string; textContent: string }[] },
  withdrawnAt: Date | null = null,
  withdrawnReason: string | null = null,
) {
  const body = bodyText(version.bodyHtml);
  const attachmentText = version.attachments.map((a) => `${a.name} ${a.textContent}`).join("\n");
  return {
    versionNo: version.number,
    indexNo: item.indexNo!,
    title: version.title,
    summary: version.summary,
    bodyText: body,
    attachmentText,
    documentNumber: version.documentNumber,
    topic: version.topic,
    validity: version.validity,
    categoryId: item.categoryId,
    departmentId: item.departmentId,
    generatedDate: version.generatedDate,
    firstPublishedAt: item.firstPublishedAt!,
    lastPublishedAt: item.lastPublishedAt ?? item.firstPublishedAt!,
    withdrawnAt,
    withdrawnReason,
    titleTokens: tokensForIndex(version.title),
    summaryTokens: tokensForIndex(`${version.summary} ${version.documentNumber ?? ""}`),
    bodyTokens: tokensForIndex(`${body}\n${attachmentText}`),
    indexedAt: new Date(),
  };
}

const ITEM_SELECT = {
  id: true,
  state: true,
  indexNo: true,
  publishedVersionNo: true,
  categoryId: true,
  departmentId: true,
  firstPublishedAt: true,
  lastPublishedAt: true,
  withdrawnAt: true,
  withdrawnReason: true,
  takenDownAt: true,
} as const;

/**
 * Repairs the read model: items published but missing from it or behind it (data from before this
 * table existed, or written outside the workflow). `all` re-tokenises everything, e.g. after the
 * local dictionary changed. Returns how many rows it wrote.
 */
export async function syncStalePublicItems(db: Db, options: { all?: boolean; batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 200;
  let written = 0;
  let after = "";
  for (;;) {
    const ids: { id: string }[] = options.all
      ? await db.$queryRaw`SELECT id FROM "Item" WHERE "publishedVersionNo" IS NOT NULL AND id > ${after} ORDER BY id LIMIT ${batch}`
      : await db.$queryRaw`
          SELECT i.id FROM "Item" i LEFT JOIN "PublicItem" p ON p."itemId" = i.id
           WHERE i."publishedVersionNo" IS NOT NULL AND i.id > ${after}
             AND ((i."takenDownAt" IS NULL AND (p."itemId" IS NULL OR p."versionNo" <> i."publishedVersionNo"
                  OR (i.state = 'WITHDRAWN') <> (p."withdrawnAt" IS NOT NULL)))
                  OR (i."takenDownAt" IS NOT NULL AND p."itemId" IS NOT NULL))
           ORDER BY i.id LIMIT ${batch}`;
    if (!ids.length) return written;
    for (const { id } of ids) {
      const item = await db.item.findUniqueOrThrow({ where: { id }, select: ITEM_SELECT });
      if ((await syncPublicItem(db, item, { force: options.all })) !== "unchanged") written++;
    }
    after = ids[ids.length - 1].id;
  }
}
