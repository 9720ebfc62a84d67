import { describe, expect, it } from "vitest";
import { APPLICANT_TYPE_CODES, OUTCOME_CODES } from "../../lib/applications/outcomes";
import { computeAnnualTables, describeProblems, type ApplicationRecord } from "../../lib/annual-report/tables";
import { proactiveStats } from "../../lib/annual-report/drafts";
import {
  adjustmentTargets,
  describeAdjustmentTarget,
  parseAdjustmentTarget,
  readStoredAdjustments,
} from "../../lib/annual-report/adjustments";
import {
  effectiveReportRow,
  mapApplicantType,
  mapCaseKind,
  mapCaseResult,
  mapOutcome,
  shortNameOf,
} from "../../lib/reports/map-records";
import { readReportState, writeReportState } from "../../lib/reports/report-state";
import { ANNUAL_2017 } from "../fixtures/annual-2017";

describe("mapping database values onto the report's records", () => {
  it("reads the schema's old OTHER_ORG as the national column 其他 and passes unknown values through", () => {
    expect(mapApplicantType("OTHER_ORG")).toBe("OTHER_ORGANISATION");
    expect(mapApplicantType("OTHER_ORGANISATION")).toBe("OTHER_ORGANISATION");
    expect(mapApplicantType("GOVERNMENT")).toBe("GOVERNMENT");
    expect(mapOutcome("")).toBeNull();
    expect(mapCaseKind("LITIGATION_DIRECT")).toBe("未经复议直接起诉");
    expect(mapCaseKind("LITIGATION_AFTER_RECONSIDERATION")).toBe("复议后起诉");
    expect(mapCaseResult("CORRECTED")).toBe("纠正");
    expect(mapCaseResult("PENDING")).toBe("尚未审结");
    expect(shortNameOf("四宝山街道办事处")).toBe("办事处");
    expect(shortNameOf("某某区人民政府")).toBe("本机关");
  });

  it("counts a year of database rows of every type and outcome, balanced, and an unknown type loudly", () => {
    const rows = OUTCOME_CODES.map((outcome, i) => ({
      trackingCode: `T${i}`,
      applicantType: ["NATURAL_PERSON", "COMMERCIAL", "RESEARCH", "PUBLIC_WELFARE", "LEGAL_SERVICE", "OTHER_ORG"][i % 6],
      receivedOn: "2025-03-01",
      closedOn: "2025-03-20",
      outcome,
    }));
    const applications: ApplicationRecord[] = rows.map((r) => ({
      id: r.trackingCode,
      applicantType: mapApplicantType(r.applicantType),
      receivedDate: r.receivedOn,
      closedDate: r.closedOn,
      outcome: mapOutcome(r.outcome),
    }));
    const t = computeAnnualTables({ ...ANNUAL_2017, year: 2025, applications });
    expect(t.ok).toBe(true);
    for (const col of APPLICANT_TYPE_CODES) expect(t.table3.values.NEW[col]).toBeGreaterThan(0);
    expect(t.table3.values.RESULT_TOTAL.TOTAL).toBe(OUTCOME_CODES.length);

    const broken = computeAnnualTables({
      ...ANNUAL_2017,
      year: 2025,
      applications: [...applications, { id: "X", applicantType: mapApplicantType("GOVERNMENT"), receivedDate: "2025-04-01" }],
    });
    expect(broken.ok).toBe(false);
    expect(describeProblems(broken).join("")).toContain("申请X的申请人类型“GOVERNMENT”不在统计表所列类型之内");
  });

  it("finds a category's table-二 row on it or its nearest ancestor; 不计入 stops the search", () => {
    const cats = new Map([
      ["root", { parentId: null, reportRow: "NORMATIVE" }],
      ["child", { parentId: "root", reportRow: null }],
      ["grandchild", { parentId: "child", reportRow: "RULE" }],
      ["opt-out", { parentId: "root", reportRow: "" }],
      ["under-opt-out", { parentId: "opt-out", reportRow: null }],
      ["loop-a", { parentId: "loop-b", reportRow: null }],
      ["loop-b", { parentId: "loop-a", reportRow: null }],
    ]);
    expect(effectiveReportRow("child", cats)).toBe("NORMATIVE");
    expect(effectiveReportRow("grandchild", cats)).toBe("RULE");
    expect(effectiveReportRow("opt-out", cats)).toBeNull();
    expect(effectiveReportRow("under-opt-out", cats)).toBeNull();
    expect(effectiveReportRow("loop-a", cats)).toBeNull();
    expect(effectiveReportRow("missing", cats)).toBeNull();
  });

  it("judges timeliness against calendar due dates when it has them (a holiday moves the due date)", () => {
    // Formed 2025-09-29; 5 calendar days end on 10-04 in the National Day holiday, so the
    // office's calendar gives 10-09: a sign-off on 10-09 is on time.
    const item = { title: "国庆期间生成的信息", category: "其他信息", formedDate: "2025-09-29", submittedDate: "2025-10-09", approvedDate: "2025-10-10", publishedDate: "2025-10-11" };
    expect(proactiveStats(2025, [item])).toMatchObject({ onTime: 0, late: 1 });
    expect(proactiveStats(2025, [{ ...item, submitDueDate: "2025-10-09", publishDueDate: "2025-10-20" }])).toMatchObject({ onTime: 1, late: 0 });
  });
});

describe("adjustment targets", () => {
  it("names every cell of tables 二, 三 and 四 once, and parses them back", () => {
    const targets = adjustmentTargets();
    expect(targets.length).toBe(10 + 25 * 7 + 15);
    expect(new Set(targets.map((t) => t.value)).size).toBe(targets.length);
    for (const t of targets) expect(parseAdjustmentTarget(t.value)).not.toBeNull();
    expect(parseAdjustmentTarget("三|NEW|GOVERNMENT")).toBeNull();
    expect(parseAdjustmentTarget("二|LICENSING|x")).toBeNull();
    expect(describeAdjustmentTarget({ table: "三", row: "CARRIED_IN", column: "TOTAL", value: 1, reason: "" })).toBe(
      "表三 二、上年结转政府信息公开申请数量 × 总计",
    );
  });

  it("reads stored adjustments defensively", () => {
    const list = readStoredAdjustments([
      { table: "二", field: "LICENSING", value: 3, reason: "补录", id: "a", by: "张丽华", at: "2026-01-05T00:00:00Z" },
      { table: "三", row: "NEW", column: "NOPE", value: 1, reason: "x" },
      { table: "四", kind: "RECONSIDERATION", result: "UPHELD", value: "1", reason: "x" },
      "junk",
      null,
    ]);
    expect(list).toEqual([{ table: "二", field: "LICENSING", value: 3, mode: "set", reason: "补录", id: "a", by: "张丽华", at: "2026-01-05T00:00:00Z" }]);
    expect(readStoredAdjustments({})).toEqual([]);
  });
});

describe("report state", () => {
  it("survives JSON and reads garbage as an empty draft", () => {
    const state = {
      texts: { problems: "一是……" },
      trail: { ...readReportState(null).trail, submittedByName: "张丽华" },
      snapshot: { frozenAt: "2026-01-10T02:00:00.000Z", data: ANNUAL_2017 },
    };
    expect(readReportState(JSON.parse(JSON.stringify(writeReportState(state))))).toEqual(state);
    const empty = readReportState("nonsense");
    expect(empty.texts).toEqual({});
    expect(empty.snapshot).toBeNull();
    expect(Object.values(empty.trail).every((v) => v === null)).toBe(true);
  });
});
