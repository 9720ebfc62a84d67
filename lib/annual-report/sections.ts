// The editable text of the report: the introduction and sections 一, 五 and 六, as plain text the
// office types into a text box. One paragraph per line; a short line of the form "（一）主动公开"
// (no full stop) is a sub-heading. Section titles are fixed by the national format and are not
// part of the text. A section the office has not edited follows the suggested draft, so its
// figures stay current until someone takes the wording over.

import type { DraftSection, DraftSubsection, ReportDrafts } from "./drafts";

export const SECTION_KEYS = ["intro", "overview", "problems", "other"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  intro: "引言",
  overview: "一、总体情况",
  problems: "五、存在的主要问题及改进情况",
  other: "六、其他需要报告的事项",
};

/** Text the office wrote for a section; null or absent = follow the suggested draft. */
export type ReportTexts = Partial<Record<SectionKey, string | null>>;

export const SECTION_MAX_CHARS = 20_000;

const HEADING_RE = /^（[一二三四五六七八九十]{1,3}）[^。；！？]{1,40}$/;

export function isSubheading(line: string): boolean {
  return HEADING_RE.test(line.trim());
}

function lines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export function sectionToText(section: DraftSection): string {
  const out: string[] = [];
  for (const sub of section.subsections) {
    if (sub.heading) out.push(sub.heading);
    out.push(...sub.paragraphs);
  }
  return out.join("\n");
}

export function textToSection(title: string, text: string): DraftSection {
  const subsections: DraftSubsection[] = [];
  let current: DraftSubsection | null = null;
  for (const line of lines(text)) {
    if (isSubheading(line)) {
      current = { heading: line, paragraphs: [] };
      subsections.push(current);
    } else {
      if (!current) {
        current = { heading: null, paragraphs: [] };
        subsections.push(current);
      }
      current.paragraphs.push(line);
    }
  }
  return { title, subsections };
}

/** The suggested draft of one section as editable text. */
export function suggestedText(drafts: ReportDrafts, key: SectionKey): string {
  return key === "intro" ? drafts.intro : sectionToText(drafts[key]);
}

function edited(texts: ReportTexts, key: SectionKey): string | null {
  const t = texts[key];
  return typeof t === "string" && t.trim().length > 0 ? t : null;
}

/** The drafts as published: the office's text where it wrote one, the suggestion elsewhere. */
export function mergeTexts(suggested: ReportDrafts, texts: ReportTexts): ReportDrafts {
  const intro = edited(texts, "intro");
  const section = (key: "overview" | "problems" | "other"): DraftSection => {
    const t = edited(texts, key);
    return t === null ? suggested[key] : textToSection(suggested[key].title, t);
  };
  return {
    intro: intro === null ? suggested.intro : lines(intro).join("\n"),
    overview: section("overview"),
    problems: section("problems"),
    other: section("other"),
  };
}

/** Which sections follow the suggestion and which carry the office's own wording. */
export function editedSections(texts: ReportTexts): SectionKey[] {
  return SECTION_KEYS.filter((k) => edited(texts, k) !== null);
}

/** A problem with a text the office typed, in zh-CN; null when it is fine. */
export function checkSectionText(key: SectionKey, text: string): string | null {
  if (text.trim().length === 0) return `“${SECTION_LABELS[key]}”不能为空；如需恢复建议稿，请点击“恢复建议稿”`;
  if (Array.from(text).length > SECTION_MAX_CHARS) return `“${SECTION_LABELS[key]}”不能超过${SECTION_MAX_CHARS}个字`;
  return null;
}
