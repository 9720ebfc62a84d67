// The 问题与改进 register and the annual report's other narrative records (ReportRecord), and the
// 单位信息 setting on how the disclosure work is organised. The annual report writes a sentence only
// from these, the other settings and the statistics (lib/annual-report/from-records.ts).

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { getSetting, putSetting } from "../settings/settings";
import {
  NARRATIVE_KINDS,
  WORK_SECTIONS,
  type DisclosureOrganisation,
  type NarrativeRecord,
} from "../annual-report/from-records";
import { emptyToUndefined, type RecordActor } from "./record-input";

export const reportRecordSchema = z
  .object({
    year: z.coerce.number({ message: "请填写年度" }).int("年度应为整数").min(2000, "年度不正确").max(2100, "年度不正确"),
    kind: z.enum(NARRATIVE_KINDS, { message: "请选择记录类别" }),
    section: z.preprocess(emptyToUndefined, z.enum(WORK_SECTIONS, { message: "请选择工作方面" }).optional()),
    title: z
      .string({ message: "请填写要点" })
      .trim()
      .min(2, "请填写要点（不少于2个字）")
      .max(60, "要点不能超过60个字")
      .refine((t) => !/[。！？]$/.test(t), "要点末尾不要加句号"),
    body: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().trim().max(2000, "内容不能超过2000个字")),
    sourceType: z.preprocess(emptyToUndefined, z.enum(["INSPECTION", "RECTIFICATION", "SCORECARD"]).optional()),
    sourceId: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "WORK" && !v.section) ctx.addIssue({ code: "custom", path: ["section"], message: "工作开展情况须选择所属方面" });
    if (v.kind !== "WORK" && v.section) ctx.addIssue({ code: "custom", path: ["section"], message: "只有工作开展情况需要选择所属方面" });
    if (v.body && !/[。！？”]$/.test(v.body)) ctx.addIssue({ code: "custom", path: ["body"], message: "内容应以句号结尾" });
    if (v.kind === "SUMMARY" && !v.body) ctx.addIssue({ code: "custom", path: ["body"], message: "请填写年度工作概述" });
  });

export async function createReportRecord(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(reportRecordSchema, raw);
  return db.$transaction(async (tx) => {
    if (input.kind === "SUMMARY" && (await tx.reportRecord.count({ where: { year: input.year, kind: "SUMMARY" } })) > 0) {
      throw new AppError("INVALID_INPUT", `${input.year}年已有年度工作概述，请先删除原记录`);
    }
    const last = await tx.reportRecord.aggregate({ where: { year: input.year, kind: input.kind }, _max: { sortOrder: true } });
    const row = await tx.reportRecord.create({
      data: {
        year: input.year,
        kind: input.kind,
        section: input.section ?? null,
        title: input.title,
        body: input.body,
        sourceType: input.sourceType ?? null,
        sourceId: input.sourceId ?? null,
        sortOrder: (last._max.sortOrder ?? 0) + 1,
        createdById: actor.user.id,
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "report-record.create",
      entityType: "ReportRecord",
      entityId: row.id,
      after: input,
    });
    return row;
  });
}

export async function deleteReportRecord(db: Db, actor: RecordActor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.reportRecord.findUnique({ where: { id } });
    if (!row) throw new AppError("NOT_FOUND", "该记录不存在或已删除");
    await tx.reportRecord.delete({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "report-record.delete",
      entityType: "ReportRecord",
      entityId: id,
      before: { year: row.year, kind: row.kind, section: row.section, title: row.title, body: row.body },
    });
  });
}

export async function listReportRecords(db: Db, year: number) {
  return db.reportRecord.findMany({ where: { year }, orderBy: [{ kind: "asc" }, { sortOrder: "asc" }, { createdAt: "asc" }] });
}

/** The year's records as the annual report reads them. */
export async function loadReportRecords(db: Db, year: number): Promise<NarrativeRecord[]> {
  const rows = await db.reportRecord.findMany({ where: { year }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    kind: r.kind as NarrativeRecord["kind"],
    section: (r.section as NarrativeRecord["section"]) ?? null,
    title: r.title,
    body: r.body,
  }));
}

// ───────────────────────── 单位信息: organisation of the work ─────────────────────────

export const disclosureOrganisationSchema = z.object({
  leader: z.string().trim().max(40, "分管负责人不能超过40个字"),
  office: z.string().trim().max(40, "工作机构不能超过40个字"),
  staffCount: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "工作人员人数应为数字" }).int("工作人员人数应为整数").min(0, "人数不能为负").max(500, "人数过大").optional(),
  ),
  partTime: z.preprocess((v) => v === "1" || v === "on" || v === true, z.boolean()),
});

export async function getDisclosureOrganisation(db: Pick<Db, "setting">): Promise<DisclosureOrganisation> {
  return getSetting(db, "disclosureOrganisation");
}

export async function saveDisclosureOrganisation(db: Db, actor: RecordActor, raw: unknown) {
  const input = parseInput(disclosureOrganisationSchema, raw);
  const value: DisclosureOrganisation = { leader: input.leader, office: input.office, staffCount: input.staffCount ?? null, partTime: input.partTime };
  await db.$transaction(async (tx) => {
    const before = await getSetting(tx, "disclosureOrganisation");
    await putSetting(tx, "disclosureOrganisation", value, actor.user.id);
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "organisation.disclosure-work",
      entityType: "Setting",
      entityId: "disclosureOrganisation",
      before,
      after: value,
    });
  });
  return value;
}

/**
 * Feeds the register from the supervision pages: a rectification found by an inspection becomes a
 * PROBLEM record of the inspection's year, once.
 */
export async function problemFromRectification(db: Db, actor: RecordActor, rectificationId: string) {
  const r = await db.rectification.findUnique({ where: { id: rectificationId }, include: { inspection: true } });
  if (!r) throw new AppError("NOT_FOUND", "该整改事项不存在");
  if (await db.reportRecord.count({ where: { sourceType: "RECTIFICATION", sourceId: r.id } })) {
    throw new AppError("INVALID_STATE", "该问题已列入问题与改进台账");
  }
  const text = r.description.trim().replace(/[。；;.]+$/, "");
  const date = r.inspection.date.toISOString().slice(0, 10);
  const [y, m, d] = date.split("-").map(Number);
  return createReportRecord(db, actor, {
    year: String(y),
    kind: "PROBLEM",
    title: Array.from(text).length > 60 ? `${Array.from(text).slice(0, 59).join("")}…` : text,
    body: `${y}年${m}月${d}日督察发现：${text}。`,
    sourceType: "RECTIFICATION",
    sourceId: r.id,
  });
}
