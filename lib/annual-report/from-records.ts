// The annual report in the office's free-text form (its 2017 report), written only from records:
// every sentence carries its source — a record of the 问题与改进 register or of the work done
// (ReportRecord), a setting (单位信息, the office's time limits), or the statistics of the year's
// items, applications, fees, cases, inspections and trainings. Where a part has nothing to stand
// on, no sentence is written; a note says what is missing and where to record it (notes are for
// the editor, never printed).

import type { AnnualReportData } from "./drafts";
import { basicSituation, proactiveStats } from "./drafts";
import { inYear, toDay } from "./dates";

export const NARRATIVE_KINDS = ["SUMMARY", "WORK", "CHANNEL", "PROBLEM", "PLAN"] as const;
export type NarrativeKind = (typeof NARRATIVE_KINDS)[number];
export const WORK_SECTIONS = ["ORGANISATION", "SUPERVISION", "TRAINING", "MECHANISM"] as const;
export type WorkSection = (typeof WORK_SECTIONS)[number];

export const NARRATIVE_KIND_LABELS: Record<NarrativeKind, string> = {
  SUMMARY: "年度工作概述",
  WORK: "工作开展情况",
  CHANNEL: "公开渠道",
  PROBLEM: "存在的问题",
  PLAN: "改进措施和工作打算",
};

export const WORK_SECTION_LABELS: Record<WorkSection, string> = {
  ORGANISATION: "组织领导",
  SUPERVISION: "审核和督察",
  TRAINING: "学习培训",
  MECHANISM: "工作机制",
};

/** A record of the 问题与改进 register or of the work done (ReportRecord). */
export interface NarrativeRecord {
  id?: string;
  year: number;
  kind: NarrativeKind;
  section?: WorkSection | null;
  /** Lead clause, no full stop: "专业性水平有待提高". */
  title: string;
  /** Sentences after the lead. */
  body: string;
}

/** 单位信息: who leads and who does the disclosure work (a setting). */
export interface DisclosureOrganisation {
  /** "一名党工委委员" */
  leader: string;
  /** "党政办公室" */
  office: string;
  /** Staff doing the work; null = not recorded. */
  staffCount: number | null;
  /** Whether they do it part-time, besides other duties. */
  partTime: boolean;
}

export type SentenceSource =
  | { kind: "record"; ref: string }
  | { kind: "setting"; ref: string }
  | { kind: "statistic"; ref: string };

export interface SourcedSentence {
  text: string;
  source: SentenceSource;
}

export type LegacyBlock =
  | { type: "title"; text: string }
  | { type: "heading"; text: string }
  | { type: "paragraph"; sentences: SourcedSentence[] }
  | { type: "missing"; message: string; href: string };

/** Where each kind of missing record is entered in the console. */
export const RECORD_LINKS = {
  register: "/console/supervision/improvements",
  organisation: "/console/admin/organisation",
  training: "/console/training",
  inspections: "/console/supervision",
  catalogue: "/console/reports/mapping",
} as const;

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const TIAOLI = "《中华人民共和国政府信息公开条例》";

const rec = (r: NarrativeRecord, i: number): SentenceSource => ({ kind: "record", ref: r.id ?? `${r.kind}#${i}` });
const stat = (ref: string): SentenceSource => ({ kind: "statistic", ref });
const setting = (ref: string): SentenceSource => ({ kind: "setting", ref });

/** Splits Chinese prose into sentences, keeping the end mark: "…。", "…：", "…；". */
export function splitSentences(text: string): string[] {
  return (text.replace(/\s+/g, "").match(/[^。！？；：]+[。！？；：]?/g) ?? []).filter((s) => s.length > 0);
}

function sourced(text: string, source: SentenceSource): SourcedSentence[] {
  return splitSentences(text).map((t) => ({ text: t, source }));
}

function recordsOf(data: AnnualReportData, kind: NarrativeKind, section?: WorkSection): NarrativeRecord[] {
  return (data.records ?? []).filter((r) => r.year === data.year && r.kind === kind && (section === undefined || r.section === section));
}

/** "办事处由一名党工委委员专门牵头负责…，并由党政办公室具体负责落实…。" and the staffing. */
export function organisationSentences(data: AnnualReportData): SourcedSentence[] {
  const o = data.disclosureOrganisation;
  const who = data.shortName;
  if (!o || (!o.leader && !o.office)) return [];
  const parts: string[] = [];
  if (o.leader) parts.push(`${who}由${o.leader}专门牵头负责${who}的政府信息公开工作`);
  if (o.office) parts.push(`${parts.length ? "并" : `${who}`}由${o.office}具体负责落实${who}信息公开各项工作`);
  const out = [{ text: `${parts.join("，")}。`, source: setting("单位信息：信息公开工作分管负责人、工作机构") }];
  if (o.staffCount !== null || o.partTime) {
    const n = o.staffCount !== null ? `${o.staffCount}名` : "";
    const text = o.partTime
      ? `信息公开工作由各科室、单位安排${n}人员兼职完成。`
      : `${who}配备${n}专职工作人员负责信息公开工作。`;
    out.push({ text, source: setting("单位信息：信息公开工作人员") });
  }
  return out;
}

/** Every channel the year's records name: the items' publishing channels, then CHANNEL records. */
export function channelsUsed(data: AnnualReportData): { names: string[]; sources: SentenceSource } {
  const p = proactiveStats(data.year, data.proactiveItems, data.limits, data.categoryOrder);
  const names = [...p.channels];
  for (const r of recordsOf(data, "CHANNEL")) if (!names.includes(r.title)) names.push(r.title);
  return { names, sources: stat("主动公开信息的发布渠道及登记的公开渠道") };
}

function workBlocks(data: AnnualReportData): LegacyBlock[] {
  const who = data.shortName;
  const limits = data.limits ?? { submitDays: 5, publishDays: 10 };
  const office = data.disclosureOrganisation?.office || "";
  const blocks: LegacyBlock[] = [];
  let n = 0;
  for (const section of WORK_SECTIONS) {
    const records = recordsOf(data, "WORK", section);
    const facts: SourcedSentence[] = [];
    if (section === "ORGANISATION") facts.push(...organisationSentences(data));
    if (section === "SUPERVISION" && office) {
      const ch = channelsUsed(data);
      facts.push({
        text: `相关科室、单位在产生应主动公开的政府信息后，需于${limits.submitDays}日内由科室、单位负责人签字，提交${who}${office}审核。`,
        source: setting("主动公开期限设置"),
      });
      if (ch.names.length > 0) {
        facts.push({ text: `经审批后，由${office}于${limits.publishDays}日内在${ch.names.join("、")}上公开相关政府信息。`, source: setting("主动公开期限设置及公开渠道") });
      }
      const inspections = data.inspections.filter((i) => inYear(toDay(i.date), data.year));
      if (inspections.length > 0) {
        const found = inspections.reduce((s, i) => s + i.findingsCount, 0);
        const fixed = inspections.reduce((s, i) => s + (i.rectifiedCount ?? 0), 0);
        let t = `全年开展政府信息公开工作督察${inspections.length}次`;
        t += found === 0 ? "，未发现问题。" : `，发现问题${found}个，${fixed >= found ? "均已整改到位" : `已整改${fixed}个`}。`;
        facts.push({ text: t, source: stat("督察及整改记录") });
      }
    }
    if (section === "TRAINING") {
      const trainings = data.trainings.filter((t) => inYear(toDay(t.date), data.year));
      if (trainings.length > 0) {
        const people = trainings.reduce((s, t) => s + t.attendees, 0);
        facts.push({ text: `全年组织政府信息公开业务学习培训${trainings.length}次、${people}人次参加。`, source: stat("学习培训记录") });
      }
    }
    if (records.length === 0 && facts.length === 0) {
      blocks.push({ type: "missing", message: `未登记${WORK_SECTION_LABELS[section]}方面的工作记录，报告不写这一部分。`, href: section === "TRAINING" ? RECORD_LINKS.training : RECORD_LINKS.register });
      continue;
    }
    const head = records[0];
    const lead: SourcedSentence[] = head
      ? [{ text: `（${ORDINALS[n]}）${head.title}。`, source: rec(head, 0) }]
      : [{ text: `（${ORDINALS[n]}）${WORK_SECTION_LABELS[section]}。`, source: stat("标题") }];
    const body = records.flatMap((r, i) => sourced(r.body, rec(r, i)));
    blocks.push({ type: "paragraph", sentences: [...lead, ...facts, ...body] });
    n++;
  }
  return blocks;
}

function numberedRecords(records: NarrativeRecord[]): LegacyBlock[] {
  return records.map((r, i) => ({
    type: "paragraph" as const,
    sentences: [{ text: `${ORDINALS[i] ?? i + 1}是${r.title}。`, source: rec(r, i) }, ...sourced(r.body, rec(r, i))],
  }));
}

/** Problems the statistics show, besides the recorded ones: late items and late replies. */
function computedProblems(data: AnnualReportData): NarrativeRecord[] {
  const p = proactiveStats(data.year, data.proactiveItems, data.limits, data.categoryOrder);
  const out: NarrativeRecord[] = [];
  if (p.late > 0) {
    out.push({ year: data.year, kind: "PROBLEM", title: "信息公开时效有待提高", body: `本年度有${p.late}条信息未在规定时限内公开。`, id: "statistic:late-items" });
  }
  return out;
}

/** The whole report in the older free-text form, every sentence sourced. */
export function legacyReportBlocks(data: AnnualReportData): LegacyBlock[] {
  const { year, organisationName: org } = data;
  const blocks: LegacyBlock[] = [
    { type: "title", text: org },
    { type: "title", text: `${year}年度政府信息公开报告` },
  ];
  const summary = recordsOf(data, "SUMMARY")[0];
  if (summary) {
    blocks.push({
      type: "paragraph",
      sentences: [
        { text: `${year}年，按照${TIAOLI}和《山东省政府信息公开办法》要求，${org}${summary.body.replace(/\s+/g, "")}`, source: rec(summary, 0) },
        { text: "现将一年来的政府信息公开工作情况报告如下：", source: stat("结构") },
      ],
    });
  } else {
    blocks.push({ type: "missing", message: "未登记年度工作概述，引言只写报告范围。", href: RECORD_LINKS.register });
    blocks.push({ type: "paragraph", sentences: [{ text: `现将${year}年政府信息公开工作情况报告如下：`, source: stat("结构") }] });
  }
  const basic = basicSituation(data);
  blocks.push(
    { type: "heading", text: "一、政府信息公开基本情况" },
    { type: "heading", text: "（一）主动公开政府信息的情况" },
    { type: "paragraph", sentences: [{ text: basic.proactive, source: stat("主动公开信息") }] },
    { type: "heading", text: "（二）依申请公开政府信息情况" },
    { type: "paragraph", sentences: sourced(basic.applications, stat("依申请公开办理记录")) },
    { type: "heading", text: "（三）政府信息公开收费及减免情况" },
    { type: "paragraph", sentences: [{ text: basic.fees, source: stat("信息处理费记录") }] },
    { type: "heading", text: "（四）因政府信息公开申请行政复议、提起行政诉讼的情况" },
    { type: "paragraph", sentences: sourced(basic.reviewAndLitigation, stat("行政复议、行政诉讼记录")) },
    { type: "heading", text: "二、政府信息公开工作运转情况" },
    ...workBlocks(data),
    { type: "heading", text: "三、存在的主要问题" },
  );
  const problems = [...recordsOf(data, "PROBLEM"), ...computedProblems(data)];
  if (problems.length === 0) blocks.push({ type: "missing", message: "问题与改进台账中没有本年度的问题，报告不写这一部分。", href: RECORD_LINKS.register });
  else blocks.push(...numberedRecords(problems));
  blocks.push({ type: "heading", text: "四、下一步工作打算" });
  const plans = recordsOf(data, "PLAN");
  if (plans.length === 0) {
    blocks.push({ type: "missing", message: "问题与改进台账中没有下一年度的工作打算，报告不写这一部分。", href: RECORD_LINKS.register });
  } else {
    blocks.push({
      type: "paragraph",
      sentences: [{ text: `${year + 1}年，在做好基础工作的同时，将重点抓好以下${ORDINALS[plans.length - 1] ?? plans.length}方面工作：`, source: stat("登记的工作打算条数") }],
    });
    blocks.push(...numberedRecords(plans));
  }
  return blocks;
}

/** The printed text: titles, headings and paragraphs separated by blank lines; notes left out. */
export function renderBlocks(blocks: readonly LegacyBlock[]): string {
  return blocks
    .flatMap((b) => (b.type === "missing" ? [] : b.type === "paragraph" ? [b.sentences.map((s) => s.text).join("")] : [b.text]))
    .join("\n\n");
}

/** Sentences of the report with no record, setting or statistic behind them (should be none). */
export function unsupportedSentences(blocks: readonly LegacyBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === "paragraph" ? b.sentences.filter((s) => !s.source.ref).map((s) => s.text) : []));
}

/** Full-width punctuation, no spaces: "(一)" and "(一）" compare equal, as do "," and "，". */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, "").replace(/\(/g, "（").replace(/\)/g, "）").replace(/,/g, "，").replace(/:/g, "：").replace(/;/g, "；");
}

function bigrams(text: string): string[] {
  const chars = Array.from(normaliseText(text));
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

export interface ReferenceComparison {
  /** Sentences of the reference whose substance the report does not carry. */
  missing: { sentence: string; coverage: number }[];
  /** Sentences of the report with no record, setting or statistic behind them. */
  unsupported: string[];
  /** Sentences of the report the reference does not have (each with its source), for review. */
  added: SourcedSentence[];
}

/**
 * Compares a generated report with a reference text sentence by sentence. A reference sentence is
 * carried when at least `threshold` of its character pairs occur in the report (order and
 * joins may differ); a report sentence is "added" when under `threshold` of its pairs occur in
 * the reference.
 */
export function compareWithReference(blocks: readonly LegacyBlock[], reference: string, threshold = 0.9): ReferenceComparison {
  const generated = blocks.flatMap((b) => (b.type === "paragraph" ? b.sentences : b.type === "missing" ? [] : [{ text: b.text, source: stat("结构") }]));
  const genPairs = new Set(bigrams(generated.map((s) => s.text).join("")));
  const refPairs = new Set(bigrams(reference));
  const coverage = (pairs: string[], set: Set<string>) => (pairs.length === 0 ? 1 : pairs.filter((p) => set.has(p)).length / pairs.length);
  const refSentences = reference.split(/\n+/).flatMap((line) => splitSentences(normaliseText(line)));
  return {
    missing: refSentences
      .map((sentence) => ({ sentence, coverage: coverage(bigrams(sentence), genPairs) }))
      .filter((x) => x.coverage < threshold),
    unsupported: unsupportedSentences(blocks),
    added: generated.filter((s) => coverage(bigrams(s.text), refPairs) < threshold),
  };
}
