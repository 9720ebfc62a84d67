import { describe, expect, it } from "vitest";
import {
  bankCardSchema,
  generateUscc,
  hkMacaoPermitSchema,
  idDocumentError,
  idDocumentSchema,
  isValidBankCard,
  isValidHkMacaoPermit,
  isValidMobile,
  isValidOrganizationCode,
  isValidPassportNumber,
  isValidResidentId,
  isValidTaiwanPermit,
  isValidUscc,
  luhnValid,
  mobileSchema,
  normalizeMobile,
  organizationCodeFromUscc,
  parseResidentId,
  passportSchema,
  residentIdCheckChar,
  residentIdProblem,
  residentIdSchema,
  usccCheckChar,
  usccSchema,
} from "../../lib/validation/ids";

// The GB 11643 worked example and a second number built with the same algorithm.
const VALID_ID_X = "11010519491231002X";
const VALID_ID_DIGIT = "370303199001011239";

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.error?.issues.map((i) => i.message) ?? [];
}

describe("resident ID numbers", () => {
  it("computes the ISO 7064 MOD 11-2 check character", () => {
    expect(residentIdCheckChar("11010519491231002")).toBe("X");
    expect(residentIdCheckChar("37030319900101123")).toBe("9");
  });

  it("accepts valid numbers, including a lower-case x", () => {
    expect(isValidResidentId(VALID_ID_X)).toBe(true);
    expect(isValidResidentId(VALID_ID_X.toLowerCase())).toBe(true);
    expect(isValidResidentId(VALID_ID_DIGIT)).toBe(true);
  });

  it("rejects a wrong check digit", () => {
    expect(residentIdProblem("110105194912310021")).toBe("checkDigit");
    expect(residentIdProblem("370303199001011230")).toBe("checkDigit");
  });

  it("rejects impossible or future birth dates even with a matching check digit", () => {
    const feb30 = "37030319900230123";
    expect(residentIdProblem(feb30 + residentIdCheckChar(feb30))).toBe("birthDate");
    const notLeap = "37030319000229123"; // 1900 was not a leap year
    expect(residentIdProblem(notLeap + residentIdCheckChar(notLeap))).toBe("birthDate");
    const leap = "37030320000229123";
    expect(residentIdProblem(leap + residentIdCheckChar(leap))).toBeNull();
    const future = "37030320300101123";
    expect(residentIdProblem(future + residentIdCheckChar(future), new Date("2026-01-01"))).toBe("birthDate");
  });

  it("rejects unknown region prefixes and wrong lengths", () => {
    const badRegion = "99030319900101123";
    expect(residentIdProblem(badRegion + residentIdCheckChar(badRegion))).toBe("region");
    expect(residentIdProblem("37030319900101123")).toBe("format");
    expect(residentIdProblem("3703031990010112377")).toBe("format");
    expect(residentIdProblem("37030319900101123A")).toBe("format");
  });

  it("parses birth date and sex", () => {
    expect(parseResidentId(VALID_ID_X)).toEqual({ birthDate: "1949-12-31", sex: "female" });
    expect(parseResidentId(VALID_ID_DIGIT)).toEqual({ birthDate: "1990-01-01", sex: "male" });
    expect(parseResidentId("110105194912310021")).toBeNull();
  });

  it("schema reports zh-CN messages and upper-cases the X", () => {
    expect(residentIdSchema.parse(" 11010519491231002x ")).toBe(VALID_ID_X);
    expect(messages(residentIdSchema.safeParse("110105194912310021"))).toEqual(["身份证号码校验位不正确"]);
    expect(messages(residentIdSchema.safeParse("12345"))[0]).toContain("18位");
  });
});

describe("mobile numbers", () => {
  it("accepts 1[3-9] followed by 9 digits, with common formatting", () => {
    expect(isValidMobile("13800138000")).toBe(true);
    expect(isValidMobile("199 0000 1111")).toBe(true);
    expect(isValidMobile("+86 138-0013-8000")).toBe(true);
    expect(normalizeMobile("0086 13800138000")).toBe("13800138000");
  });

  it("rejects other prefixes and lengths", () => {
    expect(isValidMobile("12800138000")).toBe(false);
    expect(isValidMobile("1380013800")).toBe(false);
    expect(isValidMobile("138001380001")).toBe(false);
    expect(isValidMobile("0533-3580000")).toBe(false);
  });

  it("schema normalizes and reports in Chinese", () => {
    expect(mobileSchema.parse("+86 139-1234-5678")).toBe("13912345678");
    expect(messages(mobileSchema.safeParse("12345678901"))[0]).toMatch(/手机号码格式不正确/);
  });
});

describe("bank card numbers", () => {
  it("implements Luhn", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
  });

  it("needs 16 to 19 digits passing Luhn", () => {
    expect(isValidBankCard("6222 0212 3456 7890 128")).toBe(true);
    expect(isValidBankCard("6222021234567890127")).toBe(false);
    expect(isValidBankCard("79927398713")).toBe(false); // Luhn-valid but too short
    expect(bankCardSchema.parse("6222-0212-3456-7890-128")).toBe("6222021234567890128");
    expect(messages(bankCardSchema.safeParse("6222021234567890127"))).toEqual(["银行卡号校验不正确，请核对"]);
    expect(messages(bankCardSchema.safeParse("62220212"))).toEqual(["银行卡号应为16至19位数字"]);
  });
});

describe("unified social credit codes", () => {
  it("validates the GB 32100 check character", () => {
    // Example code used in the national standard's explanatory material.
    expect(isValidUscc("91350100M000100Y43")).toBe(true);
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    expect(isValidUscc("91350100M000100Y44")).toBe(false);
  });

  it("rejects excluded letters and bad structure", () => {
    expect(isValidUscc("91350100M000100I43")).toBe(false); // I is not in the character set
    expect(isValidUscc("9135010AM000100Y43")).toBe(false); // division code must be digits
    expect(isValidUscc("91350100M000100Y4")).toBe(false);
  });

  it("generates codes that validate, with a valid embedded organization code", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const code = generateUscc({ random });
      expect(isValidUscc(code)).toBe(true);
      expect(code.slice(0, 8)).toBe("11370300");
      expect(isValidOrganizationCode(organizationCodeFromUscc(code))).toBe(true);
    }
    expect(generateUscc({ registrationAuthority: "5", category: "2", region: "370303", random: () => 0.5 })).toMatch(
      /^52370303/,
    );
  });

  it("is deterministic for a given random source", () => {
    const make = () => {
      let s = 42;
      return () => ((s = (s * 16807) % 2147483647) / 2147483647);
    };
    expect(generateUscc({ random: make() })).toBe(generateUscc({ random: make() }));
  });

  it("checks the 9-character organization code (前段码 of an index number)", () => {
    expect(isValidOrganizationCode("000014349")).toBe(true);
    expect(isValidOrganizationCode("000014348")).toBe(false);
  });

  it("schema reports zh-CN messages", () => {
    expect(usccSchema.parse("91350100m000100y43")).toBe("91350100M000100Y43");
    expect(messages(usccSchema.safeParse("91350100M000100Y44"))).toEqual(["统一社会信用代码校验位不正确"]);
    expect(messages(usccSchema.safeParse("ABC"))[0]).toContain("18位");
  });
});

describe("other ID documents", () => {
  it("passports", () => {
    expect(isValidPassportNumber("E12345678")).toBe(true);
    expect(isValidPassportNumber("EA1234567")).toBe(true);
    expect(isValidPassportNumber("G12345678")).toBe(true);
    expect(isValidPassportNumber("EI1234567")).toBe(false);
    expect(isValidPassportNumber("E1234567")).toBe(false);
    expect(messages(passportSchema.safeParse("X12345678"))).toEqual(["护照号码格式不正确"]);
  });

  it("Hong Kong/Macao and Taiwan permits", () => {
    expect(isValidHkMacaoPermit("H12345678")).toBe(true);
    expect(isValidHkMacaoPermit("m1234567801")).toBe(true);
    expect(isValidHkMacaoPermit("H1234567")).toBe(false);
    expect(isValidHkMacaoPermit("A12345678")).toBe(false);
    expect(hkMacaoPermitSchema.safeParse("K12345678").success).toBe(false);
    expect(isValidTaiwanPermit("12345678")).toBe(true);
    expect(isValidTaiwanPermit("1234567")).toBe(false);
  });

  it("validates by document type and reports on the number field", () => {
    expect(idDocumentSchema.parse({ type: "resident_id", number: "11010519491231002x" })).toEqual({
      type: "resident_id",
      number: VALID_ID_X,
    });
    const bad = idDocumentSchema.safeParse({ type: "resident_id", number: "110105194912310021" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["number"]);
    expect(bad.error?.issues[0].message).toBe("身份证号码校验位不正确");
    // A valid resident ID is not a valid passport number.
    expect(idDocumentError("passport", VALID_ID_X)).toBe("护照号码格式不正确");
    expect(idDocumentError("hk_macao_permit", "H12345678")).toBeNull();
    expect(messages(idDocumentSchema.safeParse({ type: "driver_licence", number: "1" }))).toContain("请选择证件类型");
  });
});
