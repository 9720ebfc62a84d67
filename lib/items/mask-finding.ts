import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { decide } from "./workflow";
import type { ItemActor } from "./item-commands";
import { scanItemVersion } from "./scan-item-version";
import { FINDING_KIND_LABELS } from "../scan/scan-text";
import { findingDigits, maskDigits, maskInHtml, maskInText, MASKABLE_KINDS } from "../scan/mask";
import type { PersonalNumberKind } from "../scan/personal-numbers";

/** States in which the office reviewer may mask a number during review (only digits become *). */
const REVIEW_STATES = new Set(["SUBMITTED", "SIGNED_OFF"]);

/**
 * Who may mask: whoever may edit the working version (the department's staff or head while it is a
 * draft), and the 党政办 reviewer or 保密审查员 while it is under review — masking only turns digits into
 * asterisks, so it cannot add anything the department did not sign off.
 */
export function mayMask(
  wf: Parameters<typeof decide>[0],
  actor: ItemActor,
): { allowed: true } | { allowed: false; reason: string } {
  if (decide(wf, "edit", { id: actor.user.id, roles: actor.user.roles }).allowed) return { allowed: true };
  const reviewer = actor.user.roles.some((r) => r.role === "OFFICE_REVIEWER" || r.role === "CONFIDENTIALITY_OFFICER");
  if (reviewer && REVIEW_STATES.has(wf.state)) return { allowed: true };
  return { allowed: false, reason: "只有可以修改本信息的工作人员，或审核中的党政办审核人员、保密审查员可以作脱敏处理" };
}

/**
 * 一键脱敏: masks every occurrence of a finding's number in the working version's title, 内容概述 and
 * body, as an audited edit (shown in 办理记录 with the fields it changed), then scans again.
 * Returns the masked form and the findings still open.
 */
export async function maskFinding(db: Db, actor: ItemActor, itemId: string, fingerprint: string) {
  return db.$transaction(async (tx) => {
    // Serialise with workflow steps and other edits of the same item.
    await tx.$queryRaw`SELECT id FROM "Item" WHERE id = ${itemId} FOR UPDATE`;
    const item = await tx.item.findUnique({ where: { id: itemId } });
    if (!item) throw new AppError("NOT_FOUND", "信息不存在");
    const version = await tx.itemVersion.findUniqueOrThrow({ where: { itemId_number: { itemId, number: item.workingVersionNo } } });
    const may = mayMask(
      { state: item.state, departmentId: item.departmentId, createdById: version.createdById, signedOffById: item.signedOffById, hasPublishedVersion: item.publishedVersionNo !== null },
      actor,
    );
    if (!may.allowed) throw new AppError("FORBIDDEN", may.reason);

    const { open } = await scanItemVersion(tx, itemId);
    const finding = open.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new AppError("NOT_FOUND", "该审查发现已不存在（可能已被修改或排除）");
    if (finding.part === "attachment") throw new AppError("INVALID_INPUT", "附件中的内容不能在线脱敏，请修改文件后重新上传");
    if (!MASKABLE_KINDS.includes(finding.kind)) throw new AppError("INVALID_INPUT", `${FINDING_KIND_LABELS[finding.kind]}不能自动脱敏，请修改正文`);
    const kind = finding.kind as PersonalNumberKind;
    const digits = findingDigits(kind, finding.match);

    const title = maskInText(version.title, kind, digits);
    const summary = maskInText(version.summary, kind, digits);
    const documentNumber = maskInText(version.documentNumber ?? "", kind, digits);
    const body = maskInHtml(version.bodyHtml, kind, digits);
    const count = title.count + summary.count + documentNumber.count + body.count;
    if (count === 0) throw new AppError("INVALID_STATE", "未能在正文中定位该号码，请进入“修改”页面手工处理");

    await tx.itemVersion.update({
      where: { id: version.id },
      data: { title: title.text, summary: summary.text, bodyHtml: body.html, documentNumber: version.documentNumber === null ? null : documentNumber.text },
    });
    const masked = maskDigits(kind, digits);
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.finding-masked",
      entityType: "Item",
      entityId: itemId,
      before: { title: version.title, summary: version.summary, bodyHtml: version.bodyHtml, documentNumber: version.documentNumber },
      after: { title: title.text, summary: summary.text, bodyHtml: body.html, documentNumber: version.documentNumber === null ? null : documentNumber.text },
      detail: { versionNo: version.number, kind, masked, occurrences: count, reason: `${FINDING_KIND_LABELS[kind]}已脱敏为 ${masked}（${count} 处）` },
    });
    const after = await scanItemVersion(tx, itemId);
    return { masked, occurrences: count, open: after.open };
  });
}
