// Hand adjustments of table figures: how a cell is named in forms and stored with the report.
// An adjustment always carries a reason (the report is criticised when figures do not match the
// records, so every departure from them is explained and audited).

import {
  CASE_KINDS,
  CASE_RESULT_KEYS,
  CASE_RESULT_LABELS,
  TABLE2_FIELD_LABELS,
  TABLE3_COLUMN_KEYS,
  TABLE3_COLUMN_LABELS,
  TABLE3_ROW_KEYS,
  TABLE3_ROW_LABELS,
  type Adjustment,
  type CaseKindCode,
  type CaseResultKey,
  type Table2Field,
  type Table3ColumnKey,
  type Table3RowKey,
} from "./tables";

/** An adjustment as kept with the report: who made it and when. */
export type StoredAdjustment = Adjustment & { id: string; by: string; at: string };

export interface AdjustmentTarget {
  /** "二|LICENSING", "三|NEW|NATURAL_PERSON", "四|RECONSIDERATION|UPHELD" */
  value: string;
  label: string;
}

const TABLE2_FIELDS = Object.keys(TABLE2_FIELD_LABELS) as Table2Field[];

export function adjustmentTargets(): AdjustmentTarget[] {
  const out: AdjustmentTarget[] = TABLE2_FIELDS.map((f) => ({ value: `二|${f}`, label: `表二 ${TABLE2_FIELD_LABELS[f]}` }));
  for (const row of TABLE3_ROW_KEYS) {
    for (const col of TABLE3_COLUMN_KEYS) {
      out.push({ value: `三|${row}|${col}`, label: `表三 ${TABLE3_ROW_LABELS[row]} × ${TABLE3_COLUMN_LABELS[col]}` });
    }
  }
  for (const k of CASE_KINDS) {
    for (const r of CASE_RESULT_KEYS) out.push({ value: `四|${k.code}|${r}`, label: `表四 ${k.label} × ${CASE_RESULT_LABELS[r]}` });
  }
  return out;
}

export function parseAdjustmentTarget(
  value: string,
): { table: "二"; field: Table2Field } | { table: "三"; row: Table3RowKey; column: Table3ColumnKey } | { table: "四"; kind: CaseKindCode; result: CaseResultKey } | null {
  const [table, a, b] = value.split("|");
  if (table === "二" && (TABLE2_FIELDS as string[]).includes(a) && b === undefined) return { table, field: a as Table2Field };
  if (table === "三" && (TABLE3_ROW_KEYS as readonly string[]).includes(a) && (TABLE3_COLUMN_KEYS as readonly string[]).includes(b)) {
    return { table, row: a as Table3RowKey, column: b as Table3ColumnKey };
  }
  if (table === "四" && CASE_KINDS.some((k) => k.code === a) && (CASE_RESULT_KEYS as readonly string[]).includes(b)) {
    return { table, kind: a as CaseKindCode, result: b as CaseResultKey };
  }
  return null;
}

export function adjustmentTargetValue(adj: Adjustment): string {
  if (adj.table === "二") return `二|${adj.field}`;
  if (adj.table === "三") return `三|${adj.row}|${adj.column}`;
  return `四|${adj.kind}|${adj.result}`;
}

const LABELS = new Map(adjustmentTargets().map((t) => [t.value, t.label]));

export function describeAdjustmentTarget(adj: Adjustment): string {
  return LABELS.get(adjustmentTargetValue(adj)) ?? adjustmentTargetValue(adj);
}

/** Reads stored adjustments defensively (the column is JSON): anything malformed is dropped. */
export function readStoredAdjustments(json: unknown): StoredAdjustment[] {
  if (!Array.isArray(json)) return [];
  const out: StoredAdjustment[] = [];
  for (const raw of json) {
    if (!raw || typeof raw !== "object") continue;
    const r = raw as Record<string, unknown>;
    const target =
      r.table === "二"
        ? parseAdjustmentTarget(`二|${String(r.field)}`)
        : r.table === "三"
          ? parseAdjustmentTarget(`三|${String(r.row)}|${String(r.column)}`)
          : r.table === "四"
            ? parseAdjustmentTarget(`四|${String(r.kind)}|${String(r.result)}`)
            : null;
    if (!target || typeof r.value !== "number" || typeof r.reason !== "string") continue;
    out.push({
      ...target,
      value: r.value,
      mode: r.mode === "add" ? "add" : "set",
      reason: r.reason,
      id: String(r.id ?? ""),
      by: String(r.by ?? ""),
      at: String(r.at ?? ""),
    } as StoredAdjustment);
  }
  return out;
}
