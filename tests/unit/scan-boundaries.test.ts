import { describe, expect, it } from "vitest";
import { extractText } from "../../lib/scan/extract-text";
import { isValidOldResidentId } from "../../lib/scan/personal-numbers";
import { scanText, scanItem, type FindingKind } from "../../lib/scan/scan-text";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { makePdfTable } from "../fixtures/documents";

const idFrom = (first17: string) => first17 + residentIdCheckChar(first17);
const ID = idFrom("37030319900101123"); // 370303 19900101 123c
const ID_X = "11010519491231002X";
const OLD_ID = "370303900101123"; // 15-digit form: 1990-01-01
const CARD = "6222021234567890128";
const MOBILE = "13812345678";
const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const found = (text: string) => scanText(text).map((f) => [f.kind, f.match] as [FindingKind, string]);

describe("personal numbers: the number after a number", () => {
  it("finds an ID in a PDF-style row after numeric columns (the reported miss)", () => {
    expect(found(`1 东山社区 王某某 3 1200 ${ID}`)).toEqual([["resident_id", ID]]);
    expect(found(`12 3 1200 ${ID_X.toLowerCase()}`)).toEqual([["resident_id", ID_X.toLowerCase()]]);
    expect(found(`1 ${MOBILE} 2 ${CARD}`)).toEqual([
      ["mobile", MOBILE],
      ["bank_card", CARD],
    ]);
  });

  it("finds numbers in the first, middle and last column and glued to Chinese text", () => {
    expect(found(`${ID} 张三 3`)).toEqual([["resident_id", ID]]);
    expect(found(`张三\t${MOBILE}\t东山`)).toEqual([["mobile", MOBILE]]);
    expect(found(`身份证号${ID}户主`)).toEqual([["resident_id", ID]]);
    expect(found(`电话${MOBILE}联系`)).toEqual([["mobile", MOBILE]]);
  });

  it("finds full-width, grouped and hyphenated numbers, and the lowercase x", () => {
    expect(found(`身份证：${fullWidth(ID)}`)).toEqual([["resident_id", fullWidth(ID)]]);
    expect(found(`${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`)).toEqual([
      ["resident_id", `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`],
    ]);
    expect(found("手机 138-1234-5678")).toEqual([["mobile", "138-1234-5678"]]);
    expect(found("手机 138 1234 5678")).toEqual([["mobile", "138 1234 5678"]]);
    expect(found("卡号 6222-0212-3456-7890-128")).toEqual([["bank_card", "6222-0212-3456-7890-128"]]);
    expect(found("x 110105194912310021x")).toEqual([]);
    expect(found(`号码 ${ID_X.toLowerCase()}。`)).toEqual([["resident_id", ID_X.toLowerCase()]]);
  });

  it("finds a number wrapped across a line break inside a cell", () => {
    expect(found(`3 1200 ${ID.slice(0, 13)}\n${ID.slice(13)}`)).toEqual([["resident_id", `${ID.slice(0, 13)}\n${ID.slice(13)}`]]);
    expect(found(`138123\n45678`)).toEqual([["mobile", "138123\n45678"]]);
  });

  it("finds the old 15-digit form with a valid birth date only", () => {
    expect(isValidOldResidentId(OLD_ID)).toBe(true);
    expect(isValidOldResidentId("370303901301123")).toBe(false);
    expect(found(`2 3 ${OLD_ID}`)).toEqual([["resident_id", OLD_ID]]);
    expect(found(`${OLD_ID.slice(0, 6)} ${OLD_ID.slice(6, 12)} ${OLD_ID.slice(12)}`)).toHaveLength(1);
    expect(found("370303901301123")).toEqual([]);
  });

  it("does not stitch columns of counts and amounts into a number", () => {
    expect(found("本年新收 138 24 0 1 3 12 1380 2024 1 15")).toEqual([]);
    expect(found("1 东山社区 3 1380 1200 13 800")).toEqual([]);
    expect(found("合计 1380013\t8000")).toEqual([]);
    expect(found("金额 1,380,013.80 元，2024-01-15，鲁政办发〔2024〕13号")).toEqual([]);
    expect(found("索引号 11370303004920186X/2024-00012")).toEqual([]);
    expect(found("0.1380013800138001")).toEqual([]);
    expect(found("流水号 99" + ID)).toEqual([]);
  });

  it("never reports the office's own published numbers", () => {
    const text = `咨询电话：0533-3580000，值班手机：139 0533 0000，联系人手机 ${MOBILE}`;
    const opts = { publicNumbers: ["0533-3580000", "13905330000"] };
    expect(scanText(text, opts).map((f) => f.match)).toEqual([MOBILE]);
    expect(scanText(text).map((f) => f.match)).toEqual(["139 0533 0000", MOBILE]);
  });
});

describe("the reported case end to end: PDF list 序号 | 社区 | 姓名 | 人数 | 金额 | 身份证号", () => {
  it("extracts the PDF table and flags every ID, also wrapped ones, naming the file", async () => {
    const ids = [ID, ID_X, idFrom("37030319851230004"), idFrom("37030320010229001".replace("0229", "0228"))];
    const rows = [["序号", "社区", "姓名", "人数", "金额", "身份证号"]];
    ids.forEach((id, i) => rows.push([String(i + 1), "东山社区", "王某某", String(i + 2), `${1200 + i * 100}`, id]));
    const pdf = await makePdfTable(rows, { widths: [40, 90, 80, 50, 70, 90], title: "2024年第四季度低保金发放名单" });
    const extracted = await extractText(pdf);
    const findings = scanItem({ title: "公示", bodyHtml: "", attachments: [{ name: "低保名单.pdf", text: extracted.text }] });
    expect(findings.map((f) => f.match.replace(/\s/g, ""))).toEqual(ids);
    expect(findings.every((f) => f.location === "附件“低保名单.pdf”")).toBe(true);
  });
});
