/**
 * The weekly 自查报告: the latest run of the week against the run a week earlier — what each
 * indicator still finds and what was fixed since. Rendered as DOCX and PDF (weekly-report-docx.ts,
 * weekly-report-pdf.ts) from this one model, stored in blob storage, listed on the 自查 page.
 */
import type { Db } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { addCalendarDays, formatChineseDate, toChinaDate, type IsoDate } from "../calendar/dates";
import { dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { getOrganisation } from "../org/get-organisation";
import { INDICATORS, LEVEL_LABELS, readSummary, type Level, type Light } from "./indicators";
import { renderWeeklyDocx } from "./weekly-report-docx";
import { renderWeeklyPdf } from "./weekly-report-pdf";

/** Findings listed per indicator in the document; the rest are counted ("另有N项"). */
export const LISTED_PER_INDICATOR = 40;

export interface ReportFinding {
  level: Level;
  title: string;
  detail: string;
}

export interface ReportIndicator {
  code: string;
  label: string;
  rule: string;
  veto: boolean;
  light: Light;
  current: ReportFinding[];
  currentTotal: number;
  fixed: string[];
  fixedTotal: number;
}

export interface WeeklyReport {
  organisation: string;
  title: string;
  fromDay: IsoDate;
  toDay: IsoDate;
  /** The runs compared (null when there was none). */
  currentRunDay: IsoDate | null;
  previousRunDay: IsoDate | null;
  indicators: ReportIndicator[];
  totals: { red: number; amber: number; info: number; fixed: number };
}

export const LIGHT_WORDS: Record<Light, string> = { RED: "红（存在单项否决问题）", AMBER: "黄（存在需整改问题）", GREEN: "绿（未发现问题）" };

export function periodText(r: Pick<WeeklyReport, "fromDay" | "toDay">): string {
  return `${formatChineseDate(r.fromDay)}至${formatChineseDate(r.toDay)}`;
}

export async function buildWeeklyReport(db: Db, now: Date = new Date()): Promise<WeeklyReport> {
  const toDay = toChinaDate(now);
  const fromDay = addCalendarDays(toDay, -6);
  const org = await getOrganisation(db);
  const [current, previous] = await Promise.all([
    db.selfCheckRun.findFirst({ where: { day: { lte: isoToDbDate(toDay), gte: isoToDbDate(fromDay) } }, orderBy: { day: "desc" } }),
    db.selfCheckRun.findFirst({ where: { day: { lt: isoToDbDate(fromDay) } }, orderBy: { day: "desc" } }),
  ]);
  const [nowFindings, prevFindings] = await Promise.all([
    current ? db.selfCheckFinding.findMany({ where: { runId: current.id }, orderBy: [{ level: "asc" }, { title: "asc" }] }) : [],
    previous ? db.selfCheckFinding.findMany({ where: { runId: previous.id }, select: { indicator: true, key: true, title: true } }) : [],
  ]);
  const summary = readSummary(current?.summary);
  const nowKeys = new Set(nowFindings.map((f) => f.key));
  const totals = { red: 0, amber: 0, info: 0, fixed: 0 };
  const indicators = INDICATORS.map((def): ReportIndicator => {
    const mine = nowFindings.filter((f) => f.indicator === def.code);
    const fixed = prevFindings.filter((f) => f.indicator === def.code && !nowKeys.has(f.key));
    const s = summary[def.code];
    totals.red += s.red;
    totals.amber += s.amber;
    totals.info += s.info;
    totals.fixed += fixed.length;
    return {
      code: def.code,
      label: def.label,
      rule: def.rule,
      veto: def.veto,
      light: s.light,
      current: mine.slice(0, LISTED_PER_INDICATOR).map((f) => ({ level: f.level as Level, title: f.title, detail: f.detail })),
      currentTotal: mine.length,
      fixed: fixed.slice(0, LISTED_PER_INDICATOR).map((f) => f.title),
      fixedTotal: fixed.length,
    };
  });
  return {
    organisation: org.name,
    title: `${org.name}政务公开自查报告`,
    fromDay,
    toDay,
    currentRunDay: current ? dbDateToIso(current.day) : null,
    previousRunDay: previous ? dbDateToIso(previous.day) : null,
    indicators,
    totals,
  };
}

/**
 * The report travels further than the console (printed, sent to leaders): numbers of 10 digits or
 * more in a finding's excerpt (ID, card and mobile numbers) are masked, keeping 3 + 2 digits.
 */
export function maskLongNumbers(text: string): string {
  return text.replace(/(\d{3})\d{5,}(\d{2})(?!\d)/g, (_m, a: string, b: string) => `${a}****${b}`);
}

/** Lines of the text both renderers print under an indicator's heading. */
export function indicatorLines(i: ReportIndicator, r: WeeklyReport): { findings: string[]; fixed: string[]; intro: string } {
  const intro =
    i.currentTotal === 0
      ? `检查要求：${i.rule}。本周自查未发现问题。`
      : `检查要求：${i.rule}。现存问题${i.currentTotal}项${i.currentTotal > i.current.length ? `（列出前${i.current.length}项，其余见平台“自查”页面）` : ""}：`;
  const findings = i.current.map((f, n) => `${n + 1}. 【${LEVEL_LABELS[f.level]}】${f.title}${f.detail ? `：${maskLongNumbers(f.detail).replace(/\n/g, "；")}` : ""}`);
  const fixed = r.previousRunDay
    ? i.fixedTotal === 0
      ? []
      : [`自${formatChineseDate(r.previousRunDay)}以来已整改${i.fixedTotal}项：`, ...i.fixed.map((t, n) => `${n + 1}. ${t}`), ...(i.fixedTotal > i.fixed.length ? [`另有${i.fixedTotal - i.fixed.length}项。`] : [])]
    : [];
  return { intro, findings, fixed };
}

/** Opening paragraph: what the report covers and which runs it compares (nothing it cannot show). */
export function openingText(r: WeeklyReport): string {
  if (!r.currentRunDay) return `本周（${periodText(r)}）没有自查记录，无法形成自查结论。`;
  const base = `本报告依据平台${formatChineseDate(r.currentRunDay)}的自查结果生成，共发现单项否决问题${r.totals.red}项、需整改问题${r.totals.amber}项、待人工核查事项${r.totals.info}项。`;
  return r.previousRunDay
    ? `${base}与${formatChineseDate(r.previousRunDay)}的自查结果相比，已整改${r.totals.fixed}项。`
    : `${base}上周无自查记录，本期不作整改情况对比。`;
}

export async function generateWeeklyReport(
  db: Db,
  storage: BlobStorage,
  options: { now?: Date; trigger?: "SCHEDULE" | "MANUAL"; userId?: string | null } = {},
) {
  const report = await buildWeeklyReport(db, options.now ?? new Date());
  const [docx, pdf] = await Promise.all([renderWeeklyDocx(report), renderWeeklyPdf(report)]);
  const [d, p] = await Promise.all([storage.put(docx), storage.put(pdf)]);
  return db.selfCheckReport.create({
    data: {
      fromDay: isoToDbDate(report.fromDay),
      toDay: isoToDbDate(report.toDay),
      trigger: options.trigger ?? "SCHEDULE",
      createdById: options.userId ?? null,
      docxKey: d.key,
      pdfKey: p.key,
      summary: { ...report.totals, currentRunDay: report.currentRunDay, previousRunDay: report.previousRunDay },
    },
  });
}

export function reportFileName(r: { fromDay: Date; toDay: Date }, orgName: string, ext: "docx" | "pdf"): string {
  return `${orgName}政务公开自查报告（${dbDateToIso(r.fromDay)}至${dbDateToIso(r.toDay)}）.${ext}`;
}
