// 发布: an approved annual report becomes an item in the 政府信息公开年报 category (code "nb"), so
// it reaches the portal and the channels like any other item: one transaction writes the item (or
// a new version of it), its 索引号, the DOCX and PDF as attachments and one outbox delivery per
// channel; the jobs are enqueued after commit.
//
// Why not createItem → submitItem → signOffItem → approveItem: the item workflow is a department's
// (drafted by its staff, signed by its head, approved by 党政办). The report is 党政办's own
// document, prepared by its reviewer and approved by 分管领导 (lib/annual-report/workflow.ts), so
// the item is written here already approved, recording the preparer as drafter and 分管领导 as
// signer and approver. The confidentiality scan runs here too, on the body and the attachments.
//
// A revised report is published as a new version of the same item (with the change note); if the
// item has been withdrawn in the meantime, the corrected report becomes a new item (a withdrawn
// page keeps its notice).

import type { Db, Prisma } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import type { BlobStorage } from "../attachments/storage";
import { inspectAttachment } from "../attachments/inspect";
import { stripMetadata } from "../attachments/strip-metadata";
import { extractText } from "../scan/extract-text";
import { FINDING_KIND_LABELS, scanItem } from "../scan/scan-text";
import { loadScanOptions } from "../scan/scan-options";
import { isoToDbDate } from "../calendar/load-calendar";
import { toChinaDate } from "../calendar/dates";
import { createDeliveries, enqueueDeliveries, normaliseChannels, type Channel } from "../channels/outbox";
import { checkWeChatLimits } from "../channels/wechat/to-wechat-article";
import { allocateIndexNo } from "../items/index-number";
import { syncPublicItem } from "../search/sync-public-item";
import { getOrganisation } from "../org/get-organisation";
import { decideReport, readStoredAdjustments, renderReportDocx, renderReportHtml, renderReportPdf } from "../annual-report";
import { assembleReport, reportTitle } from "./build-annual-report";
import { readReportState, reportStatusOf, writeReportState, type ReportState } from "./report-state";
import { ANNUAL_REPORT_CATEGORY_CODE } from "./load-annual-data";
import type { ReportActor } from "./annual-report-commands";

type Tx = Prisma.TransactionClient;

export const REPORT_TOPIC = "综合政务";

export function reportSummary(organisationName: string, year: number): string {
  return (
    `${organisationName}${year}年政府信息公开工作年度报告，包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、` +
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
  );
}

export interface ReportFiles {
  baseName: string;
  docx: Buffer;
  pdf: Buffer;
}

/** The report rendered from its frozen data, with the files that go with it. */
export async function renderApprovedReport(organisationName: string, year: number, state: ReportState, adjustmentsJson: unknown) {
  if (!state.snapshot) throw new AppError("INVALID_STATE", "年度报告没有已提交的数据，请重新提交审批");
  const built = assembleReport(state.snapshot.data, state, readStoredAdjustments(adjustmentsJson));
  const title = reportTitle(organisationName, year);
  const [docx, pdf] = await Promise.all([renderReportDocx(built.document), renderReportPdf(built.document)]);
  return { built, title, bodyHtml: renderReportHtml(built.document), files: { baseName: title, docx, pdf } as ReportFiles };
}

/**
 * What would stop the report going to WeChat (e.g. a title over 32 characters), as the zh-CN
 * reason. A body over the 20,000-character limit (table 三 alone has over 200 styled cells) does
 * not: the WeChat channel then publishes a condensed edition pointing to 阅读原文.
 */
export function weChatProblem(input: { title: string; summary: string; bodyHtml: string; departmentName: string; attachmentNames: string[] }): string | null {
  const warnings = checkWeChatLimits({
    title: input.title,
    summary: input.summary,
    bodyHtml: input.bodyHtml,
    departmentName: input.departmentName,
    portalUrl: "http://localhost/items/x",
    indexNo: "",
    documentNumber: null,
    generatedDate: "",
    attachments: input.attachmentNames.map((name) => ({ name })),
    category: "",
  } as unknown as Parameters<typeof checkWeChatLimits>[0]);
  const blocking = warnings.filter((w) => w.blocking);
  return blocking.length ? blocking.map((w) => w.message).join("；") : null;
}

interface PreparedAttachment {
  name: string;
  mime: string;
  kind: string;
  size: number;
  sha256: string;
  originalSha256: string;
  metadataStripped: boolean;
  textContent: string;
}

/** Stored like an uploaded attachment: type checked by content, metadata stripped, text extracted. */
async function prepareAttachment(storage: BlobStorage, name: string, data: Buffer, title: string): Promise<PreparedAttachment> {
  const inspected = await inspectAttachment(data, name);
  if (!inspected.ok) throw new AppError("INTERNAL", `年度报告附件生成失败：${inspected.message}`);
  const stripped = await stripMetadata(data, inspected.type, { title });
  let text = "";
  try {
    text = (await extractText(stripped.buffer)).text;
  } catch {
    // Text extraction only feeds the scan and search; the file itself is fine.
  }
  const original = await storage.put(data);
  const published = await storage.put(stripped.buffer);
  return {
    name,
    mime: inspected.mime,
    kind: inspected.type,
    size: stripped.buffer.length,
    sha256: published.key,
    originalSha256: original.key,
    metadataStripped: stripped.metadataStripped,
    textContent: text.slice(0, 500_000),
  };
}

export interface PublishOptions {
  /** Channels to deliver to (DISTRICT, WECHAT, BOARD); WECHAT is refused when the body does not fit. */
  channels: readonly string[];
}

export async function publishAnnualReport(db: Db, storage: BlobStorage, actor: ReportActor, year: number, options: PublishOptions) {
  const now = actor.now ?? new Date();
  const channels: Channel[] = normaliseChannels(options.channels);
  const org = await getOrganisation(db);
  const row0 = await db.annualReport.findUnique({ where: { year } });
  if (!row0) throw new AppError("NOT_FOUND", `${year}年度报告尚未生成`);
  const state0 = readReportState(row0.sections);
  const d0 = decideReport({ status: reportStatusOf(row0.status), submittedById: state0.trail.submittedById }, "publish", actor.user);
  if (!d0.allowed) throw new AppError("INVALID_STATE", d0.reason);

  const rendered = await renderApprovedReport(org.name, year, state0, row0.adjustments);
  if (rendered.built.problems.length > 0) {
    throw new AppError("INVALID_STATE", `数据校验未通过，不得发布：${rendered.built.problems.slice(0, 3).join("；")}`);
  }
  const office =
    (await db.department.findFirst({ where: { isDisclosureOffice: true, active: true }, orderBy: { sortOrder: "asc" } })) ??
    (await db.department.findFirst({ where: { active: true }, orderBy: { sortOrder: "asc" } }));
  if (!office) throw new AppError("INVALID_STATE", "尚未设置党政办公室（信息公开工作机构），无法发布年度报告");
  const summary = reportSummary(org.name, year);
  const names = [`${rendered.title}.docx`, `${rendered.title}.pdf`];
  if (channels.includes("WECHAT")) {
    const problem = weChatProblem({ title: rendered.title, summary, bodyHtml: rendered.bodyHtml, departmentName: office.name, attachmentNames: names });
    if (problem) throw new AppError("INVALID_INPUT", `不能推送到微信公众号：${problem}。请取消勾选“微信公众号”后发布`, { fields: { channels: problem } });
  }

  const attachments = [
    await prepareAttachment(storage, names[0], rendered.files.docx, rendered.title),
    await prepareAttachment(storage, names[1], rendered.files.pdf, rendered.title),
  ];
  const findings = scanItem(
    { title: rendered.title, bodyHtml: `<p>${summary}</p>${rendered.bodyHtml}`, attachments: attachments.map((a) => ({ name: a.name, text: a.textContent })) },
    await loadScanOptions(db),
  );
  if (findings.length > 0) {
    const list = findings.slice(0, 5).map((f) => `${f.location}${FINDING_KIND_LABELS[f.kind]}：${f.context}`);
    throw new AppError("INVALID_STATE", `保密审查发现${findings.length}处疑似涉密或敏感内容，不得发布：${list.join("；")}`);
  }

  let deliveryIds: string[] = [];
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AnnualReport" WHERE year = ${year} FOR UPDATE`;
    const row = await tx.annualReport.findUniqueOrThrow({ where: { year } });
    const state = readReportState(row.sections);
    const status = reportStatusOf(row.status);
    const d = decideReport({ status, submittedById: state.trail.submittedById }, "publish", actor.user);
    if (!d.allowed) throw new AppError("INVALID_STATE", d.reason);
    // What was rendered above must still be what was approved (nobody reopened it meanwhile).
    if (state.snapshot?.frozenAt !== state0.snapshot?.frozenAt || JSON.stringify(row.adjustments) !== JSON.stringify(row0.adjustments)) {
      throw new AppError("CONFLICT", "年度报告已被他人修改，请刷新后重试");
    }
    const category = await tx.category.findFirst({ where: { organisationId: org.id, code: ANNUAL_REPORT_CATEGORY_CODE } });
    if (!category) throw new AppError("INVALID_STATE", "公开目录中没有“政府信息公开年报”栏目（编码 nb），无法发布");

    const approvedAt = state.trail.approvedAt ? new Date(state.trail.approvedAt) : now;
    const submittedAt = state.trail.submittedAt ? new Date(state.trail.submittedAt) : now;
    // 成文日期 of the report: the day 分管领导 approved it.
    const generatedOn = toChinaDate(approvedAt);
    const preparerId = state.trail.submittedById ?? actor.user.id;
    const approverId = state.trail.approvedById ?? actor.user.id;
    const existing = row.itemId ? await tx.item.findUnique({ where: { id: row.itemId } }) : null;
    const versionData = {
      title: rendered.title,
      summary,
      bodyHtml: rendered.bodyHtml,
      topic: REPORT_TOPIC,
      generatedDate: isoToDbDate(generatedOn),
      createdById: preparerId,
      publishedAt: now,
      attachments: { create: attachments.map((a, i) => ({ ...a, sortOrder: i })) },
    };
    const approval = {
      submittedById: preparerId,
      submittedAt,
      signedOffById: approverId,
      signedOffAt: approvedAt,
      approvedById: approverId,
      approvedAt,
      lastPublishedAt: now,
      scheduledAt: null,
      returnedComment: null,
    };
    const note = `年度报告：${state.trail.submittedByName ?? ""}编制，${state.trail.approvedByName ?? ""}审批，${actor.user.displayName}发布`;

    let itemId: string;
    let versionId: string;
    let versionNo: number;
    let revision = false;
    if (existing && existing.state === "PUBLISHED" && existing.workingVersionNo === existing.publishedVersionNo) {
      revision = true;
      versionNo = existing.workingVersionNo + 1;
      const changeNote = state.trail.changeNote ?? "更正年度报告";
      const v = await tx.itemVersion.create({ data: { itemId: existing.id, number: versionNo, changeNote, ...versionData } });
      const updated = await tx.item.update({
        where: { id: existing.id },
        data: { ...approval, channels, workingVersionNo: versionNo, publishedVersionNo: versionNo, state: "PUBLISHED" },
      });
      // The portal's lists and search read PublicItem, kept in step in the publishing transaction.
      await syncPublicItem(tx, updated);
      itemId = existing.id;
      versionId = v.id;
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip,
        action: "item.revise",
        entityType: "Item",
        entityId: itemId,
        detail: { versionNo, changeNote, annualReportYear: year },
      });
    } else {
      if (existing && existing.state !== "WITHDRAWN") {
        throw new AppError("INVALID_STATE", "该年度报告对应的信息正在“信息管理”中修订，请先在信息管理中处理完毕");
      }
      const index = await allocateIndexNo(tx, org, Number(generatedOn.slice(0, 4)));
      versionNo = 1;
      const item = await tx.item.create({
        data: {
          organisationId: org.id,
          departmentId: office.id,
          categoryId: category.id,
          state: "PUBLISHED",
          ...index,
          generatedDate: isoToDbDate(generatedOn),
          workingVersionNo: 1,
          publishedVersionNo: 1,
          createdById: preparerId,
          firstPublishedAt: now,
          channels,
          ...approval,
          versions: { create: { number: 1, ...versionData } },
        },
        include: { versions: true },
      });
      await syncPublicItem(tx, item);
      itemId = item.id;
      versionId = item.versions[0].id;
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip,
        action: "item.create",
        entityType: "Item",
        entityId: itemId,
        after: { title: rendered.title, categoryId: category.id, departmentId: office.id, channels, indexNo: item.indexNo, annualReportYear: year },
        detail: { comment: note },
      });
    }
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.publish",
      entityType: "Item",
      entityId: itemId,
      detail: { versionNo, channels, annualReportYear: year, comment: note },
    });
    deliveryIds = await createDeliveries(tx, { itemId, versionId, action: "UPSERT", channels });

    const trail = { ...state.trail, publishedByName: actor.user.displayName, publishedAt: now.toISOString() };
    await tx.annualReport.update({
      where: { id: row.id },
      data: { status: d.next, itemId, sections: writeReportState({ ...state, trail }) },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "annual-report.publish",
      entityType: "AnnualReport",
      entityId: row.id,
      before: { status },
      after: { status: d.next, itemId, versionNo },
      detail: { channels, revision, attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256 })) },
    });
    return { itemId, versionNo, revision };
  });
  if (deliveryIds.length) await enqueueDeliveries(deliveryIds, { db });
  return result;
}
