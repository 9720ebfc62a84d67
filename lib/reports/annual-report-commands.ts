// Changes to an annual report: generate, edit the text, adjust figures, and the review path
// (submit → approve → publish, see lib/annual-report/workflow.ts for the two-person rule). Each
// change is one transaction that locks the report row and writes its audit entry.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Prisma } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import type { SessionUser } from "../auth/roles";
import {
  SECTION_KEYS,
  SECTION_LABELS,
  checkSectionText,
  decideReport,
  describeAdjustmentTarget,
  parseAdjustmentTarget,
  readStoredAdjustments,
  reportPlainText,
  type ReportAction,
  type SectionKey,
  type StoredAdjustment,
} from "../annual-report";
import { FINDING_KIND_LABELS, scanText } from "../scan/scan-text";
import { loadScanOptions } from "../scan/scan-options";
import { assembleReport } from "./build-annual-report";
import { loadAnnualData } from "./load-annual-data";
import { EMPTY_TRAIL, readReportState, reportStatusOf, writeReportState, type ReportState } from "./report-state";

type Tx = Prisma.TransactionClient;

export interface ReportActor {
  user: Pick<SessionUser, "id" | "displayName" | "roles">;
  ip?: string;
  /** Injected clock (tests). */
  now?: Date;
}

const nowOf = (a: ReportActor) => a.now ?? new Date();

/** The national deadline is 31 January; a report for a year not yet begun makes no sense. */
export function checkReportYear(year: number, now: Date = new Date()): void {
  const current = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
  if (!Number.isInteger(year) || year < 2008 || year > current) {
    throw new AppError("INVALID_INPUT", `年度应为2008年至${current}年之间的年份`, { fields: { year: "年度无效" } });
  }
}

async function lockReport(tx: Tx, year: number) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "AnnualReport" WHERE year = ${year} FOR UPDATE`;
  if (rows.length === 0) throw new AppError("NOT_FOUND", `${year}年度报告尚未生成`);
  const row = await tx.annualReport.findUniqueOrThrow({ where: { year } });
  return { row, state: readReportState(row.sections), status: reportStatusOf(row.status) };
}

function assertAction(action: ReportAction, status: ReturnType<typeof reportStatusOf>, state: ReportState, actor: ReportActor) {
  const d = decideReport({ status, submittedById: state.trail.submittedById }, action, actor.user);
  if (!d.allowed) throw new AppError(action === "approve" || action === "return" ? "FORBIDDEN" : "INVALID_STATE", d.reason);
  return d.next;
}

async function audit(tx: Tx, actor: ReportActor, action: string, reportId: string, entry: { before?: unknown; after?: unknown; detail?: unknown }) {
  await writeAudit(tx, {
    actorId: actor.user.id,
    actorName: actor.user.displayName,
    ip: actor.ip,
    action: `annual-report.${action}`,
    entityType: "AnnualReport",
    entityId: reportId,
    ...entry,
  });
}

/** 生成: starts the year's report (idempotent: an existing report is returned as it is). */
export async function createAnnualReport(db: Db, actor: ReportActor, year: number) {
  checkReportYear(year, nowOf(actor));
  const d = decideReport({ status: "DRAFT", submittedById: null }, "edit", actor.user);
  if (!d.allowed) throw new AppError("FORBIDDEN", d.reason);
  return db.$transaction(async (tx) => {
    const existing = await tx.annualReport.findUnique({ where: { year } });
    if (existing) return existing;
    const state: ReportState = { texts: {}, trail: EMPTY_TRAIL, snapshot: null };
    const row = await tx.annualReport.create({ data: { year, sections: writeReportState(state), adjustments: [], status: "DRAFT" } });
    await audit(tx, actor, "create", row.id, { after: { year } });
    return row;
  });
}

const sectionKey = z.enum(SECTION_KEYS, { message: "未知的报告部分" });

/** Saves the office's wording of one section (it then no longer follows the suggested draft). */
export async function saveReportSection(db: Db, actor: ReportActor, year: number, key: string, text: string) {
  const k = parseInput(sectionKey, key) as SectionKey;
  const problem = checkSectionText(k, text);
  if (problem) throw new AppError("INVALID_INPUT", problem, { fields: { text: problem } });
  const clean = text.replace(/\r\n?/g, "\n").trim();
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    assertAction("edit", status, state, actor);
    const before = state.texts[k] ?? null;
    if (before === clean) return;
    state.texts[k] = clean;
    await tx.annualReport.update({ where: { id: row.id }, data: { sections: writeReportState(state) } });
    await audit(tx, actor, "section-edit", row.id, { before: { [k]: before }, after: { [k]: clean }, detail: { section: SECTION_LABELS[k] } });
  });
}

/** 恢复建议稿: the section follows the suggested draft again. */
export async function resetReportSection(db: Db, actor: ReportActor, year: number, key: string) {
  const k = parseInput(sectionKey, key) as SectionKey;
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    assertAction("edit", status, state, actor);
    const before = state.texts[k] ?? null;
    if (before === null) return;
    delete state.texts[k];
    await tx.annualReport.update({ where: { id: row.id }, data: { sections: writeReportState(state) } });
    await audit(tx, actor, "section-reset", row.id, { before: { [k]: before }, detail: { section: SECTION_LABELS[k] } });
  });
}

export const adjustmentInputSchema = z.object({
  target: z.string().refine((v) => parseAdjustmentTarget(v) !== null, "请选择要调整的数据项"),
  mode: z.enum(["set", "add"], { message: "请选择调整方式" }).default("set"),
  value: z.coerce.number({ message: "请填写数值" }).refine(Number.isFinite, "请填写数值"),
  reason: z.string().trim().min(4, "请填写调整理由（不少于4个字）").max(500, "调整理由不能超过500个字"),
});

/** 人工调整: corrects one figure, with a reason; every check runs again on the adjusted tables. */
export async function addReportAdjustment(db: Db, actor: ReportActor, year: number, raw: unknown) {
  const input = parseInput(adjustmentInputSchema, raw);
  const target = parseAdjustmentTarget(input.target)!;
  const adj = {
    ...target,
    value: input.value,
    mode: input.mode,
    reason: input.reason,
    id: randomUUID(),
    by: actor.user.displayName,
    at: nowOf(actor).toISOString(),
  } as StoredAdjustment;
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    assertAction("edit", status, state, actor);
    const list = [...readStoredAdjustments(row.adjustments), adj];
    await tx.annualReport.update({ where: { id: row.id }, data: { adjustments: JSON.parse(JSON.stringify(list)) } });
    await audit(tx, actor, "adjustment-add", row.id, {
      after: adj,
      detail: { target: describeAdjustmentTarget(adj), reason: adj.reason },
    });
  });
  return adj;
}

export async function removeReportAdjustment(db: Db, actor: ReportActor, year: number, adjustmentId: string, reason: string) {
  const why = reason.trim();
  if (why.length < 4) throw new AppError("INVALID_INPUT", "请填写撤销理由（不少于4个字）", { fields: { reason: "请填写撤销理由" } });
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    assertAction("edit", status, state, actor);
    const list = readStoredAdjustments(row.adjustments);
    const gone = list.find((a) => a.id === adjustmentId);
    if (!gone) throw new AppError("NOT_FOUND", "该项人工调整不存在");
    const rest = list.filter((a) => a.id !== adjustmentId);
    await tx.annualReport.update({ where: { id: row.id }, data: { adjustments: JSON.parse(JSON.stringify(rest)) } });
    await audit(tx, actor, "adjustment-remove", row.id, { before: gone, detail: { target: describeAdjustmentTarget(gone), reason: why.slice(0, 500) } });
  });
}

/** Confidentiality findings in the report's text (the same scan items get before approval). */
export async function scanReportText(db: Pick<Db, "sensitiveWord" | "organisation">, text: string) {
  return scanText(text, await loadScanOptions(db));
}

/**
 * 提交审批: freezes the year's data as it stands, so what 分管领导 approves is exactly what is
 * published. Refused while a check fails or the text has confidentiality findings.
 */
export async function submitAnnualReport(db: Db, actor: ReportActor, year: number) {
  const now = nowOf(actor);
  const data = await loadAnnualData(db, year, { now });
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    const next = assertAction("submit", status, state, actor);
    const built = assembleReport(data, state, readStoredAdjustments(row.adjustments));
    if (built.problems.length > 0) {
      throw new AppError("INVALID_STATE", `数据校验未通过，不能提交审批：${built.problems.slice(0, 3).join("；")}`);
    }
    const findings = await scanReportText(tx, reportPlainText(built.document));
    if (findings.length > 0) {
      const list = findings.slice(0, 5).map((f) => `${FINDING_KIND_LABELS[f.kind]}：${f.context}`);
      throw new AppError("INVALID_STATE", `报告文字中有${findings.length}处疑似涉密或敏感内容，请修改后再提交：${list.join("；")}`);
    }
    const trail = {
      ...state.trail,
      submittedById: actor.user.id,
      submittedByName: actor.user.displayName,
      submittedAt: now.toISOString(),
      approvedById: null,
      approvedByName: null,
      approvedAt: null,
      returnedComment: null,
    };
    const frozen: ReportState = { ...state, trail, snapshot: { frozenAt: now.toISOString(), data } };
    await tx.annualReport.update({ where: { id: row.id }, data: { status: next, sections: writeReportState(frozen) } });
    await audit(tx, actor, "submit", row.id, {
      before: { status },
      after: { status: next },
      detail: { frozenAt: now.toISOString(), proactiveItems: data.proactiveItems.length, applications: data.applications.length },
    });
  });
}

/** 退回修改 (分管领导): back to drafting with comments; the frozen data is let go. */
export async function returnAnnualReport(db: Db, actor: ReportActor, year: number, comment: string) {
  const text = comment.trim();
  if (text.length < 2) throw new AppError("INVALID_INPUT", "请填写退回意见", { fields: { comment: "请填写退回意见" } });
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    const next = assertAction("return", status, state, actor);
    const trail = { ...state.trail, returnedByName: actor.user.displayName, returnedAt: nowOf(actor).toISOString(), returnedComment: text.slice(0, 1000) };
    await tx.annualReport.update({ where: { id: row.id }, data: { status: next, sections: writeReportState({ ...state, trail, snapshot: null }) } });
    await audit(tx, actor, "return", row.id, { before: { status }, after: { status: next }, detail: { comment: text.slice(0, 1000) } });
  });
}

/** 审批通过 (分管领导, not the person who submitted it). */
export async function approveAnnualReport(db: Db, actor: ReportActor, year: number) {
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    const next = assertAction("approve", status, state, actor);
    const trail = { ...state.trail, approvedById: actor.user.id, approvedByName: actor.user.displayName, approvedAt: nowOf(actor).toISOString() };
    await tx.annualReport.update({ where: { id: row.id }, data: { status: next, sections: writeReportState({ ...state, trail }) } });
    await audit(tx, actor, "approve", row.id, { before: { status }, after: { status: next }, detail: { submittedBy: state.trail.submittedByName } });
  });
}

/** 撤回重新编制 (党政办): takes a submitted or approved report back to drafting; it must be approved again. */
export async function reopenAnnualReport(db: Db, actor: ReportActor, year: number, reason: string) {
  const text = reason.trim();
  if (text.length < 4) throw new AppError("INVALID_INPUT", "请填写撤回原因（不少于4个字）", { fields: { reason: "请填写撤回原因" } });
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    const next = assertAction("reopen", status, state, actor);
    const trail = { ...state.trail, approvedById: null, approvedByName: null, approvedAt: null };
    await tx.annualReport.update({ where: { id: row.id }, data: { status: next, sections: writeReportState({ ...state, trail, snapshot: null }) } });
    await audit(tx, actor, "reopen", row.id, { before: { status }, after: { status: next }, detail: { reason: text.slice(0, 500) } });
  });
}

/** 修订: a published report goes back to drafting (the published item stays on the portal). */
export async function reviseAnnualReport(db: Db, actor: ReportActor, year: number, changeNote: string) {
  const note = changeNote.trim();
  if (note.length < 4) throw new AppError("INVALID_INPUT", "请填写修订说明（不少于4个字）", { fields: { changeNote: "请填写修订说明" } });
  await db.$transaction(async (tx) => {
    const { row, state, status } = await lockReport(tx, year);
    const next = assertAction("revise", status, state, actor);
    const trail = { ...EMPTY_TRAIL, changeNote: note.slice(0, 500) };
    await tx.annualReport.update({ where: { id: row.id }, data: { status: next, sections: writeReportState({ ...state, trail, snapshot: null }) } });
    await audit(tx, actor, "revise", row.id, { before: { status }, after: { status: next }, detail: { changeNote: note.slice(0, 500) } });
  });
}
