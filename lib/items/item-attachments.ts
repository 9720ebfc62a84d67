import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { prepareAttachment, storePreparedAttachment } from "../attachments/prepare-attachment";
import type { BlobStorage } from "../attachments/storage";
import { decide } from "./workflow";
import { editorUpdate, type ItemActor } from "./item-commands";
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
  const prepared = await prepareAttachment(file, maxMb * 1024 * 1024);
  const count = await db.itemAttachment.count({ where: { versionId: version.id } });
  const fields = await storePreparedAttachment(storage, prepared, count);
  return db.$transaction(async (tx) => {
    const row = await tx.itemAttachment.create({ data: { versionId: version.id, ...fields } });
    const editor = editorUpdate(version, actor);
    if (editor.editorIds) await tx.itemVersion.update({ where: { id: version.id }, data: editor });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.attachment-add",
      entityType: "Item",
      entityId: itemId,
      after: { name: row.name, kind: row.kind, size: row.size, sha256: row.sha256, metadataStripped: row.metadataStripped, removed: prepared.removed },
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
    const editor = editorUpdate(version, actor);
    if (editor.editorIds) await tx.itemVersion.update({ where: { id: version.id }, data: editor });
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
