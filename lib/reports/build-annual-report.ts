// One year's report as the console shows it and as it is exported or published: the data
// (frozen from submission on, live while it is being drafted), the tables with their checks,
// the suggested drafts, the office's text merged in, and the document model.

import { toChinaDate } from "../calendar/dates";
import type { Db } from "../db/client";
import {
  REPORT_STATUS_LABELS,
  buildReportDocument,
  computeAnnualTables,
  describeProblems,
  draftSections,
  mergeTexts,
  readStoredAdjustments,
  type AnnualReportData,
  type AnnualTables,
  type ReportDocument,
  type ReportDrafts,
  type ReportStatus,
  type StoredAdjustment,
} from "../annual-report";
import { loadAnnualData, loadYearFigures, type LoadOptions } from "./load-annual-data";
import { readReportState, reportStatusOf, type ReportState } from "./report-state";

export interface BuiltAnnualReport {
  year: number;
  exists: boolean;
  id: string | null;
  status: ReportStatus;
  statusLabel: string;
  state: ReportState;
  /** True when the report is rendered from the data frozen at submission. */
  frozen: boolean;
  data: AnnualReportData;
  adjustments: StoredAdjustment[];
  tables: AnnualTables;
  /** Failed checks and data errors, for the banner above the tables (empty = may be published). */
  problems: string[];
  suggested: ReportDrafts;
  drafts: ReportDrafts;
  document: ReportDocument;
  itemId: string | null;
  /** Live data only: whether the table-二 figures for the year have been entered. */
  figuresEntered: boolean;
}

/** Builds the report from given data, text and adjustments (pure; used for snapshots too). */
export function assembleReport(data: AnnualReportData, state: ReportState, adjustments: StoredAdjustment[]) {
  const input: AnnualReportData = { ...data, adjustments };
  const tables: AnnualTables = computeAnnualTables(input);
  const suggested = draftSections(input, tables);
  const drafts = mergeTexts(suggested, state.texts);
  // The 落款 is dated with the approval (the day the report is signed off), blank before it.
  const signedOn = state.trail.approvedAt ? toChinaDate(new Date(state.trail.approvedAt)) : null;
  const { document } = buildReportDocument(input, { tables, drafts, signedOn });
  return { input, tables, suggested, drafts, document, problems: describeProblems(tables) };
}

export async function buildAnnualReport(db: Db, year: number, options: LoadOptions = {}): Promise<BuiltAnnualReport> {
  const row = await db.annualReport.findUnique({ where: { year } });
  const state = readReportState(row?.sections);
  const status = reportStatusOf(row?.status ?? "DRAFT");
  const frozen = state.snapshot !== null && status !== "DRAFT";
  const data = frozen ? state.snapshot!.data : await loadAnnualData(db, year, options);
  const adjustments = readStoredAdjustments(row?.adjustments);
  const built = assembleReport(data, state, adjustments);
  const figuresEntered = frozen ? true : (await loadYearFigures(db, year)).entered;
  return {
    year,
    exists: row !== null,
    id: row?.id ?? null,
    status,
    statusLabel: REPORT_STATUS_LABELS[status],
    state,
    frozen,
    data: built.input,
    adjustments,
    tables: built.tables,
    problems: built.problems,
    suggested: built.suggested,
    drafts: built.drafts,
    document: built.document,
    itemId: row?.itemId ?? null,
    figuresEntered,
  };
}

export function reportTitle(organisationName: string, year: number): string {
  return `${organisationName}${year}年政府信息公开工作年度报告`;
}
