/**
 * The 自查 indicators, after 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标) and the regular
 * 政务公开 assessments. Veto-level ones (单项否决) fail an inspection outright and show red; the
 * others show amber. INFO findings are listed for a person to check (outside links) and never
 * colour an indicator.
 */
import type { Prisma } from "../db/client";

export type Level = "RED" | "AMBER" | "INFO";
export type Light = "RED" | "AMBER" | "GREEN";

export interface IndicatorDef {
  code: string;
  label: string;
  /** The rule as inspectors word it. */
  rule: string;
  veto: boolean;
}

export const INDICATORS = [
  { code: "HOME_STALE", label: "首页更新", rule: "首页栏目信息超过2周未更新（单项否决）", veto: true },
  { code: "COLUMNS_STALE", label: "栏目更新", rule: "动态、要闻类栏目超过2周未更新，通知公告、政策文件类栏目超过6个月未更新，人事、规划计划类栏目超过1年未更新，累计5个（含）以上为单项否决", veto: true },
  { code: "COLUMNS_EMPTY", label: "空白栏目", rule: "栏目无任何信息，累计5个（含）以上为单项否决", veto: true },
  { code: "WECHAT_SILENT", label: "微信公众号更新", rule: "政务新媒体检查前2周内无更新（单项否决）", veto: true },
  { code: "CONTENT_ERRORS", label: "严重表述错误和泄密", rule: "已公开内容（含附件）存在严重表述错误、泄露国家秘密或公民个人信息（单项否决）", veto: true },
  { code: "APPLICATIONS_OVERDUE", label: "依申请公开答复", rule: "政府信息公开申请超过法定期限未答复（条例第三十三条）", veto: true },
  { code: "BROKEN_LINKS", label: "链接可用性", rule: "已公开页面中的站内链接、附件须能正常访问；站外链接列出供人工核查", veto: false },
  { code: "ITEMS_OVERDUE", label: "主动公开时限", rule: "信息形成或变更之日起20个工作日内予以公开（条例第二十六条）", veto: false },
  { code: "VALIDITY", label: "有效性标注", rule: "已失效、废止的文件须标注有效性，不得仍标为“有效”", veto: false },
  { code: "ANNUAL_REPORT", label: "年度报告", rule: "上一年度政府信息公开工作年度报告须于每年1月31日前公布，数据须勾稽一致（条例第四十九条）", veto: false },
  { code: "RECTIFICATIONS", label: "整改落实", rule: "督察检查发现问题的整改事项须在期限内完成", veto: false },
  { code: "METADATA", label: "元数据规范", rule: "须标注发文字号的栏目信息应有发文字号，所有信息应有内容概述", veto: false },
] as const satisfies readonly IndicatorDef[];

export type IndicatorCode = (typeof INDICATORS)[number]["code"];

export const INDICATOR_BY_CODE: Record<string, IndicatorDef> = Object.fromEntries(INDICATORS.map((i) => [i.code, i]));

export function isIndicatorCode(v: unknown): v is IndicatorCode {
  return typeof v === "string" && v in INDICATOR_BY_CODE;
}

export interface SelfCheckFindingInput {
  indicator: IndicatorCode;
  level: Level;
  /** Stable across runs: indicator + subject. */
  key: string;
  title: string;
  detail: string;
  /** Where to fix it (a console path). */
  link: string | null;
}

export interface IndicatorSummary {
  light: Light;
  red: number;
  amber: number;
  info: number;
}

export type RunSummary = Record<IndicatorCode, IndicatorSummary>;

export const LIGHT_LABELS: Record<Light, string> = { RED: "红", AMBER: "黄", GREEN: "绿" };
export const LEVEL_LABELS: Record<Level, string> = { RED: "单项否决", AMBER: "需整改", INFO: "待人工核查" };

export function summarise(findings: readonly SelfCheckFindingInput[]): RunSummary {
  const out = {} as RunSummary;
  for (const i of INDICATORS) out[i.code] = { light: "GREEN", red: 0, amber: 0, info: 0 };
  for (const f of findings) {
    const s = out[f.indicator];
    if (f.level === "RED") s.red++;
    else if (f.level === "AMBER") s.amber++;
    else s.info++;
  }
  for (const s of Object.values(out)) s.light = s.red > 0 ? "RED" : s.amber > 0 ? "AMBER" : "GREEN";
  return out;
}

/** Reads a stored summary defensively (indicators added later read as green with no counts). */
export function readSummary(json: Prisma.JsonValue | null | undefined): RunSummary {
  const base = summarise([]);
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const [k, v] of Object.entries(json)) {
      if (!isIndicatorCode(k) || !v || typeof v !== "object" || Array.isArray(v)) continue;
      const o = v as Record<string, unknown>;
      const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : 0);
      base[k] = { light: o.light === "RED" || o.light === "AMBER" ? o.light : "GREEN", red: n(o.red), amber: n(o.amber), info: n(o.info) };
    }
  }
  return base;
}

export function vetoCountOf(summary: RunSummary): number {
  return Object.values(summary).reduce((n, s) => n + s.red, 0);
}
