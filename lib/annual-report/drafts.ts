// Suggested drafts of the free-text sections of the annual report, written from the year's data
// in the voice of the office's own reports (see tests/fixtures/annual-2017.ts for the 2017 text
// they reproduce). Staff edit the drafts before publication; nothing here is final wording.

import { OUTCOME_GROUPS, OUTCOMES, type OutcomeGroupCode } from "../applications/outcomes";
import { channelsUsed, organisationSentences, RECORD_LINKS, type DisclosureOrganisation, type NarrativeRecord } from "./from-records";
import { calendarDaysBetween, inYear, toDay, toDayOrNull, type DateInput } from "./dates";
import {
  CASE_KINDS,
  computeAnnualTables,
  type AnnualTables,
  type AnnualTablesInput,
  type CaseKindCode,
} from "./tables";

// ---------------------------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------------------------

export interface ProactiveItemRecord {
  id?: string;
  /** 索引号 */
  indexNo?: string;
  title: string;
  /** Category as the office names it in its reports: "统计数据", "规划计划", "其他信息" … */
  category: string;
  /** 生成日期: the day the information was formed or changed. */
  formedDate?: DateInput | null;
  /** Day the department head signed it and submitted it to 党政办公室. */
  submittedDate?: DateInput | null;
  /** Day 党政办公室 approved it (审核、保密审查 done). */
  approvedDate?: DateInput | null;
  /** 发布日期 */
  publishedDate: DateInput;
  /** Channels it went out on: "淄博高新区政府信息公开系统", "微信公众号", "宣传栏" … */
  channels?: readonly string[];
  /**
   * Due dates from the office's working calendar (holidays roll a due date forward), when the
   * caller has them: then lateness is judged against these, so the report agrees with the
   * console's clocks; without them the limits are counted in plain calendar days.
   */
  submitDueDate?: DateInput | null;
  publishDueDate?: DateInput | null;
}

/** A 信息处理费 charged (waived = false) or waived (减免, waived = true). */
export interface FeeRecord {
  applicationId?: string;
  date: DateInput;
  amountYuan: number;
  waived?: boolean;
}

export interface InspectionRecord {
  date: DateInput;
  /** What was inspected, e.g. "各科室、单位政府信息公开工作落实情况". */
  scope: string;
  findingsCount: number;
  /** Findings corrected by the time of the report (optional). */
  rectifiedCount?: number;
}

export interface TrainingRecord {
  date: DateInput;
  topic: string;
  hours: number;
  attendees: number;
}

/** The office's own time limits (calendar days, "日" in its rules; keep configurable). */
export interface TimelinessLimits {
  /** Department head signs and submits within this many days of the information being formed. */
  submitDays: number;
  /** 党政办公室 publishes within this many days of approval (or of submission if no approval date). */
  publishDays: number;
}

export const DEFAULT_LIMITS: TimelinessLimits = { submitDays: 5, publishDays: 10 };

export interface AnnualReportData extends AnnualTablesInput {
  /** "四宝山街道办事处" */
  organisationName: string;
  /** How the report refers to the office: "办事处". */
  shortName: string;
  proactiveItems: readonly ProactiveItemRecord[];
  fees: readonly FeeRecord[];
  inspections: readonly InspectionRecord[];
  trainings: readonly TrainingRecord[];
  limits?: TimelinessLimits;
  /** Order in which categories are listed; unknown ones follow, "其他信息" always last. */
  categoryOrder?: readonly string[];
  /** Where the report is published, for the introduction ("淄博高新区政府信息公开系统"). */
  publicationPlace?: string;
  /** Further matters for section 六, one paragraph each. */
  otherMatters?: readonly string[];
  /** The 问题与改进 register and the other narrative records of the year (ReportRecord). */
  records?: readonly NarrativeRecord[];
  /** 单位信息: who leads and who does the work. */
  disclosureOrganisation?: DisclosureOrganisation | null;
}

/** What a section lacks because nothing is recorded, and where to record it (editor only, never printed). */
export interface DraftNote {
  message: string;
  href: string;
}

export interface DraftSubsection {
  /** "（一）主动公开" or null for a plain paragraph. */
  heading: string | null;
  paragraphs: string[];
  notes?: DraftNote[];
}

export interface DraftSection {
  /** "一、总体情况" */
  title: string;
  subsections: DraftSubsection[];
}

export interface ReportDrafts {
  intro: string;
  overview: DraftSection;
  problems: DraftSection;
  other: DraftSection;
}

// ---------------------------------------------------------------------------------------------
// Statistics the drafts are written from
// ---------------------------------------------------------------------------------------------

export const DEFAULT_CATEGORY_ORDER: readonly string[] = [
  "统计数据",
  "规划计划",
  "政府领导",
  "机构设置",
  "人事信息",
  "政策文件",
  "政府工作报告",
  "政府重点工作",
  "乡村建设",
  "计划生育",
  "财政预决算",
  "其他信息",
];

export interface CategoryCount {
  category: string;
  count: number;
}

export interface ProactiveStats {
  total: number;
  byCategory: CategoryCount[];
  /** Items whose every recorded step met the office's limits. */
  onTime: number;
  /** Items missing a limit at some step. */
  late: number;
  /** Items with too few dates recorded to judge. */
  unknown: number;
  lateItems: { title: string; step: "submit" | "publish"; days: number; limit: number }[];
  channels: string[];
}

function sortCategories(counts: Map<string, number>, order: readonly string[]): CategoryCount[] {
  const rank = (c: string): number => {
    if (c === "其他信息") return Number.MAX_SAFE_INTEGER;
    const i = order.indexOf(c);
    return i === -1 ? order.length : i;
  };
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category, "zh-CN"));
}

export function proactiveStats(
  year: number,
  items: readonly ProactiveItemRecord[],
  limits: TimelinessLimits = DEFAULT_LIMITS,
  order: readonly string[] = DEFAULT_CATEGORY_ORDER,
): ProactiveStats {
  const inScope = items.filter((i) => inYear(toDay(i.publishedDate), year));
  const counts = new Map<string, number>();
  const channels: string[] = [];
  let onTime = 0;
  let late = 0;
  let unknown = 0;
  const lateItems: ProactiveStats["lateItems"] = [];
  for (const item of inScope) {
    counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
    for (const ch of item.channels ?? []) if (!channels.includes(ch)) channels.push(ch);

    const formed = toDayOrNull(item.formedDate);
    const submitted = toDayOrNull(item.submittedDate);
    const approved = toDayOrNull(item.approvedDate);
    const published = toDay(item.publishedDate);
    let judged = false;
    let itemLate = false;
    const submitDue = toDayOrNull(item.submitDueDate);
    const publishDue = toDayOrNull(item.publishDueDate);
    if (formed && submitted) {
      judged = true;
      const days = calendarDaysBetween(formed, submitted);
      if (submitDue ? submitted > submitDue : days > limits.submitDays) {
        itemLate = true;
        lateItems.push({ title: item.title, step: "submit", days, limit: limits.submitDays });
      }
    }
    const publishFrom = approved ?? submitted;
    if (publishFrom) {
      judged = true;
      const days = calendarDaysBetween(publishFrom, published);
      if (publishDue ? published > publishDue : days > limits.publishDays) {
        itemLate = true;
        lateItems.push({ title: item.title, step: "publish", days, limit: limits.publishDays });
      }
    }
    if (!judged) unknown += 1;
    else if (itemLate) late += 1;
    else onTime += 1;
  }
  return { total: inScope.length, byCategory: sortCategories(counts, order), onTime, late, unknown, lateItems, channels };
}

export interface ApplicationTimeliness {
  /** Applications closed in the year. */
  closed: number;
  onTime: number;
  late: number;
  /** Closed without a recorded due date. */
  unknown: number;
}

export function applicationTimeliness(year: number, data: Pick<AnnualTablesInput, "applications">): ApplicationTimeliness {
  const r: ApplicationTimeliness = { closed: 0, onTime: 0, late: 0, unknown: 0 };
  for (const a of data.applications) {
    const closed = toDayOrNull(a.closedDate);
    if (closed === null || !inYear(closed, year)) continue;
    r.closed += 1;
    const due = toDayOrNull(a.dueDate);
    if (due === null) r.unknown += 1;
    else if (closed <= due) r.onTime += 1;
    else r.late += 1;
  }
  return r;
}

export interface FeeStats {
  chargedCount: number;
  chargedYuan: number;
  waivedCount: number;
  waivedYuan: number;
}

export function feeStats(year: number, fees: readonly FeeRecord[]): FeeStats {
  const r: FeeStats = { chargedCount: 0, chargedYuan: 0, waivedCount: 0, waivedYuan: 0 };
  for (const f of fees) {
    if (!inYear(toDay(f.date), year)) continue;
    if (f.waived) {
      r.waivedCount += 1;
      r.waivedYuan += f.amountYuan;
    } else {
      r.chargedCount += 1;
      r.chargedYuan += f.amountYuan;
    }
  }
  return r;
}

/** "100%", "87.5%" */
export function formatRate(part: number, whole: number): string {
  if (whole === 0) return "—";
  const pct = Math.round((part / whole) * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

function formatYuan(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** "统计数据类2条" / "其他信息7条": categories named "…信息" take no 类. */
function categoryPhrase(c: CategoryCount): string {
  const name = c.category.endsWith("信息") ? c.category : `${c.category}类`;
  return `${name}${c.count}条`;
}

function joinSerial(parts: string[]): string {
  return parts.join("，");
}

// ---------------------------------------------------------------------------------------------
// The four basic-situation sentences (the seed's 一、政府信息公开基本情况)
// ---------------------------------------------------------------------------------------------

export interface BasicSituation {
  proactive: string;
  applications: string;
  fees: string;
  reviewAndLitigation: string;
}

const TIAOLI = "《中华人民共和国政府信息公开条例》";

export function basicSituation(data: AnnualReportData, tables: AnnualTables = computeAnnualTables(data)): BasicSituation {
  const { year, shortName: who } = data;
  const p = proactiveStats(year, data.proactiveItems, data.limits, data.categoryOrder);

  // （一）主动公开
  let proactive: string;
  if (p.total === 0) {
    proactive = `${year}年，${who}未主动公开政府业务工作类信息。`;
  } else if (p.byCategory.length === 1) {
    const only = p.byCategory[0].category;
    proactive = `${year}年，${who}主动公开政府业务工作类信息共${p.total}条，均为${only.endsWith("信息") ? only : `${only}类信息`}。`;
  } else {
    proactive = `${year}年，${who}主动公开政府业务工作类信息共${p.total}条，其中${joinSerial(p.byCategory.map(categoryPhrase))}。`;
  }

  // （二）依申请公开
  const t3 = tables.table3.values;
  const received = t3.NEW.TOTAL;
  const carriedIn = t3.CARRIED_IN.TOTAL;
  let applications: string;
  if (received === 0 && carriedIn === 0) {
    applications = `${year}年，${who}未发生依申请公开政府信息的情况。`;
  } else {
    const groupCounts = new Map<OutcomeGroupCode, number>();
    for (const o of OUTCOMES) groupCounts.set(o.group, (groupCounts.get(o.group) ?? 0) + t3[o.code].TOTAL);
    const groupNames: Record<OutcomeGroupCode, string> = {
      GRANTED: "予以公开",
      PARTIAL: "部分公开",
      WITHHELD: "不予公开",
      UNAVAILABLE: "无法提供",
      NOT_PROCESSED: "不予处理",
      OTHER: "其他处理",
    };
    const parts = OUTCOME_GROUPS.map((g) => [groupNames[g.code], groupCounts.get(g.code) ?? 0] as const)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name}${n}件`);
    const resultTotal = t3.RESULT_TOTAL.TOTAL;
    let s = `${year}年，${who}共收到政府信息公开申请${received}件`;
    if (carriedIn > 0) s += `，上年结转${carriedIn}件`;
    s += `；本年度办结${resultTotal}件`;
    if (parts.length > 0) s += `，其中${joinSerial(parts)}`;
    const carriedOut = t3.CARRIED_OUT.TOTAL;
    s += carriedOut > 0 ? `；结转下年度继续办理${carriedOut}件。` : "。";
    const t = applicationTimeliness(year, data);
    if (t.closed > 0 && t.unknown === 0) {
      s +=
        t.late === 0
          ? "所有申请均在法定期限内答复。"
          : `在法定期限内答复${t.onTime}件，按期答复率${formatRate(t.onTime, t.closed)}。`;
    }
    applications = s;
  }

  // （三）收费及减免
  const f = feeStats(year, data.fees);
  let fees: string;
  if (f.chargedCount === 0 && f.waivedCount === 0) {
    fees = `${year}年，${who}严格遵守${TIAOLI}的有关规定，没有收取任何政府信息公开费用。`;
  } else {
    fees = `${year}年，${who}严格按照《政府信息公开信息处理费管理办法》的规定收取信息处理费`;
    fees += f.chargedCount > 0 ? `，共收取${f.chargedCount}件、计${formatYuan(f.chargedYuan)}元` : "，未实际收取费用";
    if (f.waivedCount > 0) fees += `，减免${f.waivedCount}件、计${formatYuan(f.waivedYuan)}元`;
    fees += "。";
  }

  // （四）行政复议、行政诉讼
  const v4 = tables.table4.values;
  const recon = v4.RECONSIDERATION.TOTAL;
  const direct = v4.DIRECT_LITIGATION.TOTAL;
  const after = v4.LITIGATION_AFTER_RECONSIDERATION.TOTAL;
  let reviewAndLitigation: string;
  if (recon + direct + after === 0) {
    reviewAndLitigation = `${year}年，${who}未发生因政府信息公开申请行政复议、提起行政诉讼的情况。`;
  } else {
    const describe = (k: CaseKindCode): string => {
      const v = v4[k];
      const parts = [
        ["结果维持", v.UPHELD],
        ["结果纠正", v.CORRECTED],
        ["其他结果", v.OTHER],
        ["尚未审结", v.PENDING],
      ]
        .filter(([, n]) => (n as number) > 0)
        .map(([l, n]) => `${l}${n}件`);
      return parts.join("、");
    };
    const sentences: string[] = [];
    if (recon > 0) sentences.push(`因政府信息公开被申请行政复议${recon}件（${describe("RECONSIDERATION")}）`);
    else sentences.push("未发生因政府信息公开被申请行政复议的情况");
    if (direct + after > 0) {
      const lit: string[] = [];
      if (direct > 0) lit.push(`未经复议直接起诉${direct}件（${describe("DIRECT_LITIGATION")}）`);
      if (after > 0) lit.push(`复议后起诉${after}件（${describe("LITIGATION_AFTER_RECONSIDERATION")}）`);
      sentences.push(`被提起行政诉讼${direct + after}件，其中${lit.join("，")}`);
    } else {
      sentences.push("未发生因政府信息公开被提起行政诉讼的情况");
    }
    reviewAndLitigation = `${year}年，${who}${sentences.join("；")}。`;
  }

  return { proactive, applications, fees, reviewAndLitigation };
}

function timelinessSentence(data: AnnualReportData, p: ProactiveStats): string | null {
  const limits = data.limits ?? DEFAULT_LIMITS;
  const judged = p.onTime + p.late;
  if (judged === 0) return null;
  const rule = `按照“科室、单位${limits.submitDays}日内签字报送，党政办公室${limits.publishDays}日内审核公开”的要求`;
  if (p.late === 0) {
    return `${rule}，本年度主动公开的信息${p.unknown === 0 ? "" : `中有记录可查的${judged}条`}均按时公开，按时公开率${formatRate(p.onTime, judged)}。`;
  }
  return `${rule}，本年度按时公开信息${p.onTime}条，未按时公开${p.late}条，按时公开率${formatRate(p.onTime, judged)}。`;
}

// ---------------------------------------------------------------------------------------------
// Sections 一, 五, 六 (national format)
// ---------------------------------------------------------------------------------------------

export function draftIntro(data: AnnualReportData): string {
  const { year } = data;
  let s =
    `本报告根据${TIAOLI}（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制，` +
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。" +
    `本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`;
  if (data.publicationPlace) s += `本报告电子版可在${data.publicationPlace}查阅。`;
  return s;
}

export function draftOverview(data: AnnualReportData, tables: AnnualTables = computeAnnualTables(data)): DraftSection {
  const { year, shortName: who } = data;
  const basic = basicSituation(data, tables);
  const p = proactiveStats(year, data.proactiveItems, data.limits, data.categoryOrder);

  const proactive = [basic.proactive];
  const timely = timelinessSentence(data, p);
  if (timely) proactive.push(timely);

  const applications = [basic.applications, basic.reviewAndLitigation];

  const t2 = tables.table2;
  const management: string[] = [];
  const managementNotes: DraftNote[] = [];
  const docs = t2.normative;
  if (data.catalogue.length === 0) {
    // An empty catalogue says nothing about whether documents were issued: no sentence.
    managementNotes.push({ message: "信息目录中没有对应年度报告表二的栏目或信息，报告不写规章和行政规范性文件情况。", href: RECORD_LINKS.catalogue });
  } else if (docs.issued + docs.repealed + docs.inForce === 0) {
    management.push(`${year}年，${who}未制发行政规范性文件，无现行有效的行政规范性文件。`);
  } else {
    management.push(
      `${year}年，${who}制发行政规范性文件${docs.issued}件，废止${docs.repealed}件，截至年底现行有效${docs.inForce}件，均按规定向社会公开。`,
    );
  }
  management.push(
    "严格执行科室、单位负责人签字报送，党政办公室审核、保密审查后发布的程序，坚持“公开的信息不泄密，泄密的信息不公开”。",
  );
  // The work recorded in the register: 审核和督察 and 工作机制 here, 组织领导 and 学习培训 under (五).
  const work = (section: string) =>
    (data.records ?? []).filter((r) => r.year === year && r.kind === "WORK" && r.section === section).map((r) => `${r.title}。${r.body}`.trim());
  management.push(...work("SUPERVISION"), ...work("MECHANISM"));

  const platforms: string[] = [];
  const platformNotes: DraftNote[] = [];
  const channels = channelsUsed(data).names;
  if (channels.length > 0) {
    platforms.push(`${year}年，${who}通过${channels.join("、")}发布政府信息。`);
  } else {
    platformNotes.push({ message: "没有本年度发布的信息或登记的公开渠道，报告不写平台建设情况。", href: RECORD_LINKS.register });
  }

  const supervision: string[] = [];
  const supervisionNotes: DraftNote[] = [];
  const org = organisationSentences(data);
  if (org.length > 0) supervision.push(org.map((s) => s.text).join(""));
  supervision.push(...work("ORGANISATION"), ...work("TRAINING"));
  if (org.length === 0) supervisionNotes.push({ message: "单位信息中未填写信息公开工作的分管负责人和工作机构，报告不写组织领导情况。", href: RECORD_LINKS.organisation });
  const inspections = data.inspections.filter((i) => inYear(toDay(i.date), year));
  const trainings = data.trainings.filter((t) => inYear(toDay(t.date), year));
  if (inspections.length > 0) {
    const findings = inspections.reduce((s, i) => s + i.findingsCount, 0);
    const rectifiedKnown = inspections.every((i) => i.rectifiedCount !== undefined);
    const rectified = inspections.reduce((s, i) => s + (i.rectifiedCount ?? 0), 0);
    let s = `全年开展政府信息公开工作督察${inspections.length}次`;
    s += findings > 0 ? `，发现问题${findings}个` : "，未发现问题";
    if (findings > 0 && rectifiedKnown) s += rectified >= findings ? "，均已督促整改到位" : `，已整改${rectified}个`;
    supervision.push(`${s}。`);
  } else {
    supervisionNotes.push({ message: "本年度没有督察记录，报告不写督察情况。", href: RECORD_LINKS.inspections });
  }
  if (trainings.length > 0) {
    const hours = trainings.reduce((s, t) => s + t.hours, 0);
    const people = trainings.reduce((s, t) => s + t.attendees, 0);
    const topics = trainings.map((t) => `“${t.topic}”`).join("、");
    supervision.push(
      `组织政府信息公开业务学习培训${trainings.length}次，累计${formatHours(hours)}学时、${people}人次参加，内容包括${topics}。`,
    );
  } else {
    supervisionNotes.push({ message: "本年度没有学习培训记录，报告不写培训情况。", href: RECORD_LINKS.training });
  }

  return {
    title: "一、总体情况",
    subsections: [
      { heading: "（一）主动公开", paragraphs: proactive },
      { heading: "（二）依申请公开", paragraphs: applications },
      { heading: "（三）政府信息管理", paragraphs: management, notes: managementNotes },
      { heading: "（四）平台建设", paragraphs: platforms, notes: platformNotes },
      { heading: "（五）监督保障", paragraphs: supervision, notes: supervisionNotes },
    ],
  };
}

function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

export function draftProblems(data: AnnualReportData, tables: AnnualTables = computeAnnualTables(data)): DraftSection {
  const { year, shortName: who } = data;
  const p = proactiveStats(year, data.proactiveItems, data.limits, data.categoryOrder);
  const limits = data.limits ?? DEFAULT_LIMITS;
  const inspections = data.inspections.filter((i) => inYear(toDay(i.date), year));
  const t = applicationTimeliness(year, data);
  const records = (data.records ?? []).filter((r) => r.year === year);

  // Problems the statistics show, then the ones recorded in the 问题与改进 register.
  const problems: string[] = [];
  if (p.late > 0) {
    const lateSubmit = p.lateItems.filter((l) => l.step === "submit").length;
    const latePublish = p.lateItems.filter((l) => l.step === "publish").length;
    const detail: string[] = [];
    if (lateSubmit > 0) detail.push(`${lateSubmit}条信息超过${limits.submitDays}日报送`);
    if (latePublish > 0) detail.push(`${latePublish}条信息超过${limits.publishDays}日公开`);
    problems.push(`信息公开时效有待提高。本年度有${p.late}条信息未按时公开，其中${detail.join("，")}。`);
  }
  if (t.late > 0) problems.push(`依申请公开答复时效有待提高。本年度有${t.late}件政府信息公开申请未在法定期限内答复。`);
  if (tables.issues.some((i) => i.severity === "error") || !tables.table3.ok || !tables.table4.ok) {
    problems.push("统计数据管理有待规范。年度报告统计数据与办理台账存在不一致的情况。");
  }
  const findings = inspections.reduce((s, i) => s + i.findingsCount, 0);
  const rectified = inspections.reduce((s, i) => s + (i.rectifiedCount ?? i.findingsCount), 0);
  if (findings > rectified) problems.push(`督察发现问题整改不够到位。本年度督察发现问题${findings}个，尚有${findings - rectified}个未整改到位。`);
  for (const r of records.filter((x) => x.kind === "PROBLEM")) problems.push(`${r.title}。${r.body}`.trim());
  const plans = records.filter((x) => x.kind === "PLAN").map((r) => `${r.title}。${r.body}`.trim());

  const problemNotes: DraftNote[] =
    problems.length === 0 ? [{ message: "问题与改进台账中没有本年度的问题，统计数据也未显示问题，报告不写这一部分。", href: RECORD_LINKS.register }] : [];
  const planNotes: DraftNote[] =
    plans.length === 0 ? [{ message: "问题与改进台账中没有改进措施或下一年度工作打算，报告不写这一部分。", href: RECORD_LINKS.register }] : [];
  const ordinal = (i: number) => ORDINALS[i] ?? String(i + 1);
  return {
    title: "五、存在的主要问题及改进情况",
    subsections: [
      { heading: "（一）存在的主要问题", paragraphs: problems.map((x, i) => `${ordinal(i)}是${x}`), notes: problemNotes },
      {
        heading: "（二）改进措施",
        paragraphs: plans.length ? [`${year + 1}年，${who}将重点抓好以下工作：`, ...plans.map((x, i) => `${ordinal(i)}是${x}`)] : [],
        notes: planNotes,
      },
    ],
  };
}

export function draftOther(data: AnnualReportData, tables: AnnualTables = computeAnnualTables(data)): DraftSection {
  const basic = basicSituation(data, tables);
  const paragraphs = [basic.fees];
  const prior = tables.table4.priorYearCasesConcluded;
  for (const k of CASE_KINDS) {
    const v = prior[k.code];
    const n = v.UPHELD + v.CORRECTED + v.OTHER;
    if (n === 0) continue;
    const parts = [
      ["结果维持", v.UPHELD],
      ["结果纠正", v.CORRECTED],
      ["其他结果", v.OTHER],
    ]
      .filter(([, c]) => (c as number) > 0)
      .map(([l, c]) => `${l}${c}件`);
    paragraphs.push(`上年度尚未审结的${k.label}案件中，有${n}件于${data.year}年审结，其中${parts.join("、")}。`);
  }
  paragraphs.push(...(data.otherMatters ?? []));
  if (paragraphs.length === 1) paragraphs.push("无其他需要报告的事项。");
  return { title: "六、其他需要报告的事项", subsections: [{ heading: null, paragraphs }] };
}

export function draftSections(data: AnnualReportData, tables: AnnualTables = computeAnnualTables(data)): ReportDrafts {
  return {
    intro: draftIntro(data),
    overview: draftOverview(data, tables),
    problems: draftProblems(data, tables),
    other: draftOther(data, tables),
  };
}

// ---------------------------------------------------------------------------------------------
// The older free-text form (the office's 2017 report)
// ---------------------------------------------------------------------------------------------

export function legacyIntro(year: number, organisationName: string, summary: string): string {
  return `${year}年，按照${TIAOLI}和《山东省政府信息公开办法》要求，${organisationName}${summary.trim()}现将一年来的政府信息公开工作情况报告如下：`;
}

/**
 * The report's opening in the pre-2019 free-text form: title, introduction and
 * 一、政府信息公开基本情况 with its four sub-sections. Paragraphs are separated by a blank
 * line, as in the office's 2017 report. (That report prints the first sub-heading with ASCII
 * brackets "(一)"; this uses full-width brackets throughout.)
 */
export function renderLegacyFreeText(year: number, data: AnnualReportData): string {
  const forYear: AnnualReportData = { ...data, year };
  const basic = basicSituation(forYear);
  // The introduction's account of the year comes from the year's SUMMARY record, if any.
  const summary = (data.records ?? []).find((r) => r.year === year && r.kind === "SUMMARY");
  return [
    data.organisationName,
    `${year}年度政府信息公开报告`,
    summary ? legacyIntro(year, data.organisationName, summary.body) : `现将${year}年政府信息公开工作情况报告如下：`,
    "一、政府信息公开基本情况",
    "（一）主动公开政府信息的情况",
    basic.proactive,
    "（二）依申请公开政府信息情况",
    basic.applications,
    "（三）政府信息公开收费及减免情况",
    basic.fees,
    "（四）因政府信息公开申请行政复议、提起行政诉讼的情况",
    basic.reviewAndLitigation,
  ].join("\n\n");
}
