import { describe, expect, it } from "vitest";
import { applicationFormSchema, normalizePhone, pickFormValues } from "../../lib/applications/application-schema";
import { maskAddress, maskApplicantName, maskEmail, maskIdNumber, maskName, maskPhone } from "../../lib/applications/mask";
import { generateTrackingCode, normalizeTrackingCode, phoneLastFour, TRACKING_ALPHABET } from "../../lib/applications/tracking-code";
import { findDuplicateHints, textSimilarity, type DuplicateCandidate } from "../../lib/applications/duplicates";
import { CAPTCHA_TEST_ANSWER, createCaptcha, createCaptchaChallenge, verifyCaptcha } from "../../lib/captcha/captcha";
import { signTrackingSession, verifyTrackingSession } from "../../lib/applications/tracking";
import { toClockEvents } from "../../lib/applications/records";
import { formatRetryAfter } from "../../lib/rate-limit/rate-limit";
import { generateUscc } from "../../lib/validation/ids";

const VALID_ID = "370303199001011239";

function person(extra: Record<string, string> = {}) {
  return {
    applicantType: "NATURAL_PERSON",
    applicantName: "张小明",
    idType: "resident_id",
    idNumber: VALID_ID,
    phone: "13800138000",
    description: "请提供2025年度四宝山街道财政预算执行情况报告",
    formWanted: "ELECTRONIC",
    deliveryMethod: "ONLINE",
    ...extra,
  };
}

function errorsOf(input: Record<string, unknown>): Record<string, string> {
  const r = applicationFormSchema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("applicationFormSchema", () => {
  it("accepts a natural person's complete application and normalises it", () => {
    const r = applicationFormSchema.parse(person({ idNumber: "37030319900101123x".replace("x", "9"), phone: "138 0013 8000", email: "" }));
    expect(r).toMatchObject({ applicantType: "NATURAL_PERSON", idType: "resident_id", phone: "13800138000", email: null, orgCode: null });
  });

  it("rejects a resident ID with a wrong check digit, in Chinese", () => {
    expect(errorsOf(person({ idNumber: "370303199001011230" })).idNumber).toMatch(/校验/);
  });

  it("requires a phone number (contact, 条例第二十九条) and says so", () => {
    expect(errorsOf(person({ phone: "" })).phone).toBe("请填写联系电话");
    expect(errorsOf(person({ phone: "12345" })).phone).toMatch(/格式不正确/);
  });

  it("accepts a landline with its area code", () => {
    expect(normalizePhone("0533-3581234")).toBe("0533-3581234");
    expect(normalizePhone("05333581234")).toBe("05333581234");
    expect(normalizePhone("3581234")).toBeNull();
  });

  it("asks for the name, the description and the choices", () => {
    const e = errorsOf({ applicantType: "NATURAL_PERSON", idType: "resident_id", idNumber: VALID_ID, phone: "13800138000" });
    expect(e.applicantName).toBe("请填写申请人姓名");
    expect(e.description).toBe("请描述所需政府信息的内容");
    expect(e.formWanted).toBe("请选择所需信息的提供形式");
    expect(e.deliveryMethod).toBe("请选择获取信息的方式");
    expect(errorsOf({}).applicantType).toBe("请选择申请人类型");
  });

  it("needs an e-mail address for delivery by e-mail and a postal address for delivery by post", () => {
    expect(errorsOf(person({ deliveryMethod: "EMAIL" })).email).toMatch(/电子邮箱/);
    expect(errorsOf(person({ deliveryMethod: "POST" })).address).toMatch(/通信地址/);
    expect(errorsOf(person({ email: "not-an-address" })).email).toBe("电子邮箱格式不正确");
  });

  it("requires an organisation's USCC with a valid check character and a contact person", () => {
    const uscc = generateUscc({ registrationAuthority: "9", category: "1", random: () => 0.37 });
    const org = { ...person(), applicantType: "COMMERCIAL", applicantName: "淄博某某科技有限公司", idType: "", idNumber: uscc };
    expect(errorsOf(org).contactPerson).toBe("请填写联系人姓名");
    const ok = applicationFormSchema.parse({ ...org, contactPerson: "李四" });
    expect(ok).toMatchObject({ idType: "uscc", orgCode: uscc, contactPerson: "李四" });
    const bad = uscc.slice(0, 17) + (uscc[17] === "0" ? "1" : "0");
    expect(errorsOf({ ...org, contactPerson: "李四", idNumber: bad }).idNumber).toMatch(/校验位不正确/);
  });

  it("does not let a person use a USCC as ID document", () => {
    expect(errorsOf(person({ idType: "uscc" })).idType).toBe("请选择身份证件类型");
  });

  it("echoes back only known text fields", () => {
    expect(pickFormValues({ applicantName: "张三", captchaToken: "x", evil: "y" })).toEqual({ applicantName: "张三" });
  });
});

describe("masks", () => {
  it("masks names, phones, ID numbers, e-mail and addresses", () => {
    expect(maskName("张小明")).toBe("张*明");
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳小明")).toBe("欧**明");
    expect(maskPhone("13800138000")).toBe("138****8000");
    expect(maskPhone("0533-3581234")).toBe("0533-***1234");
    expect(maskIdNumber("37030319900101123X")).toBe("3703**********123X");
    expect(maskEmail("zhangsan@example.com")).toBe("z***@example.com");
    expect(maskAddress("山东省淄博市高新区四宝山街道某小区")).toBe("山东省淄博市***");
  });

  it("does not mask an organisation's name (not personal data)", () => {
    expect(maskApplicantName("淄博某某科技有限公司", "COMMERCIAL")).toBe("淄博某某科技有限公司");
    expect(maskApplicantName("张小明", "NATURAL_PERSON")).toBe("张*明");
  });
});

describe("tracking codes", () => {
  it("generates year-XXXX-XXXX codes from the unambiguous alphabet", () => {
    const code = generateTrackingCode(2026);
    expect(code).toMatch(/^2026-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    for (const ch of code.slice(5).replace("-", "")) expect(TRACKING_ALPHABET).toContain(ch);
  });

  it("accepts what people type and refuses look-alike characters", () => {
    expect(normalizeTrackingCode(" 2026 7kqm 3xpd ")).toBe("2026-7KQM-3XPD");
    expect(normalizeTrackingCode("2026－7KQM－3XPD")).toBe("2026-7KQM-3XPD");
    expect(normalizeTrackingCode("2026-7KQM-3XP0")).toBeNull();
    expect(normalizeTrackingCode("abc")).toBeNull();
  });

  it("takes the phone's last four digits as the second factor", () => {
    expect(phoneLastFour("0533-3581234")).toBe("1234");
    expect(phoneLastFour("13800138000")).toBe("8000");
  });
});

describe("duplicate hints", () => {
  const base: DuplicateCandidate = {
    id: "a",
    trackingCode: "2026-AAAA-AAAA",
    applicantName: "张小明",
    idNumber: VALID_ID,
    phone: "13800138000",
    infoTitle: "2025年度财政预算执行情况",
    description: "请提供四宝山街道2025年度财政预算执行情况报告",
    submittedAt: new Date("2026-03-01T00:00:00Z"),
  };

  it("scores near-identical requests high and unrelated ones low", () => {
    expect(textSimilarity("2025年度财政预算执行情况", "2025年度财政预算执行情况的报告")).toBeGreaterThan(0.8);
    expect(textSimilarity("2025年度财政预算执行情况", "某小区拆迁补偿安置方案")).toBeLessThan(0.2);
  });

  it("hints at the same applicant's similar request, not at another applicant's", () => {
    const same = { ...base, id: "b", trackingCode: "2026-BBBB-BBBB", description: "申请公开四宝山街道2025年度财政预算执行情况" };
    const other = { ...same, id: "c", trackingCode: "2026-CCCC-CCCC", idNumber: "11010519491231002X", applicantName: "李四", phone: "13900000000" };
    const unrelated = { ...base, id: "d", trackingCode: "2026-DDDD-DDDD", infoTitle: null, description: "某小区拆迁补偿安置方案" };
    const hints = findDuplicateHints(base, [same, other, unrelated]);
    expect(hints.map((h) => h.id)).toEqual(["b"]);
  });
});

describe("CAPTCHA", () => {
  const secret = "unit-test-secret-unit-test-secret";

  it("accepts the right answer in any case, once it is checked", async () => {
    const c = createCaptcha({ secret, now: 1_000_000 });
    expect(c.token).not.toContain(c.text);
    expect(await verifyCaptcha(c.token, c.text.toUpperCase(), { secret, now: 1_000_000 })).toBeNull();
  });

  it("refuses a wrong, missing, expired or tampered answer", async () => {
    const c = createCaptcha({ secret, now: 1_000_000 });
    expect(await verifyCaptcha(c.token, "zzzzz", { secret, now: 1_000_000 })).toBe("wrong");
    expect(await verifyCaptcha(c.token, "", { secret, now: 1_000_000 })).toBe("missing");
    expect(await verifyCaptcha(c.token, c.text, { secret, now: 1_000_000 + 16 * 60_000 })).toBe("expired");
    const [n, exp, m, a] = c.token.split(".");
    expect(await verifyCaptcha([n, String(Number(exp) + 3600), m, a].join("."), c.text, { secret, now: 1_000_000 })).toBe("malformed");
    expect(await verifyCaptcha(c.token, c.text, { secret: "another-secret-another-secret-xx", now: 1_000_000 })).toBe("malformed");
  });

  it("sends the browser a raster picture only: no SVG path to look up", async () => {
    const c = await createCaptchaChallenge({ secret, now: 1_000_000 });
    expect(c.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(c.imageDataUrl.split(",")[1], "base64");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.toString("latin1")).not.toMatch(/<path|<svg/);
    expect(c.token).not.toContain(c.text);
    expect(await verifyCaptcha(c.token, c.text, { secret, now: 1_000_000 })).toBeNull();
  });

  it("accepts the fixed test answer only in test mode", async () => {
    const c = createCaptcha({ secret, now: 1_000_000 });
    expect(await verifyCaptcha(c.token, CAPTCHA_TEST_ANSWER, { secret, now: 1_000_000 })).toBe("wrong");
    expect(await verifyCaptcha(c.token, CAPTCHA_TEST_ANSWER, { secret, now: 1_000_000, testMode: true })).toBeNull();
  });
});

describe("tracking session", () => {
  const secret = "tracking-secret-tracking-secret-x";
  it("grants the application it was issued for until it expires", () => {
    const t = signTrackingSession(secret, "cmabc123", 1_000_000);
    expect(verifyTrackingSession(secret, t, 1_000_000)).toBe("cmabc123");
    expect(verifyTrackingSession(secret, t, 1_000_000 + 31 * 60_000)).toBeNull();
    expect(verifyTrackingSession(secret, t.replace("cmabc123", "cmabc124"), 1_000_000)).toBeNull();
    expect(verifyTrackingSession("x".repeat(32), t, 1_000_000)).toBeNull();
    expect(verifyTrackingSession(secret, undefined)).toBeNull();
  });
});

describe("toClockEvents", () => {
  const ev = (type: string, on: string, data: Record<string, string | number> | null = null) => ({
    type,
    on: new Date(`${on}T00:00:00Z`),
    data,
  });

  it("passes the wait for a fee as an uncapped pause ended by payment or waiver", () => {
    expect(
      toClockEvents([
        ev("RECEIPT_CONFIRMED", "2026-03-02"),
        ev("FEE_NOTICE_ISSUED", "2026-03-05", { dueOn: "2026-04-02" }),
        ev("FEE_PAID", "2026-03-10"),
        ev("FEE_WAIVED", "2026-03-11", { reason: "x" }),
      ]),
    ).toEqual([
      { type: "CONSULTATION_STARTED", on: "2026-03-05", consultee: "AGENCY" },
      { type: "CONSULTATION_ENDED", on: "2026-03-10" },
    ]);
  });

  it("maps corrections, consultations, extensions and the close", () => {
    expect(
      toClockEvents([
        ev("CORRECTION_REQUESTED", "2026-03-03", { deadlineOn: "2026-03-24" }),
        ev("CORRECTION_RECEIVED", "2026-03-10"),
        ev("CONSULTATION_STARTED", "2026-03-11", { consultee: "THIRD_PARTY", recipientReceivedOn: "2026-03-12" }),
        ev("CONSULTATION_ENDED", "2026-03-20"),
        ev("EXTENSION_REQUESTED", "2026-03-23", { workingDays: 10 }),
        ev("EXTENSION_GRANTED", "2026-03-24", { workingDays: 10 }),
        ev("CLOSED", "2026-04-20"),
      ]).map((e) => e.type),
    ).toEqual(["CORRECTION_REQUESTED", "CORRECTION_RECEIVED", "CONSULTATION_STARTED", "CONSULTATION_ENDED", "EXTENSION_GRANTED", "CLOSED"]);
  });
});

describe("formatRetryAfter", () => {
  it("speaks minutes and hours", () => {
    expect(formatRetryAfter(30)).toBe("1分钟");
    expect(formatRetryAfter(600)).toBe("10分钟");
    expect(formatRetryAfter(7200)).toBe("2小时");
  });
});
