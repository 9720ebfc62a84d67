import { describe, expect, it } from "vitest";
import {
  basicSituation,
  draftOther,
  draftOverview,
  draftProblems,
  draftSections,
  formatRate,
  proactiveStats,
  renderLegacyFreeText,
  type AnnualReportData,
} from "../../lib/annual-report/drafts";
import { computeAnnualTables } from "../../lib/annual-report/tables";
import { ANNUAL_2017, SEED_2017_BASIC_SITUATION, SEED_2017_LEGACY_OPENING } from "../fixtures/annual-2017";

const allParagraphs = (s: { subsections: { paragraphs: string[] }[] }): string[] => s.subsections.flatMap((x) => x.paragraphs);

describe("2017 fixture (the office's own report)", () => {
  it("has the report's figures: 10 items (2 统计数据, 1 规划计划, 7 其他信息); no sign-off dates to judge timeliness", () => {
    const p = proactiveStats(2017, ANNUAL_2017.proactiveItems);
    expect(p.total).toBe(10);
    expect(p.byCategory).toEqual([
      { category: "统计数据", count: 2 },
      { category: "规划计划", count: 1 },
      { category: "其他信息", count: 7 },
    ]);
    expect(p).toMatchObject({ onTime: 0, late: 0, unknown: 10 });
  });

  it("computes empty, balanced tables for 2017", () => {
    const t = computeAnnualTables(ANNUAL_2017);
    expect(t.ok).toBe(true);
    expect(t.table3.rows.every((r) => Object.values(r.values).every((n) => n === 0))).toBe(true);
    expect(t.table4.cells.every((c) => c.value === 0)).toBe(true);
  });

  it("reproduces the four sentences of 一、政府信息公开基本情况 exactly", () => {
    expect(basicSituation(ANNUAL_2017)).toEqual(SEED_2017_BASIC_SITUATION);
  });

  it("puts those sentences into the national-format drafts", () => {
    const d = draftSections(ANNUAL_2017);
    const overview = allParagraphs(d.overview);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.proactive);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.applications);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.reviewAndLitigation);
    expect(allParagraphs(d.other)).toContain(SEED_2017_BASIC_SITUATION.fees);
    expect(d.overview.title).toBe("一、总体情况");
    expect(d.overview.subsections.map((s) => s.heading)).toEqual([
      "（一）主动公开",
      "（二）依申请公开",
      "（三）政府信息管理",
      "（四）平台建设",
      "（五）监督保障",
    ]);
    // Only what the records say: no on-time rate (no sign-off dates), no inspection or training
    // figures (none recorded), nothing about normative documents (no catalogue).
    expect(overview.join("")).not.toMatch(/按时公开率|督察\d次|培训\d次|行政规范性文件/);
    expect(overview).toContain("2017年，办事处通过淄博高新区政府信息公开系统、有关网站发布政府信息。");
    expect(overview).toContain(
      "办事处由一名党工委委员专门牵头负责办事处的政府信息公开工作，并由党政办公室具体负责落实办事处信息公开各项工作。信息公开工作由各科室、单位安排人员兼职完成。",
    );
    // The work recorded for 2017 (the seed's 二、运转情况) is carried in 一(三) and 一(五).
    expect(overview.some((p) => p.startsWith("建立和完善信息公开工作机制。根据"))).toBe(true);
    expect(overview.some((p) => p.startsWith("加强学习和培训工作，提高工作人员的业务素养。"))).toBe(true);
    const notes = d.overview.subsections.flatMap((s) => s.notes ?? []);
    expect(notes.map((n) => n.href)).toEqual(["/console/reports/mapping", "/console/supervision", "/console/training"]);
    // The three problems and four plans recorded for 2017.
    expect(allParagraphs(d.problems).filter((p) => /^[一二三四]是/.test(p))).toHaveLength(7);
    expect(d.intro).toContain("统计期限自2017年1月1日起至2017年12月31日止");
    expect(d.problems.title).toBe("五、存在的主要问题及改进情况");
    expect(d.other.title).toBe("六、其他需要报告的事项");
    expect(allParagraphs(d.other)).toContain("无其他需要报告的事项。");
  });

  it("renders the older free-text form exactly as the office printed it", () => {
    expect(renderLegacyFreeText(2017, ANNUAL_2017)).toBe(SEED_2017_LEGACY_OPENING);
  });
});

function busy(): AnnualReportData {
  return {
    ...ANNUAL_2017,
    year: 2025,
    proactiveItems: [
      { title: "甲", category: "统计数据", formedDate: "2025-03-01", submittedDate: "2025-03-03", publishedDate: "2025-03-06" },
      // submitted 9 days after it was formed (limit 5)
      { title: "乙", category: "规划计划", formedDate: "2025-04-01", submittedDate: "2025-04-10", publishedDate: "2025-04-12" },
      // published 15 days after approval (limit 10)
      { title: "丙", category: "财政预决算", submittedDate: "2025-05-01", approvedDate: "2025-05-02", publishedDate: "2025-05-17" },
      // no process dates recorded
      { title: "丁", category: "其他信息", publishedDate: "2025-06-01", channels: ["淄博高新区政府信息公开系统", "微信公众号"] },
      // published in another year
      { title: "戊", category: "统计数据", publishedDate: "2024-12-30" },
    ],
    applications: [
      { id: "a1", applicantType: "NATURAL_PERSON", receivedDate: "2025-02-01", closedDate: "2025-02-20", dueDate: "2025-03-03", outcome: "GRANTED" },
      { id: "a2", applicantType: "COMMERCIAL", receivedDate: "2025-03-01", closedDate: "2025-04-10", dueDate: "2025-03-28", outcome: "WITHHELD_THIRD_PARTY" },
      { id: "a3", applicantType: "NATURAL_PERSON", receivedDate: "2024-12-25", closedDate: "2025-01-15", dueDate: "2025-01-24", outcome: "UNAVAILABLE_NOT_HELD" },
      { id: "a4", applicantType: "RESEARCH", receivedDate: "2025-12-20" },
    ],
    cases: [
      { kind: "复议", filedDate: "2025-05-01", result: "维持", closedDate: "2025-07-01" },
      { kind: "复议后起诉", filedDate: "2025-08-01", result: "尚未审结" },
      { kind: "未经复议直接起诉", filedDate: "2024-11-01", result: "纠正", closedDate: "2025-02-01" },
    ],
    catalogue: [{ reportRow: "NORMATIVE", issuedDate: "2025-03-01" }],
    fees: [
      { date: "2025-04-01", amountYuan: 100 },
      { date: "2025-05-01", amountYuan: 200 },
      { date: "2025-06-01", amountYuan: 50, waived: true },
    ],
    inspections: [{ date: "2025-06-30", scope: "各科室", findingsCount: 4, rectifiedCount: 3 }],
    trainings: [],
    otherMatters: ["本年度办理人大代表建议2件，均已按期答复。"],
    records: [
      { year: 2025, kind: "PROBLEM", title: "专业性水平有待提高", body: "信息公开工作由各科室、单位安排人员兼职完成。" },
      { year: 2025, kind: "PLAN", title: "加强学习培训", body: "积极组织人员参加高新区政府信息公开培训。" },
      // Another year's record is not this year's.
      { year: 2024, kind: "PROBLEM", title: "去年的问题", body: "" },
    ],
  };
}

describe("drafts written from a busy year", () => {
  const data = busy();
  const tables = computeAnnualTables(data);

  it("orders categories as the office lists them, 其他信息 last, without 类 after …信息", () => {
    expect(basicSituation(data, tables).proactive).toBe(
      "2025年，办事处主动公开政府业务工作类信息共4条，其中统计数据类1条，规划计划类1条，财政预决算类1条，其他信息1条。",
    );
  });

  it("measures timeliness against the office's limits", () => {
    const p = proactiveStats(2025, data.proactiveItems);
    expect(p).toMatchObject({ total: 4, onTime: 1, late: 2, unknown: 1 });
    expect(p.lateItems).toEqual([
      { title: "乙", step: "submit", days: 9, limit: 5 },
      { title: "丙", step: "publish", days: 15, limit: 10 },
    ]);
    expect(allParagraphs(draftOverview(data, tables))).toContain(
      "按照“科室、单位5日内签字报送，党政办公室10日内审核公开”的要求，本年度按时公开信息1条，未按时公开2条，按时公开率33.3%。",
    );
  });

  it("describes applications, timeliness and cases", () => {
    const b = basicSituation(data, tables);
    expect(b.applications).toBe(
      "2025年，办事处共收到政府信息公开申请3件，上年结转1件；本年度办结3件，其中予以公开1件，不予公开1件，无法提供1件；结转下年度继续办理1件。" +
        "在法定期限内答复2件，按期答复率66.7%。",
    );
    expect(b.reviewAndLitigation).toBe(
      "2025年，办事处因政府信息公开被申请行政复议1件（结果维持1件）；被提起行政诉讼1件，其中复议后起诉1件（尚未审结1件）。",
    );
    expect(b.fees).toBe("2025年，办事处严格按照《政府信息公开信息处理费管理办法》的规定收取信息处理费，共收取2件、计300元，减免1件、计50元。");
  });

  it("derives 五 from the year's shortcomings", () => {
    const problems = allParagraphs(draftProblems(data, tables));
    expect(problems[0]).toBe("一是信息公开时效有待提高。本年度有2条信息未按时公开，其中1条信息超过5日报送，1条信息超过10日公开。");
    expect(problems[1]).toBe("二是依申请公开答复时效有待提高。本年度有1件政府信息公开申请未在法定期限内答复。");
    expect(problems[2]).toBe("三是督察发现问题整改不够到位。本年度督察发现问题4个，尚有1个未整改到位。");
    expect(problems[3]).toBe("四是专业性水平有待提高。信息公开工作由各科室、单位安排人员兼职完成。");
    expect(problems.some((p) => p.includes("去年的问题"))).toBe(false);
    expect(problems).toContain("2026年，办事处将重点抓好以下工作：");
    expect(problems.at(-1)).toBe("一是加强学习培训。积极组织人员参加高新区政府信息公开培训。");
    // Without records or findings, nothing is written: a note says where to record them.
    const empty = draftProblems({ ...data, proactiveItems: [], applications: [], inspections: [], records: [] });
    expect(allParagraphs(empty)).toEqual([]);
    expect(empty.subsections.flatMap((s) => s.notes ?? []).map((n) => n.href)).toEqual(["/console/supervision/improvements", "/console/supervision/improvements"]);
  });

  it("reports in 六 the fees, earlier cases concluded this year and further matters", () => {
    const other = allParagraphs(draftOther(data, tables));
    expect(other).toEqual([
      "2025年，办事处严格按照《政府信息公开信息处理费管理办法》的规定收取信息处理费，共收取2件、计300元，减免1件、计50元。",
      "上年度尚未审结的未经复议直接起诉案件中，有1件于2025年审结，其中结果纠正1件。",
      "本年度办理人大代表建议2件，均已按期答复。",
    ]);
  });

  it("says so when the data do not add up", () => {
    const broken = { ...data, applications: [...data.applications, { id: "x", applicantType: "NATURAL_PERSON" as const, receivedDate: "2025-05-01", closedDate: "2025-05-02" }] };
    const problems = allParagraphs(draftProblems(broken));
    expect(problems.some((p) => p.includes("统计数据管理有待规范"))).toBe(true);
  });

  it("uses 均为 when all items share one category", () => {
    const one = { ...data, proactiveItems: [data.proactiveItems[0]] };
    expect(basicSituation(one).proactive).toBe("2025年，办事处主动公开政府业务工作类信息共1条，均为统计数据类信息。");
  });
});

describe("formatRate", () => {
  it("prints whole percentages without decimals and others with one", () => {
    expect(formatRate(10, 10)).toBe("100%");
    expect(formatRate(1, 3)).toBe("33.3%");
    expect(formatRate(0, 0)).toBe("—");
  });
});
