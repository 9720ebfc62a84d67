import { afterEach, describe, expect, it } from "vitest";
import { buildGuide } from "../../lib/org/guide";
import { DEMO_ORGANISATION } from "../../lib/seed/demo-data";
import { getEnv, resetEnvCache } from "../../lib/config/env";
import { AppError, httpStatusOf, publicMessageOf } from "../../lib/errors/app-error";

describe("the demo organisation", () => {
  it("has a well-formed 统一社会信用代码 (its check character is right)", async () => {
    const { isValidUscc } = await import("../../lib/validation/ids");
    expect(isValidUscc(DEMO_ORGANISATION.creditCode)).toBe(true);
  });
});

describe("buildGuide", () => {
  it("gives what 条例第十二条 asks: classification, how to obtain, and the office's contacts", () => {
    const sections = buildGuide(DEMO_ORGANISATION, [
      { id: "1", code: "tjxx", name: "统计信息", kind: "NATIONAL", description: "", children: [
        { id: "2", code: "tjsj", name: "统计数据", kind: "LOCAL", description: "", children: [] },
      ] },
    ]);
    const text = JSON.stringify(sections);
    expect(sections.map((s) => s.heading)).toEqual([
      "一、政府信息的分类与编排",
      "二、获取政府信息的方式",
      "三、政府信息公开工作机构",
      "四、监督和救济",
    ]);
    expect(sections[0].list).toEqual(["统计信息（统计数据）"]);
    for (const v of [DEMO_ORGANISATION.address, DEMO_ORGANISATION.phone, DEMO_ORGANISATION.fax, DEMO_ORGANISATION.email, DEMO_ORGANISATION.officeHours]) {
      expect(text).toContain(v);
    }
    expect(text).toContain(`${DEMO_ORGANISATION.creditCode}/2026-00001`);
  });
});

describe("getEnv", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("works on a fresh machine with nothing set, treating empty strings as unset", () => {
    process.env.DATABASE_URL = "";
    process.env.REDIS_URL = "";
    process.env.NEXTAUTH_SECRET = "x".repeat(40);
    process.env.INTERNAL_API_SECRET = "y".repeat(40);
    resetEnvCache();
    const env = getEnv();
    expect(env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/sibaoshan");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.NEXTAUTH_SECRET).toBe("x".repeat(40));
  });

  it("names the variable that is wrong", () => {
    process.env.REDIS_URL = "not a url";
    resetEnvCache();
    expect(() => getEnv()).toThrow(/REDIS_URL/);
  });
});

describe("AppError", () => {
  it("maps codes to HTTP statuses and never leaks an internal message", () => {
    expect(httpStatusOf(new AppError("FORBIDDEN"))).toBe(403);
    expect(httpStatusOf(new Error("boom"))).toBe(500);
    expect(publicMessageOf(new Error("password=hunter2"))).toBe("系统繁忙，请稍后再试");
    expect(publicMessageOf(new AppError("NOT_FOUND", "信息不存在"))).toBe("信息不存在");
  });
});
