/**
 * How often a column (栏目, a catalogue category) must be updated, after 国办秘函〔2019〕19号
 * (政府网站与政务新媒体检查指标, 单项否决 "栏目不更新"): 动态、要闻类 2 weeks; 通知公告、政策文件类
 * 6 months; 人事、规划计划类 1 year. STATIC columns (机构职能 and the like) are only checked for
 * being empty (空白栏目). The kind is a setting per category (栏目更新要求, administrators).
 */
export const COLUMN_KINDS = ["NEWS", "NOTICE", "PLANNING", "STATIC"] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  NEWS: "动态、要闻类（2周内须更新）",
  NOTICE: "通知公告、政策文件类（6个月内须更新）",
  PLANNING: "人事、规划计划类（1年内须更新）",
  STATIC: "相对固定的栏目（只检查是否空白）",
};

/** Calendar days without a new item after which a column of the kind is stale; null = never. */
export const STALE_AFTER_DAYS: Record<ColumnKind, number | null> = {
  NEWS: 14,
  NOTICE: 183,
  PLANNING: 365,
  STATIC: null,
};

export const STALE_RULE_TEXT: Record<ColumnKind, string> = {
  NEWS: "动态、要闻类栏目超过2周未更新",
  NOTICE: "通知公告、政策文件类栏目超过6个月未更新",
  PLANNING: "人事、规划计划类栏目超过1年未更新",
  STATIC: "",
};

export function isColumnKind(v: unknown): v is ColumnKind {
  return typeof v === "string" && (COLUMN_KINDS as readonly string[]).includes(v);
}

/** Defaults for the shipped catalogue (codes from lib/seed/demo-data.ts); others stay NOTICE. */
export const COLUMN_DEFAULTS: Record<string, { kind: ColumnKind; requiresDocumentNumber?: boolean }> = {
  zdgz: { kind: "NEWS" },
  ghjh: { kind: "PLANNING" },
  zfgzbg: { kind: "PLANNING" },
  rsxx: { kind: "PLANNING" },
  czyjs: { kind: "PLANNING" },
  gwykz: { kind: "PLANNING" },
  nb: { kind: "PLANNING" },
  zfld: { kind: "STATIC" },
  jgsz: { kind: "STATIC" },
  gz: { kind: "STATIC", requiresDocumentNumber: true },
  gfxwj: { kind: "NOTICE", requiresDocumentNumber: true },
  xzsyxsf: { kind: "STATIC" },
};
