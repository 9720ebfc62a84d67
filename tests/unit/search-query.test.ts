import { describe, expect, it } from "vitest";
import { buildSearchPlan, coveringParts } from "../../lib/search/build-query";
import { cutWords, tokensForIndex } from "../../lib/search/segmenter";
import { highlight, snippet } from "../../lib/search/highlight";

const tokens = (text: string) => tokensForIndex(text).split(" ");

describe("segmenter with the local dictionary", () => {
  it("keeps 四宝山 whole and also indexes 宝山", () => {
    expect(cutWords("四宝山街道办事处")).toEqual(["四宝山街道办事处"]);
    expect(tokens("四宝山街道办事处")).toEqual(expect.arrayContaining(["四宝山", "宝山", "街道", "办事处", "四宝山街道办事处"]));
  });

  it("knows the demo communities and the departments", () => {
    expect(cutWords("柳杭社区居委会")).toEqual(["柳杭社区居委会"]);
    expect(tokens("北石社区公示栏")).toEqual(expect.arrayContaining(["北石", "社区"]));
    expect(cutWords("社会事务办公室")).toEqual(["社会事务办公室"]);
  });

  it("indexes letters and digits without punctuation, full-width folded", () => {
    expect(tokens("２０１７年，共发放186.4万元")).toEqual(expect.arrayContaining(["2017", "1864"]));
    expect(tokens("年，。")).not.toContain("，");
  });
});

describe("buildSearchPlan", () => {
  it("requires every word and accepts a word as its covering parts", () => {
    expect(buildSearchPlan("2017年度报告").tsquery).toBe("'2017' & ('年度报告' | '年度' & '报告')");
    expect(buildSearchPlan("信息公开").tsquery).toBe("('信息公开' | '信息' & '公开')");
  });

  it("does not let 四宝山 fall back to 宝山 alone", () => {
    expect(buildSearchPlan("四宝山").tsquery).toBe("'四宝山'");
    expect(buildSearchPlan("宝山").tsquery).toBe("'宝山'");
  });

  it("drops single characters and function words, and folds full-width input", () => {
    expect(buildSearchPlan("２０１７年 的 低保").tsquery).toBe("'2017' & '低保'");
    expect(buildSearchPlan("年").tsquery).toBeNull();
    expect(buildSearchPlan("年").phrase).toBe("年");
  });

  it("never passes tsquery syntax through", () => {
    const plan = buildSearchPlan("低保' | !(预算) & <-> 公开:*");
    expect(plan.tsquery).toMatch(/^[^!:*<>]*$/);
    expect(plan.tsquery).toContain("'低保'");
    expect(buildSearchPlan("'\\&|!():*<>").tsquery).toBeNull();
    expect(buildSearchPlan("'\\&|!():*<>").phrase).toBe("");
  });

  it("lists terms for highlighting, longest first", () => {
    expect(buildSearchPlan("年度报告").terms).toEqual(["年度报告", "年度", "报告"]);
  });

  it("caps the query length", () => {
    expect(buildSearchPlan("低保".repeat(200)).phrase.length).toBeLessThanOrEqual(100);
  });
});

describe("coveringParts", () => {
  it("finds the fewest parts that make up the word", () => {
    expect(coveringParts("四宝山街道办事处", ["宝山", "街道", "办事", "四宝山", "街道办", "办事处"])).toEqual(["四宝山", "街道", "办事处"]);
  });

  it("is null when the parts leave a gap or the word is its own only part", () => {
    expect(coveringParts("四宝山", ["宝山"])).toBeNull();
    expect(coveringParts("低保", [])).toBeNull();
  });
});

describe("highlight and snippet", () => {
  it("marks every occurrence of any term, merging neighbours", () => {
    const parts = highlight("年度报告：2017年度报告", ["年度报告", "年度", "报告"]);
    expect(parts).toEqual([
      { text: "年度报告", mark: true },
      { text: "：2017", mark: false },
      { text: "年度报告", mark: true },
    ]);
  });

  it("cuts a window around the terms with ellipses", () => {
    const text = "前".repeat(300) + "城乡低保资金" + "后".repeat(300);
    const s = snippet(text, ["低保"], 60);
    expect(s).toContain("低保");
    expect(s.startsWith("…") && s.endsWith("…")).toBe(true);
    expect(s.length).toBeLessThanOrEqual(62);
  });

  it("starts at the beginning when no term occurs, and returns short texts whole", () => {
    expect(snippet("短文本", ["无"], 60)).toBe("短文本");
    expect(snippet("甲".repeat(100), ["无"], 10)).toBe("甲".repeat(10) + "…");
  });
});
