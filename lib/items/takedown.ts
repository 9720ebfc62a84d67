import type { Db, Prisma } from "../db/client";
import { normaliseChannels } from "../channels/outbox";

type Tx = Prisma.TransactionClient;

/**
 * 紧急下架 helpers used inside the takedown and publishing transactions (lib/items/item-commands.ts).
 *
 * Blobs are content-addressed: the same file may be attached to another item or to several versions
 * of this one, and a notice-board sheet is a blob too. Checking only "is this item public" at the
 * attachment URL would leave the file reachable through any other item holding the same bytes, so
 * every blob of a taken-down item is put on a block list that every blob-serving route consults.
 */
export async function blockItemBlobs(tx: Tx, itemId: string): Promise<number> {
  const attachments = await tx.itemAttachment.findMany({
    where: { version: { itemId } },
    select: { sha256: true, originalSha256: true },
  });
  const sheets = await tx.boardPosting.findMany({ where: { itemId, sheetKey: { not: null } }, select: { sheetKey: true } });
  const keys = new Set<string>();
  for (const a of attachments) keys.add(a.sha256).add(a.originalSha256);
  for (const s of sheets) if (s.sheetKey) keys.add(s.sheetKey);
  if (keys.size === 0) return 0;
  await tx.blockedBlob.createMany({ data: [...keys].map((key) => ({ key, itemId })), skipDuplicates: true });
  return keys.size;
}

/**
 * A corrected version published again after review: its own files become reachable again (the
 * reviewers approved them); anything it no longer contains stays blocked.
 */
export async function unblockVersionBlobs(tx: Tx, itemId: string, versionId: string): Promise<void> {
  const attachments = await tx.itemAttachment.findMany({ where: { versionId }, select: { sha256: true, originalSha256: true } });
  const keys = attachments.flatMap((a) => [a.sha256, a.originalSha256]);
  if (keys.length) await tx.blockedBlob.deleteMany({ where: { itemId, key: { in: keys } } });
}

/** True when no URL may serve this blob (it belongs to a taken-down item). */
export async function isBlobBlocked(db: Pick<Db, "blockedBlob">, key: string): Promise<boolean> {
  return (await db.blockedBlob.findUnique({ where: { key }, select: { key: true } })) !== null;
}

/**
 * The channels the content may have reached: the item's current choice plus every channel any of
 * its versions was ever sent to (a revision may have dropped a channel that still shows the old one).
 */
export async function takedownChannels(tx: Tx, itemId: string, current: readonly string[]): Promise<string[]> {
  const sent = await tx.delivery.findMany({ where: { itemId, action: "UPSERT" }, select: { channel: true }, distinct: ["channel"] });
  return normaliseChannels([...current, ...sent.map((s) => s.channel)]);
}

/** Every item taken down now, with the title and 索引号 the public notice shows. */
export async function listTakenDown(db: Db): Promise<{ id: string; title: string; indexNo: string }[]> {
  const items = await db.item.findMany({
    where: { takenDownAt: { not: null } },
    select: { id: true, indexNo: true, publishedVersionNo: true, versions: { select: { number: true, title: true } } },
  });
  return items.map((i) => ({
    id: i.id,
    indexNo: i.indexNo ?? "",
    title: i.versions.find((v) => v.number === i.publishedVersionNo)?.title ?? "",
  }));
}
