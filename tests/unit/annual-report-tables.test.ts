import { describe, expect, it } from "vitest";
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_CODES,
  OUTCOMES,
  OUTCOME_CODES,
  getOutcome,
  isOutcomeCode,
  type ApplicantTypeCode,
  type OutcomeCode,
} from "../../lib/applications/outcomes";
import {
  CASE_KINDS,
  CASE_RESULT_KEYS,
  computeAnnualTables,
  describeProblems,
  type AnnualTablesInput,
  type ApplicationRecord,
  type CaseRecord,
} from "../../lib/annual-report/tables";

const Y = 2025;
const FIGURES = { licensingDecisions: 12, penaltyDecisions: 3, enforcementDecisions: 1, administrativeFeesWan: 1.25 };

function input(over: Partial<AnnualTablesInput> = {}): AnnualTablesInput {
  return { year: Y, applications: [], cases: [], catalogue: [], figures: FIGURES, ...over };
}

/** Every outcome for every applicant type, received and closed in Y. */
function everyCombination(): ApplicationRecord[] {
  const apps: ApplicationRecord[] = [];
  OUTCOME_CODES.forEach((outcome, i) => {
    APPLICANT_TYPE_CODES.forEach((type, j) => {
      const month = String(((i + j) % 12) + 1).padStart(2, "0");
      apps.push({
        id: `${outcome}-${type}`,
        applicantType: type,
        receivedDate: `${Y}-${month}-02`,
        closedDate: `${Y}-${month}-25`,
        outcome,
      });
    });
  });
  return apps;
}

/** Carry-over cases around the year boundaries, all for 自然人 unless stated. */
const carryOver: ApplicationRecord[] = [
  // received last year, closed this year: 上年结转 and 办理结果
  { id: "c1", applicantType: "NATURAL_PERSON", receivedDate: `${Y - 1}-12-20`, closedDate: `${Y}-01-10`, outcome: "GRANTED" },
  // received last year, still open at the end of this year: 上年结转 and 结转下年度
  { id: "c2", applicantType: "NATURAL_PERSON", receivedDate: `${Y - 1}-12-28`, closedDate: null },
  // received and closed last year: not in this year's table at all
  { id: "c3", applicantType: "NATURAL_PERSON", receivedDate: `${Y - 1}-05-01`, closedDate: `${Y - 1}-05-20`, outcome: "GRANTED" },
  // received this year, closed next year: 本年新收 and 结转下年度
  { id: "c4", applicantType: "LEGAL_SERVICE", receivedDate: `${Y}-12-24`, closedDate: `${Y + 1}-01-15`, outcome: "PARTIAL" },
  // received this year, still open: 本年新收 and 结转下年度
  { id: "c5", applicantType: "RESEARCH", receivedDate: `${Y}-12-30` },
  // received next year: nothing
  { id: "c6", applicantType: "NATURAL_PERSON", receivedDate: `${Y + 1}-01-03` },
  // closed on 31 December: counted as closed this year
  { id: "c7", applicantType: "COMMERCIAL", receivedDate: `${Y - 1}-12-15`, closedDate: `${Y}-12-31`, outcome: "NOT_PROCESSED_REPEAT" },
];

describe("outcome codes and applicant types", () => {
  it("lists the national rows in table order with their groups", () => {
    expect(OUTCOMES).toHaveLength(21);
    const groups = OUTCOMES.map((o) => o.group);
    expect(groups.filter((g) => g === "WITHHELD")).toHaveLength(8);
    expect(groups.filter((g) => g === "UNAVAILABLE")).toHaveLength(3);
    expect(groups.filter((g) => g === "NOT_PROCESSED")).toHaveLength(5);
    expect(groups.filter((g) => g === "OTHER")).toHaveLength(3);
    expect(new Set(OUTCOME_CODES).size).toBe(21);
    expect(OUTCOMES.map((o) => o.label)).toEqual([
      "（一）予以公开",
      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
      "1.属于国家秘密",
      "2.其他法律行政法规禁止公开",
      "3.危及“三安全一稳定”",
      "4.保护第三方合法权益",
      "5.属于三类内部事务信息",
      "6.属于四类过程性信息",
      "7.属于行政执法案卷",
      "8.属于行政查询事项",
      "1.本机关不掌握相关政府信息",
      "2.没有现成信息需要另行制作",
      "3.补正后申请内容仍不明确",
      "1.信访举报投诉类申请",
      "2.重复申请",
      "3.要求提供公开出版物",
      "4.无正当理由大量反复申请",
      "5.要求行政机关确认或重新出具已获取信息",
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
      "3.其他",
    ]);
    for (const o of OUTCOMES) expect(o.legalBasis, o.code).toMatch(/^《中华人民共和国政府信息公开条例》(第[一二三四五六七八九十]+条|有关规定)/);
    expect(getOutcome("WITHHELD_STATE_SECRET").legalBasis).toBe("《中华人民共和国政府信息公开条例》第十四条");
    expect(isOutcomeCode("GRANTED")).toBe(true);
    expect(isOutcomeCode("予以公开")).toBe(false);
  });

  it("lists applicant types in column order", () => {
    expect(APPLICANT_TYPES.map((a) => a.label)).toEqual(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]);
    expect(APPLICANT_TYPES.filter((a) => a.organisation)).toHaveLength(5);
  });
});

describe("table 三", () => {
  it("counts every applicant type and outcome, with carry-over both ways, and balances", () => {
    const t = computeAnnualTables(input({ applications: [...everyCombination(), ...carryOver] }));
    const v = t.table3.values;

    // Every outcome × applicant type cell holds its one application, plus the carry-over ones.
    for (const o of OUTCOME_CODES) {
      for (const a of APPLICANT_TYPE_CODES) {
        const extra = (o === "GRANTED" && a === "NATURAL_PERSON") || (o === "NOT_PROCESSED_REPEAT" && a === "COMMERCIAL") ? 1 : 0;
        expect(v[o][a], `${o}/${a}`).toBe(1 + extra);
      }
    }
    expect(v.NEW).toEqual({
      NATURAL_PERSON: 21,
      COMMERCIAL: 21,
      RESEARCH: 22,
      PUBLIC_WELFARE: 21,
      LEGAL_SERVICE: 22,
      OTHER_ORGANISATION: 21,
      TOTAL: 128,
    });
    expect(v.CARRIED_IN.NATURAL_PERSON).toBe(2);
    expect(v.CARRIED_IN.COMMERCIAL).toBe(1);
    expect(v.CARRIED_IN.TOTAL).toBe(3);
    expect(v.RESULT_TOTAL.NATURAL_PERSON).toBe(22);
    expect(v.RESULT_TOTAL.COMMERCIAL).toBe(22);
    expect(v.RESULT_TOTAL.TOTAL).toBe(128);
    expect(v.CARRIED_OUT).toEqual({
      NATURAL_PERSON: 1,
      COMMERCIAL: 0,
      RESEARCH: 1,
      PUBLIC_WELFARE: 0,
      LEGAL_SERVICE: 1,
      OTHER_ORGANISATION: 0,
      TOTAL: 3,
    });

    expect(t.table3.balance).toHaveLength(7);
    expect(t.table3.balance.every((b) => b.ok)).toBe(true);
    const total = t.table3.balance.find((b) => b.column === "TOTAL")!;
    expect(total).toMatchObject({ left: 131, right: 131, ok: true });
    expect(total.message).toContain("勾稽关系成立");
    expect(t.table3.ok).toBe(true);
    expect(t.issues).toEqual([]);
    expect(t.ok).toBe(true);
    expect(describeProblems(t)).toEqual([]);
    // Rows in national order.
    expect(t.table3.rows.map((r) => r.key)).toEqual(["NEW", "CARRIED_IN", ...OUTCOME_CODES, "RESULT_TOTAL", "CARRIED_OUT"]);
    expect(t.table3.rows[0].label).toBe("一、本年新收政府信息公开申请数量");
    expect(t.table3.rows.at(-1)!.label).toBe("四、结转下年度继续办理");
  });

  it("places Date values on China Standard Time calendar days", () => {
    const t = computeAnnualTables(
      input({
        applications: [
          // 2025-01-01 00:30 in Beijing, still 2024 in UTC
          { id: "d1", applicantType: "NATURAL_PERSON", receivedDate: new Date("2024-12-31T16:30:00Z") },
          // 2024-12-31 23:00 in Beijing
          { id: "d2", applicantType: "NATURAL_PERSON", receivedDate: new Date("2024-12-31T15:00:00Z") },
        ],
      }),
    );
    expect(t.table3.values.NEW.NATURAL_PERSON).toBe(1);
    expect(t.table3.values.CARRIED_IN.NATURAL_PERSON).toBe(1);
    expect(t.table3.values.CARRIED_OUT.NATURAL_PERSON).toBe(2);
    expect(t.table3.ok).toBe(true);
  });

  it("breaks visibly when an application is closed without an outcome", () => {
    const t = computeAnnualTables(
      input({
        applications: [
          ...carryOver,
          { id: "bad", applicantType: "PUBLIC_WELFARE", receivedDate: `${Y}-03-01`, closedDate: `${Y}-03-15` },
        ],
      }),
    );
    const col = t.table3.balance.find((b) => b.column === "PUBLIC_WELFARE")!;
    expect(col.ok).toBe(false);
    expect(col).toMatchObject({ newCount: 1, carriedIn: 0, resultTotal: 0, carriedOut: 0, left: 1, right: 0 });
    expect(col.message).toContain("勾稽关系不成立");
    expect(t.table3.balance.find((b) => b.column === "TOTAL")!.ok).toBe(false);
    expect(t.table3.balance.find((b) => b.column === "NATURAL_PERSON")!.ok).toBe(true);
    expect(t.issues).toContainEqual(expect.objectContaining({ code: "CLOSED_WITHOUT_OUTCOME", recordId: "bad", severity: "error" }));
    expect(t.table3.ok).toBe(false);
    expect(t.ok).toBe(false);
    const problems = describeProblems(t);
    expect(problems.some((p) => p.includes("社会公益组织") && p.includes("勾稽关系不成立"))).toBe(true);
    expect(problems.some((p) => p.includes("bad") && p.includes("没有办理结果"))).toBe(true);
  });

  it("warns about an outcome without a closing date and counts the application as open", () => {
    const t = computeAnnualTables(
      input({ applications: [{ id: "w", applicantType: "OTHER_ORGANISATION", receivedDate: `${Y}-06-01`, outcome: "GRANTED" }] }),
    );
    expect(t.table3.values.GRANTED.OTHER_ORGANISATION).toBe(0);
    expect(t.table3.values.CARRIED_OUT.OTHER_ORGANISATION).toBe(1);
    expect(t.table3.ok).toBe(true);
    expect(t.issues).toEqual([expect.objectContaining({ code: "OUTCOME_WITHOUT_CLOSED_DATE", severity: "warning" })]);
    expect(t.ok).toBe(true);
  });

  it("rejects unknown outcomes and applicant types loudly", () => {
    const t = computeAnnualTables(
      input({
        applications: [
          { id: "u1", applicantType: "NATURAL_PERSON", receivedDate: `${Y}-02-01`, closedDate: `${Y}-02-10`, outcome: "予以公开" as OutcomeCode },
          { id: "u2", applicantType: "个人" as ApplicantTypeCode, receivedDate: `${Y}-02-01` },
        ],
      }),
    );
    expect(t.issues.map((i) => i.code).sort()).toEqual(["UNKNOWN_APPLICANT_TYPE", "UNKNOWN_OUTCOME"]);
    expect(t.table3.balance.find((b) => b.column === "NATURAL_PERSON")!.ok).toBe(false);
    expect(t.ok).toBe(false);
  });

  it("re-checks after manual adjustments: an unbalanced correction fails, a balanced one passes", () => {
    const base = input({ applications: [...everyCombination(), ...carryOver] });

    const unbalanced = computeAnnualTables({
      ...base,
      adjustments: [{ table: "三", row: "NEW", column: "NATURAL_PERSON", value: 1, mode: "add", reason: "补录一件纸质申请" }],
    });
    expect(unbalanced.table3.values.NEW.NATURAL_PERSON).toBe(22);
    expect(unbalanced.table3.values.NEW.TOTAL).toBe(129); // derived 总计 follows the correction
    const np = unbalanced.table3.balance.find((b) => b.column === "NATURAL_PERSON")!;
    expect(np).toMatchObject({ ok: false, left: 24, right: 23 });
    expect(unbalanced.table3.balance.find((b) => b.column === "TOTAL")!.ok).toBe(false);
    expect(unbalanced.table3.ok).toBe(false);
    expect(unbalanced.adjustments).toEqual([
      expect.objectContaining({ before: 21, after: 22, adjustment: expect.objectContaining({ reason: "补录一件纸质申请" }) }),
    ]);

    const balanced = computeAnnualTables({
      ...base,
      adjustments: [
        { table: "三", row: "NEW", column: "NATURAL_PERSON", value: 22, reason: "补录一件纸质申请" },
        { table: "三", row: "GRANTED", column: "NATURAL_PERSON", value: 1, mode: "add", reason: "该申请已予以公开" },
      ],
    });
    expect(balanced.table3.values.RESULT_TOTAL.NATURAL_PERSON).toBe(23);
    expect(balanced.table3.values.RESULT_TOTAL.TOTAL).toBe(129);
    expect(balanced.table3.ok).toBe(true);
    expect(balanced.ok).toBe(true);
  });

  it("lets a derived cell be overridden and then reports the sum that no longer holds", () => {
    const t = computeAnnualTables({
      ...input({ applications: carryOver }),
      adjustments: [{ table: "三", row: "RESULT_TOTAL", column: "TOTAL", value: 9, reason: "手工填报" }],
    });
    expect(t.table3.values.RESULT_TOTAL.TOTAL).toBe(9);
    const rowSum = t.table3.sums.find((s) => s.target === "RESULT_TOTAL|TOTAL")!;
    expect(rowSum.ok).toBe(false);
    expect(rowSum.message).toContain("总计栏为9");
    expect(t.table3.balance.find((b) => b.column === "TOTAL")!.ok).toBe(false);
    expect(t.table3.balance.find((b) => b.column === "NATURAL_PERSON")!.ok).toBe(true);
  });

  it("ignores an adjustment that would make a count negative or fractional, with an error", () => {
    const t = computeAnnualTables({
      ...input({ applications: carryOver }),
      adjustments: [
        { table: "三", row: "CARRIED_IN", column: "RESEARCH", value: -1, mode: "add", reason: "误减" },
        { table: "三", row: "CARRIED_IN", column: "RESEARCH", value: 0.5, reason: "误填" },
      ],
    });
    expect(t.table3.values.CARRIED_IN.RESEARCH).toBe(0);
    expect(t.adjustments).toEqual([]);
    expect(t.issues.filter((i) => i.code === "INVALID_ADJUSTMENT")).toHaveLength(2);
    expect(t.ok).toBe(false);
  });
});

describe("table 四", () => {
  const cases: CaseRecord[] = [
    { id: "r1", kind: "复议", filedDate: `${Y}-02-01`, result: "维持", closedDate: `${Y}-04-01` },
    { id: "r2", kind: "复议", filedDate: `${Y}-03-01`, result: "纠正", closedDate: `${Y}-05-01` },
    { id: "r3", kind: "复议", filedDate: `${Y}-04-01`, result: "其他", closedDate: `${Y}-06-01` },
    { id: "r4", kind: "复议", filedDate: `${Y}-11-01`, result: "尚未审结" },
    // decided after the year end: still 尚未审结 in this year's report
    { id: "r5", kind: "复议", filedDate: `${Y}-12-01`, result: "维持", closedDate: `${Y + 1}-01-20` },
    { id: "d1", kind: "未经复议直接起诉", filedDate: `${Y}-01-10`, result: "维持", closedDate: `${Y}-09-10` },
    { id: "d2", kind: "未经复议直接起诉", filedDate: `${Y}-05-10`, result: "尚未审结" },
    { id: "a1", kind: "复议后起诉", filedDate: `${Y}-06-10`, result: "纠正", closedDate: `${Y}-12-31` },
    { id: "a2", kind: "复议后起诉", filedDate: `${Y}-07-10`, result: "其他", closedDate: `${Y}-10-31` },
    // filed last year, decided this year: not counted again, reported separately
    { id: "p1", kind: "未经复议直接起诉", filedDate: `${Y - 1}-10-10`, result: "纠正", closedDate: `${Y}-03-01` },
    // filed next year: ignored
    { id: "n1", kind: "复议", filedDate: `${Y + 1}-01-05`, result: "尚未审结" },
  ];

  it("counts cases filed in the year, concluded ones by result and the rest as 尚未审结", () => {
    const t = computeAnnualTables(input({ cases }));
    expect(t.table4.values).toEqual({
      RECONSIDERATION: { UPHELD: 1, CORRECTED: 1, OTHER: 1, PENDING: 2, TOTAL: 5 },
      DIRECT_LITIGATION: { UPHELD: 1, CORRECTED: 0, OTHER: 0, PENDING: 1, TOTAL: 2 },
      LITIGATION_AFTER_RECONSIDERATION: { UPHELD: 0, CORRECTED: 1, OTHER: 1, PENDING: 0, TOTAL: 2 },
    });
    expect(t.table4.cells).toHaveLength(15);
    expect(t.table4.cells.map((c) => `${c.kind}:${c.result}`)).toEqual(
      CASE_KINDS.flatMap((k) => CASE_RESULT_KEYS.map((r) => `${k.code}:${r}`)),
    );
    expect(t.table4.priorYearCasesConcluded.DIRECT_LITIGATION).toEqual({ UPHELD: 0, CORRECTED: 1, OTHER: 0 });
    expect(t.table4.ok).toBe(true);
    expect(t.ok).toBe(true);
  });

  it("fails the 总计 check when a corrected figure no longer adds up", () => {
    const t = computeAnnualTables({
      ...input({ cases }),
      adjustments: [{ table: "四", kind: "RECONSIDERATION", result: "TOTAL", value: 4, reason: "手工填报" }],
    });
    expect(t.table4.ok).toBe(false);
    const s = t.table4.sums.find((x) => x.target === "RECONSIDERATION|TOTAL")!;
    expect(s).toMatchObject({ expected: 5, actual: 4, ok: false });
    expect(describeProblems(t)).toContain(`表四${s.message}`);

    const fixed = computeAnnualTables({
      ...input({ cases }),
      adjustments: [{ table: "四", kind: "RECONSIDERATION", result: "PENDING", value: 1, reason: "r5已审结" }],
    });
    expect(fixed.table4.values.RECONSIDERATION.TOTAL).toBe(4);
    expect(fixed.table4.ok).toBe(true);
  });

  it("rejects a case of unknown kind with an error", () => {
    const t = computeAnnualTables(input({ cases: [{ id: "k", kind: "信访" as CaseRecord["kind"], filedDate: `${Y}-02-01`, result: "维持" }] }));
    expect(t.table4.values.RECONSIDERATION.TOTAL).toBe(0);
    expect(t.issues).toEqual([expect.objectContaining({ code: "UNKNOWN_CASE_KIND_OR_RESULT", severity: "error" })]);
    expect(t.ok).toBe(false);
  });

  it("warns when a final result has no decision date", () => {
    const t = computeAnnualTables(input({ cases: [{ id: "x", kind: "复议", filedDate: `${Y}-02-01`, result: "维持" }] }));
    expect(t.table4.values.RECONSIDERATION.PENDING).toBe(1);
    expect(t.issues).toEqual([expect.objectContaining({ code: "CASE_RESULT_WITHOUT_CLOSED_DATE", severity: "warning" })]);
  });
});

describe("table 二", () => {
  it("counts rules and normative documents issued, repealed and in force, and takes the hand-entered figures", () => {
    const t = computeAnnualTables(
      input({
        catalogue: [
          { reportRow: "NORMATIVE", issuedDate: `${Y - 3}-01-01` }, // in force
          { reportRow: "NORMATIVE", issuedDate: `${Y}-04-01` }, // issued, in force
          { reportRow: "NORMATIVE", issuedDate: `${Y - 2}-01-01`, repealedDate: `${Y}-09-01` }, // repealed
          { reportRow: "NORMATIVE", issuedDate: `${Y}-02-01`, repealedDate: `${Y}-11-01` }, // issued and repealed
          { reportRow: "NORMATIVE", issuedDate: `${Y - 2}-01-01`, repealedDate: `${Y + 1}-03-01` }, // in force at year end
          { reportRow: "NORMATIVE", issuedDate: `${Y + 1}-01-05` }, // next year
          { reportRow: "RULE", issuedDate: `${Y - 5}-06-01`, repealedDate: `${Y - 1}-06-01` }, // gone before Y
          { reportRow: "RULE", issuedDate: `${Y}-06-01` },
        ],
      }),
    );
    expect(t.table2).toEqual({
      rules: { issued: 1, repealed: 0, inForce: 1 },
      normative: { issued: 2, repealed: 2, inForce: 3 },
      licensing: 12,
      penalty: 3,
      enforcement: 1,
      administrativeFeesWan: 1.25,
    });
  });

  it("applies a correction to a hand-entered amount", () => {
    const t = computeAnnualTables({
      ...input(),
      adjustments: [{ table: "二", field: "ADMINISTRATIVE_FEES_WAN", value: 1.3, reason: "财政所核对后更正" }],
    });
    expect(t.table2.administrativeFeesWan).toBe(1.3);
    expect(t.adjustments[0]).toMatchObject({ before: 1.25, after: 1.3 });
  });
});
