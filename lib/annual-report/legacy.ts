// The whole report in the office's older free-text form (its 2017 report, before the 2021 national
// format): 一、政府信息公开基本情况 written from the data exactly as the office wrote it, then
// 二、政府信息公开工作运转情况, 三、存在的主要问题 and 四、下一步工作打算, taken from the
// national-format sections (the office's edited text where it wrote one).

import { renderLegacyFreeText, type AnnualReportData, type DraftSection, type ReportDrafts } from "./drafts";

const ORDINAL = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function paragraphsOf(section: DraftSection, from = 0, to = section.subsections.length): string[] {
  return section.subsections.slice(from, to).flatMap((s) => s.paragraphs);
}

/**
 * Sub-sections （三）政府信息管理, （四）平台建设 and （五）监督保障 of 一、总体情况 become the numbered
 * paragraphs of 运转情况; the first sub-section of 五 is 存在的主要问题, the rest 下一步工作打算.
 */
export function renderLegacyReport(year: number, data: AnnualReportData, drafts: ReportDrafts): string {
  const opening = renderLegacyFreeText(year, data);
  const running = drafts.overview.subsections.slice(2).filter((s) => s.paragraphs.length > 0);
  const runningParas = running.map((s, i) => {
    const name = (s.heading ?? "").replace(/^（[一二三四五六七八九十]+）/, "");
    const lead = name ? `（${ORDINAL[i] ?? i + 1}）${name}。` : `（${ORDINAL[i] ?? i + 1}）`;
    return lead + s.paragraphs.join("");
  });
  const problems = paragraphsOf(drafts.problems, 0, 1);
  const plans = paragraphsOf(drafts.problems, 1);
  const parts = [opening, "二、政府信息公开工作运转情况", ...runningParas, "三、存在的主要问题", ...problems];
  if (plans.length > 0) parts.push("四、下一步工作打算", ...plans);
  return parts.join("\n\n");
}
