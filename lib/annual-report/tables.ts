// Pure computation of tables 二, 三 and 四 of the annual report (国办公开办函〔2021〕30号).
//
// Inputs are plain records (the database layer maps its rows onto them). Nothing here reads a
// clock, a file or the database, so the same input always yields the same tables.
//
// Counting rules (year Y, dates are local calendar days, see dates.ts):
//   Table 三
//     一 本年新收       received in Y.
//     二 上年结转       received before Y and not closed before Y (open on 1 January).
//     三 办理结果       closed in Y, counted in the row of its outcome. An application closed in Y
//                      without a (known) outcome is counted in no result row, so the column's
//                      勾稽 check fails — on purpose: the report must not balance on bad data.
//     （七）总计        sum of the result rows (never the count of closed applications).
//     四 结转下年度     received in or before Y and not closed by 31 December of Y.
//     An outcome without a closing date does not close an application (warning issued).
//   Table 四
//     A case belongs to the year in which it was filed (申请复议/起诉 date in Y). If it was
//     concluded by 31 December of Y it is counted under its result (维持/纠正/其他); otherwise
//     under 尚未审结 — also when the result is later known. 总计 = the four result columns.
//     Cases filed in earlier years and concluded in Y are not counted again in table 四 (they
//     were reported as 尚未审结 in their own year); they are returned separately as
//     `priorYearCasesConcluded` so section 六 can report how they ended.
//   Table 二
//     规章/行政规范性文件: 本年制发 = issued in Y; 本年废止 = repealed in Y; 现行有效 = issued
//     by 31 December of Y and not repealed by then. The other rows are figures entered by hand.
//
// Manual adjustments (the office may correct a figure) are applied to the computed cells, the
// derived cells (总计 column, （七）总计 row, table 四 总计) are recomputed from the adjusted
// cells unless an adjustment targets them directly, and then every check is run again.

import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_CODES,
  OUTCOMES,
  OUTCOME_CODES,
  isApplicantTypeCode,
  isOutcomeCode,
  type ApplicantTypeCode,
  type OutcomeCode,
} from "../applications/outcomes";
import { inYear, toDay, toDayOrNull, yearEnd, yearStart, type DateInput } from "./dates";

// ---------------------------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------------------------

export interface ApplicationRecord {
  id: string;
  applicantType: ApplicantTypeCode;
  /** 收到申请之日 (条例第三十一条). */
  receivedDate: DateInput;
  /** Day the reply was given (办结). */
  closedDate?: DateInput | null;
  outcome?: OutcomeCode | null;
  /** Statutory reply deadline including any extension; used for timeliness only. */
  dueDate?: DateInput | null;
}

export type CaseKind = "复议" | "未经复议直接起诉" | "复议后起诉";
export type CaseResult = "维持" | "纠正" | "其他" | "尚未审结";

export interface CaseRecord {
  id?: string;
  kind: CaseKind;
  /** Day the reconsideration was applied for / the suit was filed. */
  filedDate: DateInput;
  result: CaseResult;
  /** Day of the decision or judgment. */
  closedDate?: DateInput | null;
}

export interface CatalogueRecord {
  id?: string;
  /** Which row of table 二 the item counts in: 规章 or 行政规范性文件. */
  reportRow: "RULE" | "NORMATIVE";
  issuedDate: DateInput;
  repealedDate?: DateInput | null;
}

/** Figures of table 二 that are entered by hand for the year. */
export interface YearlyFigures {
  /** 行政许可 本年处理决定数量 */
  licensingDecisions: number;
  /** 行政处罚 本年处理决定数量 */
  penaltyDecisions: number;
  /** 行政强制 本年处理决定数量 */
  enforcementDecisions: number;
  /** 行政事业性收费 本年收费金额（万元） */
  administrativeFeesWan: number;
}

export type AdjustmentMode = "set" | "add";

export type Table2Field =
  | "RULE_ISSUED"
  | "RULE_REPEALED"
  | "RULE_IN_FORCE"
  | "NORMATIVE_ISSUED"
  | "NORMATIVE_REPEALED"
  | "NORMATIVE_IN_FORCE"
  | "LICENSING"
  | "PENALTY"
  | "ENFORCEMENT"
  | "ADMINISTRATIVE_FEES_WAN";

export type Table3RowKey = "NEW" | "CARRIED_IN" | OutcomeCode | "RESULT_TOTAL" | "CARRIED_OUT";
export type Table3ColumnKey = ApplicantTypeCode | "TOTAL";

export type CaseKindCode = "RECONSIDERATION" | "DIRECT_LITIGATION" | "LITIGATION_AFTER_RECONSIDERATION";
export type CaseResultKey = "UPHELD" | "CORRECTED" | "OTHER" | "PENDING" | "TOTAL";

interface AdjustmentBase {
  value: number;
  /** "set" (default) replaces the figure; "add" adds value (may be negative). */
  mode?: AdjustmentMode;
  /** Why the figure was corrected (kept with the report). */
  reason: string;
  by?: string;
}

export type Adjustment =
  | (AdjustmentBase & { table: "二"; field: Table2Field })
  | (AdjustmentBase & { table: "三"; row: Table3RowKey; column: Table3ColumnKey })
  | (AdjustmentBase & { table: "四"; kind: CaseKindCode; result: CaseResultKey });

export interface AnnualTablesInput {
  year: number;
  applications: readonly ApplicationRecord[];
  cases: readonly CaseRecord[];
  catalogue: readonly CatalogueRecord[];
  figures: YearlyFigures;
  adjustments?: readonly Adjustment[];
}

// ---------------------------------------------------------------------------------------------
// Output types
// ---------------------------------------------------------------------------------------------

export interface DocumentCounts {
  issued: number;
  repealed: number;
  inForce: number;
}

export interface Table2 {
  rules: DocumentCounts;
  normative: DocumentCounts;
  licensing: number;
  penalty: number;
  enforcement: number;
  administrativeFeesWan: number;
}

export type Table3Values = Record<Table3RowKey, Record<Table3ColumnKey, number>>;

export interface Table3Row {
  key: Table3RowKey;
  label: string;
  values: Record<Table3ColumnKey, number>;
}

export interface BalanceCheck {
  column: Table3ColumnKey;
  columnLabel: string;
  newCount: number;
  carriedIn: number;
  resultTotal: number;
  carriedOut: number;
  /** 一 + 二 */
  left: number;
  /** 三（七）总计 + 四 */
  right: number;
  ok: boolean;
  message: string;
}

export interface SumCheck {
  table: "三" | "四";
  /** What is summed, e.g. "TOTAL column of row NEW" or "（七）总计 of 自然人". */
  target: string;
  expected: number;
  actual: number;
  ok: boolean;
  message: string;
}

export interface Table3 {
  rows: Table3Row[];
  values: Table3Values;
  /** 勾稽 check per column (six applicant types and 总计). */
  balance: BalanceCheck[];
  /** 总计 column = sum of the six; （七）总计 = sum of the result rows. */
  sums: SumCheck[];
  ok: boolean;
}

export type Table4Values = Record<CaseKindCode, Record<CaseResultKey, number>>;

export interface Table4 {
  values: Table4Values;
  /** The 15 numeric cells in print order. */
  cells: { kind: CaseKindCode; result: CaseResultKey; value: number }[];
  /** 维持 + 纠正 + 其他 + 尚未审结 = 总计, per kind. */
  sums: SumCheck[];
  ok: boolean;
  /** Cases filed before Y and concluded in Y, by result (not part of table 四). */
  priorYearCasesConcluded: Record<CaseKindCode, { UPHELD: number; CORRECTED: number; OTHER: number }>;
}

export interface DataIssue {
  severity: "error" | "warning";
  code:
    | "CLOSED_WITHOUT_OUTCOME"
    | "UNKNOWN_OUTCOME"
    | "UNKNOWN_APPLICANT_TYPE"
    | "OUTCOME_WITHOUT_CLOSED_DATE"
    | "CLOSED_BEFORE_RECEIVED"
    | "UNKNOWN_CASE_KIND_OR_RESULT"
    | "CASE_RESULT_WITHOUT_CLOSED_DATE"
    | "CASE_CLOSED_WITHOUT_RESULT"
    | "CASE_CLOSED_BEFORE_FILED"
    | "REPEALED_BEFORE_ISSUED"
    | "INVALID_ADJUSTMENT";
  message: string;
  recordId?: string;
}

export interface AppliedAdjustment {
  adjustment: Adjustment;
  before: number;
  after: number;
}

export interface AnnualTables {
  year: number;
  table2: Table2;
  table3: Table3;
  table4: Table4;
  issues: DataIssue[];
  adjustments: AppliedAdjustment[];
  /** True when every check of tables 三 and 四 passes and no data error was found. */
  ok: boolean;
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

export const TABLE3_ROW_LABELS: Record<Table3RowKey, string> = {
  NEW: "一、本年新收政府信息公开申请数量",
  CARRIED_IN: "二、上年结转政府信息公开申请数量",
  ...(Object.fromEntries(OUTCOMES.map((o) => [o.code, o.label])) as Record<OutcomeCode, string>),
  RESULT_TOTAL: "（七）总计",
  CARRIED_OUT: "四、结转下年度继续办理",
};

export const TABLE3_RESULTS_HEADER = "三、本年度办理结果";

export const TABLE3_ROW_KEYS: readonly Table3RowKey[] = [
  "NEW",
  "CARRIED_IN",
  ...OUTCOME_CODES,
  "RESULT_TOTAL",
  "CARRIED_OUT",
];

export const TABLE3_COLUMN_KEYS: readonly Table3ColumnKey[] = [...APPLICANT_TYPE_CODES, "TOTAL"];

export const TABLE3_COLUMN_LABELS: Record<Table3ColumnKey, string> = {
  ...(Object.fromEntries(APPLICANT_TYPES.map((a) => [a.code, a.label])) as Record<ApplicantTypeCode, string>),
  TOTAL: "总计",
};

export const CASE_KINDS: readonly { code: CaseKindCode; input: CaseKind; label: string }[] = [
  { code: "RECONSIDERATION", input: "复议", label: "行政复议" },
  { code: "DIRECT_LITIGATION", input: "未经复议直接起诉", label: "未经复议直接起诉" },
  { code: "LITIGATION_AFTER_RECONSIDERATION", input: "复议后起诉", label: "复议后起诉" },
];

export const CASE_RESULT_KEYS: readonly CaseResultKey[] = ["UPHELD", "CORRECTED", "OTHER", "PENDING", "TOTAL"];

export const CASE_RESULT_LABELS: Record<CaseResultKey, string> = {
  UPHELD: "结果维持",
  CORRECTED: "结果纠正",
  OTHER: "其他结果",
  PENDING: "尚未审结",
  TOTAL: "总计",
};

const CASE_RESULT_BY_INPUT: Record<CaseResult, CaseResultKey> = {
  维持: "UPHELD",
  纠正: "CORRECTED",
  其他: "OTHER",
  尚未审结: "PENDING",
};

const CASE_KIND_BY_INPUT = new Map<string, CaseKindCode>(CASE_KINDS.map((k) => [k.input, k.code]));

export const TABLE2_FIELD_LABELS: Record<Table2Field, string> = {
  RULE_ISSUED: "规章 本年制发件数",
  RULE_REPEALED: "规章 本年废止件数",
  RULE_IN_FORCE: "规章 现行有效件数",
  NORMATIVE_ISSUED: "行政规范性文件 本年制发件数",
  NORMATIVE_REPEALED: "行政规范性文件 本年废止件数",
  NORMATIVE_IN_FORCE: "行政规范性文件 现行有效件数",
  LICENSING: "行政许可 本年处理决定数量",
  PENALTY: "行政处罚 本年处理决定数量",
  ENFORCEMENT: "行政强制 本年处理决定数量",
  ADMINISTRATIVE_FEES_WAN: "行政事业性收费 本年收费金额（万元）",
};

// ---------------------------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------------------------

export function computeCatalogueCounts(
  year: number,
  catalogue: readonly CatalogueRecord[],
  issues: DataIssue[] = [],
): { rules: DocumentCounts; normative: DocumentCounts } {
  const end = yearEnd(year);
  const rules: DocumentCounts = { issued: 0, repealed: 0, inForce: 0 };
  const normative: DocumentCounts = { issued: 0, repealed: 0, inForce: 0 };
  for (const item of catalogue) {
    const target = item.reportRow === "RULE" ? rules : normative;
    const issued = toDay(item.issuedDate);
    const repealed = toDayOrNull(item.repealedDate);
    if (repealed !== null && repealed < issued) {
      issues.push({
        severity: "error",
        code: "REPEALED_BEFORE_ISSUED",
        message: `文件${item.id ?? ""}的废止日期早于制发日期`,
        recordId: item.id,
      });
    }
    if (inYear(issued, year)) target.issued += 1;
    if (repealed !== null && inYear(repealed, year)) target.repealed += 1;
    if (issued <= end && (repealed === null || repealed > end)) target.inForce += 1;
  }
  return { rules, normative };
}

function table2FieldGetSet(t: Table2, field: Table2Field): [() => number, (v: number) => void] {
  switch (field) {
    case "RULE_ISSUED":
      return [() => t.rules.issued, (v) => (t.rules.issued = v)];
    case "RULE_REPEALED":
      return [() => t.rules.repealed, (v) => (t.rules.repealed = v)];
    case "RULE_IN_FORCE":
      return [() => t.rules.inForce, (v) => (t.rules.inForce = v)];
    case "NORMATIVE_ISSUED":
      return [() => t.normative.issued, (v) => (t.normative.issued = v)];
    case "NORMATIVE_REPEALED":
      return [() => t.normative.repealed, (v) => (t.normative.repealed = v)];
    case "NORMATIVE_IN_FORCE":
      return [() => t.normative.inForce, (v) => (t.normative.inForce = v)];
    case "LICENSING":
      return [() => t.licensing, (v) => (t.licensing = v)];
    case "PENALTY":
      return [() => t.penalty, (v) => (t.penalty = v)];
    case "ENFORCEMENT":
      return [() => t.enforcement, (v) => (t.enforcement = v)];
    case "ADMINISTRATIVE_FEES_WAN":
      return [() => t.administrativeFeesWan, (v) => (t.administrativeFeesWan = v)];
  }
}

// ---------------------------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------------------------

function emptyRow(): Record<Table3ColumnKey, number> {
  return Object.fromEntries(TABLE3_COLUMN_KEYS.map((c) => [c, 0])) as Record<Table3ColumnKey, number>;
}

function emptyTable3Values(): Table3Values {
  return Object.fromEntries(TABLE3_ROW_KEYS.map((r) => [r, emptyRow()])) as Table3Values;
}

/** Counts of table 三 straight from the records, before adjustments and derived cells. */
export function countApplications(
  year: number,
  applications: readonly ApplicationRecord[],
  issues: DataIssue[] = [],
): Table3Values {
  const start = yearStart(year);
  const end = yearEnd(year);
  const v = emptyTable3Values();

  for (const app of applications) {
    if (!isApplicantTypeCode(app.applicantType)) {
      issues.push({
        severity: "error",
        code: "UNKNOWN_APPLICANT_TYPE",
        message: `申请${app.id}的申请人类型“${String(app.applicantType)}”不在统计表所列类型之内，未计入任何栏目`,
        recordId: app.id,
      });
      continue;
    }
    const col = app.applicantType;
    const received = toDay(app.receivedDate);
    const closed = toDayOrNull(app.closedDate);
    const outcome = app.outcome ?? null;

    if (closed === null && outcome !== null && received <= end) {
      issues.push({
        severity: "warning",
        code: "OUTCOME_WITHOUT_CLOSED_DATE",
        message: `申请${app.id}已填写办理结果但没有办结日期，按未办结统计`,
        recordId: app.id,
      });
    }
    if (closed !== null && closed < received) {
      issues.push({
        severity: "error",
        code: "CLOSED_BEFORE_RECEIVED",
        message: `申请${app.id}的办结日期早于收到申请日期`,
        recordId: app.id,
      });
    }

    if (inYear(received, year)) v.NEW[col] += 1;
    if (received < start && (closed === null || closed >= start)) v.CARRIED_IN[col] += 1;
    if (received <= end && (closed === null || closed > end)) v.CARRIED_OUT[col] += 1;

    if (closed !== null && inYear(closed, year)) {
      if (outcome === null) {
        issues.push({
          severity: "error",
          code: "CLOSED_WITHOUT_OUTCOME",
          message: `申请${app.id}已于${closed}办结但没有办理结果，未计入本年度办理结果`,
          recordId: app.id,
        });
      } else if (!isOutcomeCode(outcome)) {
        issues.push({
          severity: "error",
          code: "UNKNOWN_OUTCOME",
          message: `申请${app.id}的办理结果“${String(outcome)}”不是统计表所列情形，未计入本年度办理结果`,
          recordId: app.id,
        });
      } else {
        v[outcome][col] += 1;
      }
    }
  }
  return v;
}

function fillResultTotalRow(v: Table3Values): void {
  for (const col of APPLICANT_TYPE_CODES) {
    v.RESULT_TOTAL[col] = OUTCOME_CODES.reduce((s, o) => s + v[o][col], 0);
  }
}

function fillTotalColumn(v: Table3Values): void {
  for (const row of TABLE3_ROW_KEYS) {
    v[row].TOTAL = APPLICANT_TYPE_CODES.reduce((s, c) => s + v[row][c], 0);
  }
}

function checkTable3(v: Table3Values): { balance: BalanceCheck[]; sums: SumCheck[] } {
  const balance: BalanceCheck[] = TABLE3_COLUMN_KEYS.map((column) => {
    const newCount = v.NEW[column];
    const carriedIn = v.CARRIED_IN[column];
    const resultTotal = v.RESULT_TOTAL[column];
    const carriedOut = v.CARRIED_OUT[column];
    const left = newCount + carriedIn;
    const right = resultTotal + carriedOut;
    const ok = left === right;
    const columnLabel = TABLE3_COLUMN_LABELS[column];
    return {
      column,
      columnLabel,
      newCount,
      carriedIn,
      resultTotal,
      carriedOut,
      left,
      right,
      ok,
      message: ok
        ? `“${columnLabel}”栏：${newCount}+${carriedIn}=${resultTotal}+${carriedOut}，勾稽关系成立`
        : `“${columnLabel}”栏勾稽关系不成立：本年新收${newCount}+上年结转${carriedIn}=${left}，` +
          `办理结果总计${resultTotal}+结转下年度${carriedOut}=${right}，相差${left - right}`,
    };
  });

  const sums: SumCheck[] = [];
  for (const row of TABLE3_ROW_KEYS) {
    const expected = APPLICANT_TYPE_CODES.reduce((s, c) => s + v[row][c], 0);
    const actual = v[row].TOTAL;
    const ok = expected === actual;
    sums.push({
      table: "三",
      target: `${row}|TOTAL`,
      expected,
      actual,
      ok,
      message: ok
        ? `“${TABLE3_ROW_LABELS[row]}”总计栏等于各类申请人之和`
        : `“${TABLE3_ROW_LABELS[row]}”总计栏为${actual}，各类申请人之和为${expected}`,
    });
  }
  for (const column of TABLE3_COLUMN_KEYS) {
    const expected = OUTCOME_CODES.reduce((s, o) => s + v[o][column], 0);
    const actual = v.RESULT_TOTAL[column];
    const ok = expected === actual;
    sums.push({
      table: "三",
      target: `RESULT_TOTAL|${column}`,
      expected,
      actual,
      ok,
      message: ok
        ? `“${TABLE3_COLUMN_LABELS[column]}”栏（七）总计等于各项办理结果之和`
        : `“${TABLE3_COLUMN_LABELS[column]}”栏（七）总计为${actual}，各项办理结果之和为${expected}`,
    });
  }
  return { balance, sums };
}

// ---------------------------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------------------------

function emptyTable4Values(): Table4Values {
  const row = (): Record<CaseResultKey, number> => ({ UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 0 });
  return { RECONSIDERATION: row(), DIRECT_LITIGATION: row(), LITIGATION_AFTER_RECONSIDERATION: row() };
}

export function countCases(
  year: number,
  cases: readonly CaseRecord[],
  issues: DataIssue[] = [],
): { values: Table4Values; priorYearCasesConcluded: Table4["priorYearCasesConcluded"] } {
  const start = yearStart(year);
  const end = yearEnd(year);
  const values = emptyTable4Values();
  const prior: Table4["priorYearCasesConcluded"] = {
    RECONSIDERATION: { UPHELD: 0, CORRECTED: 0, OTHER: 0 },
    DIRECT_LITIGATION: { UPHELD: 0, CORRECTED: 0, OTHER: 0 },
    LITIGATION_AFTER_RECONSIDERATION: { UPHELD: 0, CORRECTED: 0, OTHER: 0 },
  };
  for (const c of cases) {
    const kind = CASE_KIND_BY_INPUT.get(c.kind);
    const resultKey = CASE_RESULT_BY_INPUT[c.result];
    if (!kind || !resultKey) {
      issues.push({
        severity: "error",
        code: "UNKNOWN_CASE_KIND_OR_RESULT",
        message: `案件${c.id ?? ""}的类型或结果无法识别（${String(c.kind)}／${String(c.result)}），未计入表四`,
        recordId: c.id,
      });
      continue;
    }
    const filed = toDay(c.filedDate);
    const closed = toDayOrNull(c.closedDate);
    if (closed !== null && closed < filed) {
      issues.push({
        severity: "error",
        code: "CASE_CLOSED_BEFORE_FILED",
        message: `案件${c.id ?? ""}的审结日期早于立案日期`,
        recordId: c.id,
      });
    }
    if (resultKey !== "PENDING" && closed === null && filed <= end) {
      issues.push({
        severity: "warning",
        code: "CASE_RESULT_WITHOUT_CLOSED_DATE",
        message: `案件${c.id ?? ""}已填写结果“${c.result}”但没有审结日期，按尚未审结统计`,
        recordId: c.id,
      });
    }
    if (resultKey === "PENDING" && closed !== null && closed <= end) {
      issues.push({
        severity: "warning",
        code: "CASE_CLOSED_WITHOUT_RESULT",
        message: `案件${c.id ?? ""}有审结日期但结果为“尚未审结”，按尚未审结统计`,
        recordId: c.id,
      });
    }
    const concluded = resultKey !== "PENDING" && closed !== null && closed <= end ? resultKey : null;
    if (inYear(filed, year)) {
      values[kind][concluded ?? "PENDING"] += 1;
    } else if (filed < start && concluded !== null && closed !== null && closed >= start) {
      prior[kind][concluded as "UPHELD" | "CORRECTED" | "OTHER"] += 1;
    }
  }
  return { values, priorYearCasesConcluded: prior };
}

const CASE_PARTS: readonly CaseResultKey[] = ["UPHELD", "CORRECTED", "OTHER", "PENDING"];

function fillTable4Totals(v: Table4Values): void {
  for (const k of CASE_KINDS) {
    v[k.code].TOTAL = CASE_PARTS.reduce((s, r) => s + v[k.code][r], 0);
  }
}

function checkTable4(v: Table4Values): SumCheck[] {
  return CASE_KINDS.map((k) => {
    const expected = CASE_PARTS.reduce((s, r) => s + v[k.code][r], 0);
    const actual = v[k.code].TOTAL;
    const ok = expected === actual;
    return {
      table: "四" as const,
      target: `${k.code}|TOTAL`,
      expected,
      actual,
      ok,
      message: ok
        ? `“${k.label}”总计等于各项结果之和`
        : `“${k.label}”总计为${actual}，结果维持、结果纠正、其他结果、尚未审结之和为${expected}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Adjustments
// ---------------------------------------------------------------------------------------------

function validAdjustmentValue(adj: Adjustment, after: number): boolean {
  if (!Number.isFinite(adj.value) || !Number.isFinite(after) || after < 0) return false;
  if (adj.table === "二" && adj.field === "ADMINISTRATIVE_FEES_WAN") return true;
  return Number.isInteger(after);
}

function isTable3Derived(row: Table3RowKey, column: Table3ColumnKey): boolean {
  return row === "RESULT_TOTAL" || column === "TOTAL";
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

export function computeAnnualTables(input: AnnualTablesInput): AnnualTables {
  const { year } = input;
  const issues: DataIssue[] = [];
  const applied: AppliedAdjustment[] = [];

  // Table 二
  const counts = computeCatalogueCounts(year, input.catalogue, issues);
  const table2: Table2 = {
    rules: counts.rules,
    normative: counts.normative,
    licensing: input.figures.licensingDecisions,
    penalty: input.figures.penaltyDecisions,
    enforcement: input.figures.enforcementDecisions,
    administrativeFeesWan: input.figures.administrativeFeesWan,
  };

  // Tables 三 and 四: raw counts.
  const v3 = countApplications(year, input.applications, issues);
  const { values: v4, priorYearCasesConcluded } = countCases(year, input.cases, issues);

  const adjustments = input.adjustments ?? [];
  const apply = (adj: Adjustment, get: () => number, set: (n: number) => void): void => {
    const before = get();
    const after = (adj.mode ?? "set") === "add" ? before + adj.value : adj.value;
    if (!validAdjustmentValue(adj, after)) {
      issues.push({
        severity: "error",
        code: "INVALID_ADJUSTMENT",
        message: `人工调整无效（调整后为${after}），已忽略：${adj.reason}`,
      });
      return;
    }
    set(after);
    applied.push({ adjustment: adj, before, after });
  };

  // 1. Cells counted from records (and all of table 二).
  for (const adj of adjustments) {
    if (adj.table === "二") {
      const [get, set] = table2FieldGetSet(table2, adj.field);
      apply(adj, get, set);
    } else if (adj.table === "三" && !isTable3Derived(adj.row, adj.column)) {
      apply(adj, () => v3[adj.row][adj.column], (n) => (v3[adj.row][adj.column] = n));
    } else if (adj.table === "四" && adj.result !== "TOTAL") {
      apply(adj, () => v4[adj.kind][adj.result], (n) => (v4[adj.kind][adj.result] = n));
    }
  }
  // 2. Derived cells from the adjusted cells; direct edits of derived cells come after, so
  //    "add" on a derived cell is relative to its recomputed value.
  fillResultTotalRow(v3);
  for (const adj of adjustments) {
    if (adj.table === "三" && adj.row === "RESULT_TOTAL" && adj.column !== "TOTAL") {
      apply(adj, () => v3.RESULT_TOTAL[adj.column], (n) => (v3.RESULT_TOTAL[adj.column] = n));
    }
  }
  fillTotalColumn(v3);
  for (const adj of adjustments) {
    if (adj.table === "三" && adj.column === "TOTAL") {
      apply(adj, () => v3[adj.row].TOTAL, (n) => (v3[adj.row].TOTAL = n));
    }
  }
  fillTable4Totals(v4);
  for (const adj of adjustments) {
    if (adj.table === "四" && adj.result === "TOTAL") {
      apply(adj, () => v4[adj.kind].TOTAL, (n) => (v4[adj.kind].TOTAL = n));
    }
  }

  const { balance, sums: sums3 } = checkTable3(v3);
  const sums4 = checkTable4(v4);

  const table3: Table3 = {
    rows: TABLE3_ROW_KEYS.map((key) => ({ key, label: TABLE3_ROW_LABELS[key], values: v3[key] })),
    values: v3,
    balance,
    sums: sums3,
    ok: balance.every((b) => b.ok) && sums3.every((s) => s.ok),
  };

  const table4: Table4 = {
    values: v4,
    cells: CASE_KINDS.flatMap((k) => CASE_RESULT_KEYS.map((r) => ({ kind: k.code, result: r, value: v4[k.code][r] }))),
    sums: sums4,
    ok: sums4.every((s) => s.ok),
    priorYearCasesConcluded,
  };

  return {
    year,
    table2,
    table3,
    table4,
    issues,
    adjustments: applied,
    ok: table3.ok && table4.ok && !issues.some((i) => i.severity === "error"),
  };
}

/** Human-readable list of every failed check and data error, for display above the tables. */
export function describeProblems(tables: AnnualTables): string[] {
  return [
    ...tables.table3.balance.filter((b) => !b.ok).map((b) => `表三${b.message}`),
    ...tables.table3.sums.filter((s) => !s.ok).map((s) => `表三${s.message}`),
    ...tables.table4.sums.filter((s) => !s.ok).map((s) => `表四${s.message}`),
    ...tables.issues.filter((i) => i.severity === "error").map((i) => i.message),
  ];
}
