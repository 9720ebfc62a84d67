// What the AnnualReport row keeps in its JSON column `sections`: the office's text, the review
// trail (who prepared, approved, returned, published) and, from submission on, the frozen data
// the report is rendered from. Read defensively: the column is JSON, not a typed table.

import type { AnnualReportData, ReportTexts, SectionKey } from "../annual-report";
import { SECTION_KEYS, isReportStatus, type ReportStatus } from "../annual-report";

export interface ReportTrail {
  submittedById: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  approvedById: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  returnedByName: string | null;
  returnedAt: string | null;
  returnedComment: string | null;
  publishedByName: string | null;
  publishedAt: string | null;
  /** Required when a published report is revised; becomes the item version's change note. */
  changeNote: string | null;
}

export interface ReportSnapshot {
  frozenAt: string;
  data: AnnualReportData;
}

export interface ReportState {
  texts: ReportTexts;
  trail: ReportTrail;
  snapshot: ReportSnapshot | null;
}

export const EMPTY_TRAIL: ReportTrail = {
  submittedById: null,
  submittedByName: null,
  submittedAt: null,
  approvedById: null,
  approvedByName: null,
  approvedAt: null,
  returnedByName: null,
  returnedAt: null,
  returnedComment: null,
  publishedByName: null,
  publishedAt: null,
  changeNote: null,
};

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function readReportState(json: unknown): ReportState {
  const o = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const rawTexts = o.texts && typeof o.texts === "object" ? (o.texts as Record<string, unknown>) : {};
  const texts: ReportTexts = {};
  for (const k of SECTION_KEYS) {
    const v = str(rawTexts[k]);
    if (v !== null) texts[k as SectionKey] = v;
  }
  const rawTrail = o.trail && typeof o.trail === "object" ? (o.trail as Record<string, unknown>) : {};
  const trail = Object.fromEntries(Object.keys(EMPTY_TRAIL).map((k) => [k, str(rawTrail[k])])) as unknown as ReportTrail;
  const rawSnap = o.snapshot && typeof o.snapshot === "object" ? (o.snapshot as Record<string, unknown>) : null;
  const snapshot =
    rawSnap && typeof rawSnap.frozenAt === "string" && rawSnap.data && typeof rawSnap.data === "object"
      ? { frozenAt: rawSnap.frozenAt, data: rawSnap.data as AnnualReportData }
      : null;
  return { texts, trail, snapshot };
}

/** As JSON for the column (drops undefined, keeps the shape stable). */
export function writeReportState(state: ReportState): object {
  return JSON.parse(JSON.stringify(state)) as object;
}

export function reportStatusOf(value: string): ReportStatus {
  return isReportStatus(value) ? value : "DRAFT";
}
