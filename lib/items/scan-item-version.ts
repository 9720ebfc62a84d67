import type { Db } from "../db/client";
import { applyDismissals, scanItem } from "../scan/scan-text";
import { loadScanOptions } from "../scan/scan-options";
import { parseTextMap } from "../scan/text-map";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export type Tx = Pick<Db, "item" | "itemVersion" | "sensitiveWord" | "scanDismissal" | "organisation">;

/** Confidentiality findings on the item's working version, split into open and dismissed. */
export async function scanItemVersion(db: Tx, itemId: string) {
  const item = await db.item.findUniqueOrThrow({ where: { id: itemId } });
  const version = await db.itemVersion.findUniqueOrThrow({
    where: { itemId_number: { itemId, number: item.workingVersionNo } },
    include: { attachments: { orderBy: { sortOrder: "asc" } } },
  });
  const findings = scanItem(
    {
      title: version.title,
      // 内容概述 and 发文字号 are published too: scan them with the body.
      bodyHtml: `<p>${escapeHtml(version.summary)}</p><p>${escapeHtml(version.documentNumber ?? "")}</p>${version.bodyHtml}`,
      attachments: version.attachments.map((a) => ({ name: a.name, text: a.textContent, map: parseTextMap(a.textMap) })),
    },
    await loadScanOptions(db),
  );
  const dismissals = await db.scanDismissal.findMany({ where: { itemId } });
  const { open, dismissed } = applyDismissals(findings, dismissals.map((d) => d.fingerprint));
  return { open, dismissed, dismissals, versionNo: version.number };
}
