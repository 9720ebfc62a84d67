// Pure mapping of database values onto the annual report's input records (lib/annual-report).
// Unknown values are passed through unchanged, so the table computation reports them as data
// errors instead of this layer guessing a row for them.

import type { ApplicantTypeCode, OutcomeCode } from "../applications/outcomes";
import type { CaseKind, CaseResult } from "../annual-report/tables";

/**
 * The schema comment once named the last applicant type OTHER_ORG while the form stores the
 * national code OTHER_ORGANISATION; both mean 法人或其他组织—其他.
 */
export function mapApplicantType(value: string): ApplicantTypeCode {
  return (value === "OTHER_ORG" ? "OTHER_ORGANISATION" : value) as ApplicantTypeCode;
}

export function mapOutcome(value: string | null): OutcomeCode | null {
  return (value || null) as OutcomeCode | null;
}

export const CASE_KIND_VALUES = ["RECONSIDERATION", "LITIGATION_DIRECT", "LITIGATION_AFTER_RECONSIDERATION"] as const;
export type CaseKindValue = (typeof CASE_KIND_VALUES)[number];

export const CASE_RESULT_VALUES = ["UPHELD", "CORRECTED", "OTHER", "PENDING"] as const;
export type CaseResultValue = (typeof CASE_RESULT_VALUES)[number];

export const CASE_KIND_LABELS: Record<CaseKindValue, string> = {
  RECONSIDERATION: "行政复议",
  LITIGATION_DIRECT: "行政诉讼（未经复议直接起诉）",
  LITIGATION_AFTER_RECONSIDERATION: "行政诉讼（复议后起诉）",
};

export const CASE_RESULT_LABELS_ZH: Record<CaseResultValue, string> = {
  UPHELD: "维持",
  CORRECTED: "纠正",
  OTHER: "其他结果",
  PENDING: "尚未审结",
};

const KIND: Record<CaseKindValue, CaseKind> = {
  RECONSIDERATION: "复议",
  LITIGATION_DIRECT: "未经复议直接起诉",
  LITIGATION_AFTER_RECONSIDERATION: "复议后起诉",
};

const RESULT: Record<CaseResultValue, CaseResult> = {
  UPHELD: "维持",
  CORRECTED: "纠正",
  OTHER: "其他",
  PENDING: "尚未审结",
};

export function mapCaseKind(value: string): CaseKind {
  return (KIND[value as CaseKindValue] ?? value) as CaseKind;
}

export function mapCaseResult(value: string): CaseResult {
  return (RESULT[value as CaseResultValue] ?? value) as CaseResult;
}

export const REPORT_ROWS = ["RULE", "NORMATIVE"] as const;
export type ReportRow = (typeof REPORT_ROWS)[number];

export const REPORT_ROW_LABELS: Record<ReportRow, string> = {
  RULE: "规章",
  NORMATIVE: "行政规范性文件",
};

/**
 * The table-二 row of a category: its own mapping, else its nearest ancestor's. An empty string
 * means "deliberately not counted" and stops the search (an administrator's choice).
 */
export function effectiveReportRow(
  categoryId: string,
  categories: ReadonlyMap<string, { parentId: string | null; reportRow: string | null }>,
): ReportRow | null {
  const seen = new Set<string>();
  let id: string | null = categoryId;
  while (id && !seen.has(id)) {
    seen.add(id);
    const c = categories.get(id);
    if (!c) return null;
    if (c.reportRow !== null) return (REPORT_ROWS as readonly string[]).includes(c.reportRow) ? (c.reportRow as ReportRow) : null;
    id = c.parentId;
  }
  return null;
}

/** How the report refers to the office: "四宝山街道办事处" → "办事处". */
export function shortNameOf(organisationName: string): string {
  if (organisationName.endsWith("办事处")) return "办事处";
  return "本机关";
}
