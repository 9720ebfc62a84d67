import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { inspectAttachment } from "../attachments/inspect";
import { stripMetadata } from "../attachments/strip-metadata";
import { ExtractTextError, extractText } from "../scan/extract-text";
import type { TextMap } from "../scan/text-map";
import type { BlobStorage } from "../attachments/storage";
import { decide } from "./workflow";
import type { ItemActor } from "./item-commands";
import { getSetting } from "../settings/settings";

async function draftVersion(db: Db, actor: ItemActor, itemId: string) {
  const item = await db.item.findUnique({ where: { id: itemId } });
  if (!item) throw new AppError("NOT_FOUND", "信息不存在");
  const version = await db.itemVersion.findUniqueOrThrow({ where: { itemId_number: { itemId, number: item.workingVersionNo } } });
  const d = decide(
    { state: item.state, departmentId: item.departmentId, createdById: version.createdById, signedOffById: item.signedOffById, hasPublishedVersion: item.publishedVersionNo !== null },
    "edit",
    { id: actor.user.id, roles: actor.user.roles },
  );
  if (!d.allowed) throw new AppError("FORBIDDEN", d.reason);
  return { item, version };
}

/**
 * Adds an attachment to the working version: the type is decided by content, not the name; embedded
 * metadata (author, software, EXIF) is stripped from what gets published; its text is extracted for
 * the confidentiality scan and search. The original is kept too (content-addressed) for the record.
 */
export async function addItemAttachment(db: Db, storage: BlobStorage, actor: ItemActor, itemId: string, file: { name: string; data: Buffer }) {
  const { version } = await draftVersion(db, actor, itemId);
  const maxMb = await getSetting(db, "attachmentMaxMb");
  const inspected = await inspectAttachment(file.data, file.name, { maxBytes: maxMb * 1024 * 1024 });
  if (!inspected.ok) throw new AppError("INVALID_INPUT", `附件“${file.name}”：${inspected.message}`);
  const stripped = await stripMetadata(file.data, inspected.type);
  let text = "";
  let textMap: TextMap = {};
  try {
    const extracted = await extractText(stripped.buffer);
    text = extracted.text;
    textMap = extracted.map ?? {};
  } catch (err) {
    // Over the bounds: refused before anything is stored.
    if (err instanceof ExtractTextError && err.code === "too_large") throw new AppError("INVALID_INPUT", `附件“${file.name}”：${err.message}`);
    // Scans, images and old DOC/XLS have no extractable text: the reviewer reads them in full.
  }
  const original = await storage.put(file.data);
  const published = await storage.put(stripped.buffer);
  const count = await db.itemAttachment.count({ where: { versionId: version.id } });
  return db.$transaction(async (tx) => {
    const row = await tx.itemAttachment.create({
      data: {
        versionId: version.id,
        name: file.name.slice(0, 200),
        mime: inspected.mime,
        kind: inspected.type,
        size: stripped.buffer.length,
        sha256: published.key,
        originalSha256: original.key,
        metadataStripped: stripped.metadataStripped,
        textContent: text.slice(0, 500_000),
        textMap: JSON.parse(JSON.stringify(textMap)),
        sortOrder: count,
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.attachment-add",
      entityType: "Item",
      entityId: itemId,
      after: { name: row.name, kind: row.kind, size: row.size, sha256: row.sha256, metadataStripped: row.metadataStripped, removed: stripped.removed },
    });
    return row;
  });
}

export async function removeItemAttachment(db: Db, actor: ItemActor, itemId: string, attachmentId: string) {
  const { version } = await draftVersion(db, actor, itemId);
  await db.$transaction(async (tx) => {
    const row = await tx.itemAttachment.findFirst({ where: { id: attachmentId, versionId: version.id } });
    if (!row) throw new AppError("NOT_FOUND", "附件不存在");
    await tx.itemAttachment.delete({ where: { id: row.id } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.attachment-remove",
      entityType: "Item",
      entityId: itemId,
      before: { name: row.name, sha256: row.sha256 },
    });
  });
}
