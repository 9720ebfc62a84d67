import { z } from "zod";

// ---------------------------------------------------------------------------
// Resident identity card number (GB 11643-1999)
// ---------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

// First two digits of the administrative division code. 71 (Taiwan) and 81–83 are
// used by 港澳台居民居住证, which carry numbers in the same format.
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** Check character (0–9 or X) for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error("residentIdCheckChar expects 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export type ResidentIdProblem = "format" | "region" | "birthDate" | "checkDigit";

/** Why a resident ID number is invalid, or null when it is valid. `now` bounds the birth date. */
export function residentIdProblem(value: string, now: Date = new Date()): ResidentIdProblem | null {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return "format";
  if (!PROVINCE_CODES.has(Number(v.slice(0, 2)))) return "region";
  const year = Number(v.slice(6, 10));
  const month = Number(v.slice(10, 12));
  const day = Number(v.slice(12, 14));
  if (year < 1900 || !isValidDate(year, month, day)) return "birthDate";
  if (Date.UTC(year, month - 1, day) > now.getTime()) return "birthDate";
  if (residentIdCheckChar(v.slice(0, 17)) !== v[17]) return "checkDigit";
  return null;
}

export function isValidResidentId(value: string, now?: Date): boolean {
  return residentIdProblem(value, now) === null;
}

/** Birth date (YYYY-MM-DD) and sex encoded in a valid resident ID number. */
export function parseResidentId(value: string): { birthDate: string; sex: "male" | "female" } | null {
  if (!isValidResidentId(value)) return null;
  const v = value.trim();
  return {
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    sex: Number(v[16]) % 2 === 1 ? "male" : "female",
  };
}

const RESIDENT_ID_MESSAGES: Record<ResidentIdProblem, string> = {
  format: "身份证号码应为18位，前17位为数字，最后一位为数字或X",
  region: "身份证号码的地区码不正确",
  birthDate: "身份证号码中的出生日期不正确",
  checkDigit: "身份证号码校验位不正确",
};

// ---------------------------------------------------------------------------
// Mainland mobile numbers
// ---------------------------------------------------------------------------

/** Strips spaces, hyphens and a +86/0086 prefix; returns the bare 11 digits or the input trimmed. */
export function normalizeMobile(value: string): string {
  const compact = value.trim().replace(/[\s-]/g, "");
  const m = /^(?:\+86|0086|86)?(1\d{10})$/.exec(compact);
  return m ? m[1] : compact;
}

export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(value));
}

// ---------------------------------------------------------------------------
// Bank card numbers
// ---------------------------------------------------------------------------

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function isValidBankCard(value: string): boolean {
  const digits = value.replace(/[\s-]/g, "");
  return /^\d{16,19}$/.test(digits) && luhnValid(digits);
}

// ---------------------------------------------------------------------------
// Unified social credit code (GB 32100-2015) and organization code (GB 11714-1997)
// ---------------------------------------------------------------------------

// I, O, Z, S, V are excluded to avoid confusion with digits.
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  const s = first17.toUpperCase();
  if (s.length !== 17) throw new Error("usccCheckChar expects 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(s[i]);
    if (v < 0) throw new Error(`invalid character in credit code: ${s[i]}`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

export type UsccProblem = "format" | "checkChar";

export function usccProblem(value: string): UsccProblem | null {
  const v = value.trim().toUpperCase();
  // Position 1–2: registration authority and organization category; 3–8: administrative
  // division code (always digits); 9–17: organization code; 18: check character.
  if (!/^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/.test(v)) return "format";
  if (usccCheckChar(v.slice(0, 17)) !== v[17]) return "checkChar";
  return null;
}

export function isValidUscc(value: string): boolean {
  return usccProblem(value) === null;
}

/** Check character of a 9-character organization code (8 body characters + check). */
export function organizationCodeCheckChar(first8: string): string {
  const s = first8.toUpperCase();
  if (!/^[0-9A-Z]{8}$/.test(s)) throw new Error("organizationCodeCheckChar expects 8 characters");
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = s[i];
    const v = c >= "0" && c <= "9" ? Number(c) : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? "X" : r === 11 ? "0" : String(r);
}

export function isValidOrganizationCode(value: string): boolean {
  const v = value.trim().toUpperCase().replace("-", "");
  return /^[0-9A-Z]{8}[0-9X]$/.test(v) && organizationCodeCheckChar(v.slice(0, 8)) === v[8];
}

/** The 9-character organization code embedded in a credit code (前段码 of the 索引号). */
export function organizationCodeFromUscc(uscc: string): string {
  return uscc.trim().toUpperCase().slice(8, 17);
}

export interface GenerateUsccOptions {
  /** 登记管理部门代码: 1 = 机构编制 (default), 5 = 民政, 9 = 工商 … */
  registrationAuthority?: string;
  /** 机构类别代码: for 机构编制, 1 = 机关 (default), 2 = 事业单位. */
  category?: string;
  /** 6-digit administrative division code; default 370300 (淄博市). */
  region?: string;
  /** Random source in [0, 1); pass a seeded one for reproducible demo data. */
  random?: () => number;
}

/** A well-formed credit code (valid embedded organization code and check character) for demo data. */
export function generateUscc(options: GenerateUsccOptions = {}): string {
  const authority = (options.registrationAuthority ?? "1").toUpperCase();
  const category = (options.category ?? "1").toUpperCase();
  const region = options.region ?? "370300";
  const random = options.random ?? Math.random;
  if (!USCC_CHARS.includes(authority) || !USCC_CHARS.includes(category)) {
    throw new Error("invalid registration authority or category code");
  }
  if (!/^\d{6}$/.test(region)) throw new Error("region must be a 6-digit division code");
  let body = "";
  for (let i = 0; i < 8; i++) body += String(Math.floor(random() * 10));
  const orgCode = body + organizationCodeCheckChar(body);
  const first17 = authority + category + region + orgCode;
  return first17 + usccCheckChar(first17);
}

// ---------------------------------------------------------------------------
// Other identity documents accepted on the application form
// ---------------------------------------------------------------------------

/**
 * PRC passports: E + 8 digits or E + letter + 7 digits (ordinary, 2012 and 2019 series),
 * G + 8 digits (older ordinary), D/S/P + 7–8 digits (diplomatic, service, public affairs).
 */
export function isValidPassportNumber(value: string): boolean {
  const v = value.trim().toUpperCase();
  return /^(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|[DSP]E?\d{7,8})$/.test(v);
}

/** 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits; older cards add a 2-digit issue count. */
export function isValidHkMacaoPermit(value: string): boolean {
  return /^[HM]\d{8}(?:\d{2})?$/.test(value.trim().toUpperCase());
}

/** 台湾居民来往大陆通行证: 8 digits (2015 card); older booklets had 10 digits and a letter. */
export function isValidTaiwanPermit(value: string): boolean {
  return /^(?:\d{8}|\d{10}[A-Z]?)$/.test(value.trim().toUpperCase());
}

export const ID_DOCUMENT_TYPES = ["resident_id", "passport", "hk_macao_permit", "taiwan_permit"] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export const ID_DOCUMENT_TYPE_LABELS: Record<IdDocumentType, string> = {
  resident_id: "居民身份证",
  passport: "护照",
  hk_macao_permit: "港澳居民来往内地通行证",
  taiwan_permit: "台湾居民来往大陆通行证",
};

/** zh-CN error message for an ID document number, or null when it is acceptable. */
export function idDocumentError(type: IdDocumentType, number: string): string | null {
  switch (type) {
    case "resident_id": {
      const p = residentIdProblem(number);
      return p ? RESIDENT_ID_MESSAGES[p] : null;
    }
    case "passport":
      return isValidPassportNumber(number) ? null : "护照号码格式不正确";
    case "hk_macao_permit":
      return isValidHkMacaoPermit(number)
        ? null
        : "港澳居民来往内地通行证号码格式不正确（应为H或M开头加8位数字）";
    case "taiwan_permit":
      return isValidTaiwanPermit(number) ? null : "台湾居民来往大陆通行证号码格式不正确";
  }
}

// ---------------------------------------------------------------------------
// zod schemas
// ---------------------------------------------------------------------------

const trimmedUpper = z.string({ error: "请填写证件号码" }).trim().toUpperCase();

export const residentIdSchema = trimmedUpper
  .min(1, "请填写身份证号码")
  .superRefine((v, ctx) => {
    const p = residentIdProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: RESIDENT_ID_MESSAGES[p] });
  });

export const mobileSchema = z
  .string({ error: "请填写手机号码" })
  .trim()
  .min(1, "请填写手机号码")
  .transform((v) => normalizeMobile(v))
  .refine((v) => /^1[3-9]\d{9}$/.test(v), "手机号码格式不正确，应为11位大陆手机号码");

export const bankCardSchema = z
  .string({ error: "请填写银行卡号" })
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ""))
  .refine((v) => /^\d{16,19}$/.test(v), "银行卡号应为16至19位数字")
  .refine((v) => !/^\d{16,19}$/.test(v) || luhnValid(v), "银行卡号校验不正确，请核对");

export const usccSchema = trimmedUpper.superRefine((v, ctx) => {
  const p = usccProblem(v);
  if (p === "format") {
    ctx.addIssue({ code: "custom", message: "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）" });
  } else if (p === "checkChar") {
    ctx.addIssue({ code: "custom", message: "统一社会信用代码校验位不正确" });
  }
});

export const passportSchema = trimmedUpper.refine(isValidPassportNumber, "护照号码格式不正确");

export const hkMacaoPermitSchema = trimmedUpper.refine(
  isValidHkMacaoPermit,
  "港澳居民来往内地通行证号码格式不正确（应为H或M开头加8位数字）",
);

export const taiwanPermitSchema = trimmedUpper.refine(isValidTaiwanPermit, "台湾居民来往大陆通行证号码格式不正确");

/** `{ type, number }` as entered on the application form; the issue is reported on `number`. */
export const idDocumentSchema = z
  .object({
    type: z.enum(ID_DOCUMENT_TYPES, { error: "请选择证件类型" }),
    number: trimmedUpper.min(1, "请填写证件号码"),
  })
  .superRefine((doc, ctx) => {
    const message = idDocumentError(doc.type, doc.number);
    if (message) ctx.addIssue({ code: "custom", path: ["number"], message });
  });

export type IdDocument = z.infer<typeof idDocumentSchema>;
