// National outcome codes for disclosure-on-application (依申请公开) and the applicant types,
// exactly as the annual-report table 三 of 国办公开办函〔2021〕30号 lists them.
//
// Codes are stable identifiers stored in the database and never renamed; labels are what the
// table prints. `legalBasis` cites the article of the 2019 《中华人民共和国政府信息公开条例》
// an answer of that kind rests on (used in answer letters and as a reminder to staff).

const TIAOLI = "《中华人民共和国政府信息公开条例》";

/** The six groups of table 三 row 三、本年度办理结果 (（一）…（六）). */
export const OUTCOME_GROUPS = [
  { code: "GRANTED", label: "（一）予以公开" },
  { code: "PARTIAL", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
  { code: "WITHHELD", label: "（三）不予公开" },
  { code: "UNAVAILABLE", label: "（四）无法提供" },
  { code: "NOT_PROCESSED", label: "（五）不予处理" },
  { code: "OTHER", label: "（六）其他处理" },
] as const;

export type OutcomeGroupCode = (typeof OUTCOME_GROUPS)[number]["code"];

export interface OutcomeDefinition {
  /** Stable code stored with an application. */
  code: string;
  /** Group (（一）…（六）). */
  group: OutcomeGroupCode;
  /** Number within the group as printed ("1".."8"), or null for single-row groups. */
  item: number | null;
  /** Row label exactly as the national table prints it. */
  label: string;
  /** Short name of the outcome, used in letters and lists: "不予公开（属于国家秘密）". */
  shortName: string;
  /** Legal basis in the 条例. */
  legalBasis: string;
}

/**
 * All outcome rows of table 三 in print order. `as const satisfies` keeps literal codes.
 */
export const OUTCOMES = [
  {
    code: "GRANTED",
    group: "GRANTED",
    item: null,
    label: "（一）予以公开",
    shortName: "予以公开",
    legalBasis: `${TIAOLI}第三十六条第（一）项、第（二）项`,
  },
  {
    code: "PARTIAL",
    group: "PARTIAL",
    item: null,
    label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    shortName: "部分公开",
    legalBasis: `${TIAOLI}第三十七条`,
  },
  {
    code: "WITHHELD_STATE_SECRET",
    group: "WITHHELD",
    item: 1,
    label: "1.属于国家秘密",
    shortName: "不予公开（属于国家秘密）",
    legalBasis: `${TIAOLI}第十四条`,
  },
  {
    code: "WITHHELD_PROHIBITED_BY_LAW",
    group: "WITHHELD",
    item: 2,
    label: "2.其他法律行政法规禁止公开",
    shortName: "不予公开（其他法律行政法规禁止公开）",
    legalBasis: `${TIAOLI}第十四条`,
  },
  {
    code: "WITHHELD_SECURITY_STABILITY",
    group: "WITHHELD",
    item: 3,
    label: "3.危及“三安全一稳定”",
    shortName: "不予公开（危及“三安全一稳定”）",
    legalBasis: `${TIAOLI}第十四条`,
  },
  {
    code: "WITHHELD_THIRD_PARTY",
    group: "WITHHELD",
    item: 4,
    label: "4.保护第三方合法权益",
    shortName: "不予公开（保护第三方合法权益）",
    legalBasis: `${TIAOLI}第十五条`,
  },
  {
    code: "WITHHELD_INTERNAL_AFFAIRS",
    group: "WITHHELD",
    item: 5,
    label: "5.属于三类内部事务信息",
    shortName: "不予公开（属于三类内部事务信息）",
    legalBasis: `${TIAOLI}第十六条第一款`,
  },
  {
    code: "WITHHELD_PROCESS_INFO",
    group: "WITHHELD",
    item: 6,
    label: "6.属于四类过程性信息",
    shortName: "不予公开（属于四类过程性信息）",
    legalBasis: `${TIAOLI}第十六条第二款`,
  },
  {
    code: "WITHHELD_ENFORCEMENT_FILE",
    group: "WITHHELD",
    item: 7,
    label: "7.属于行政执法案卷",
    shortName: "不予公开（属于行政执法案卷）",
    legalBasis: `${TIAOLI}第十六条第二款`,
  },
  {
    code: "WITHHELD_QUERY_MATTER",
    group: "WITHHELD",
    item: 8,
    label: "8.属于行政查询事项",
    shortName: "不予公开（属于行政查询事项）",
    legalBasis: `${TIAOLI}第三十六条第（七）项`,
  },
  {
    code: "UNAVAILABLE_NOT_HELD",
    group: "UNAVAILABLE",
    item: 1,
    label: "1.本机关不掌握相关政府信息",
    shortName: "无法提供（本机关不掌握相关政府信息）",
    legalBasis: `${TIAOLI}第三十六条第（四）项、第（五）项`,
  },
  {
    code: "UNAVAILABLE_NEEDS_CREATION",
    group: "UNAVAILABLE",
    item: 2,
    label: "2.没有现成信息需要另行制作",
    shortName: "无法提供（没有现成信息需要另行制作）",
    legalBasis: `${TIAOLI}第三十八条`,
  },
  {
    code: "UNAVAILABLE_UNCLEAR_AFTER_CORRECTION",
    group: "UNAVAILABLE",
    item: 3,
    label: "3.补正后申请内容仍不明确",
    shortName: "无法提供（补正后申请内容仍不明确）",
    legalBasis: `${TIAOLI}第三十条`,
  },
  {
    code: "NOT_PROCESSED_PETITION",
    group: "NOT_PROCESSED",
    item: 1,
    label: "1.信访举报投诉类申请",
    shortName: "不予处理（信访举报投诉类申请）",
    legalBasis: `${TIAOLI}第三十九条第一款`,
  },
  {
    code: "NOT_PROCESSED_REPEAT",
    group: "NOT_PROCESSED",
    item: 2,
    label: "2.重复申请",
    shortName: "不予处理（重复申请）",
    legalBasis: `${TIAOLI}第三十六条第（六）项`,
  },
  {
    code: "NOT_PROCESSED_PUBLICATION",
    group: "NOT_PROCESSED",
    item: 3,
    label: "3.要求提供公开出版物",
    shortName: "不予处理（要求提供公开出版物）",
    legalBasis: `${TIAOLI}第三十九条第二款`,
  },
  {
    code: "NOT_PROCESSED_EXCESSIVE",
    group: "NOT_PROCESSED",
    item: 4,
    label: "4.无正当理由大量反复申请",
    shortName: "不予处理（无正当理由大量反复申请）",
    legalBasis: `${TIAOLI}第三十五条`,
  },
  {
    // (check) The 条例 has no article naming this case; offices cite Art.2 (what counts as
    // government information to be disclosed) together with the national report format.
    code: "NOT_PROCESSED_CONFIRMATION",
    group: "NOT_PROCESSED",
    item: 5,
    label: "5.要求行政机关确认或重新出具已获取信息",
    shortName: "不予处理（要求行政机关确认或重新出具已获取信息）",
    legalBasis: `${TIAOLI}第二条；国办公开办函〔2021〕30号`,
  },
  {
    code: "OTHER_NO_CORRECTION",
    group: "OTHER",
    item: 1,
    label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    shortName: "其他处理（申请人无正当理由逾期不补正）",
    legalBasis: `${TIAOLI}第三十条`,
  },
  {
    code: "OTHER_FEE_UNPAID",
    group: "OTHER",
    item: 2,
    label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    shortName: "其他处理（申请人逾期未缴纳信息处理费）",
    legalBasis: `${TIAOLI}第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）`,
  },
  {
    code: "OTHER",
    group: "OTHER",
    item: 3,
    label: "3.其他",
    shortName: "其他处理",
    legalBasis: `${TIAOLI}有关规定`,
  },
] as const satisfies readonly OutcomeDefinition[];

export type OutcomeCode = (typeof OUTCOMES)[number]["code"];

export const OUTCOME_CODES: readonly OutcomeCode[] = OUTCOMES.map((o) => o.code);

const OUTCOME_BY_CODE = new Map<string, OutcomeDefinition>(OUTCOMES.map((o) => [o.code, o]));

export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === "string" && OUTCOME_BY_CODE.has(value);
}

export function getOutcome(code: OutcomeCode): OutcomeDefinition {
  const o = OUTCOME_BY_CODE.get(code);
  if (!o) throw new Error(`unknown outcome code: ${code}`);
  return o;
}

/**
 * Applicant types in table 三 column order. `organisation` marks the five columns printed under
 * the merged header 法人或其他组织.
 */
export const APPLICANT_TYPES = [
  { code: "NATURAL_PERSON", label: "自然人", organisation: false },
  { code: "COMMERCIAL", label: "商业企业", organisation: true },
  { code: "RESEARCH", label: "科研机构", organisation: true },
  { code: "PUBLIC_WELFARE", label: "社会公益组织", organisation: true },
  { code: "LEGAL_SERVICE", label: "法律服务机构", organisation: true },
  { code: "OTHER_ORGANISATION", label: "其他", organisation: true },
] as const;

export type ApplicantTypeCode = (typeof APPLICANT_TYPES)[number]["code"];

export const APPLICANT_TYPE_CODES: readonly ApplicantTypeCode[] = APPLICANT_TYPES.map((a) => a.code);

export const APPLICANT_ORGANISATION_HEADER = "法人或其他组织";

export function isApplicantTypeCode(value: unknown): value is ApplicantTypeCode {
  return typeof value === "string" && (APPLICANT_TYPE_CODES as readonly string[]).includes(value);
}
