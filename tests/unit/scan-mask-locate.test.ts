import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { findingDigits, maskDigits, maskInHtml, maskInText } from "../../lib/scan/mask";
import { extractText } from "../../lib/scan/extract-text";
import { columnLetters, locateInText } from "../../lib/scan/text-map";
import { htmlToText, scanItem, scanText } from "../../lib/scan/scan-text";
import { makeDocx, makePdf } from "../fixtures/documents";

const FULL_ID = "11010519491231002X";

describe("masking (脱敏)", () => {
  it("keeps the ends the issue shows", () => {
    expect(maskDigits("resident_id", "370303199001011236")).toBe("3703**********1236");
    expect(maskDigits("mobile", "13812345678")).toBe("138****5678");
    expect(maskDigits("bank_card", "6222021234567890128")).toBe("6222***********0128");
    expect(maskDigits("resident_id", "370303900101123")).toBe("3703*******1123");
  });

  it("masks in place, keeping separators, line breaks and full-width digits", () => {
    expect(maskInText("电话138-1234-5678，再次：13812345678。", "mobile", "13812345678")).toEqual({
      text: "电话138-****-5678，再次：138****5678。",
      count: 2,
    });
    expect(maskInText("+86 138 1234 5678", "mobile", "13812345678").text).toBe("+86 138 **** 5678");
    expect(maskInText("８６１３８１２３４５６７８", "mobile", "13812345678").text).toBe("８６１３８****５６７８");
    expect(maskInText(`号码${FULL_ID.toLowerCase()}`, "resident_id", FULL_ID).text).toBe("号码1101**********002x");
    // Not a part of a longer number.
    expect(maskInText("99138123456789", "mobile", "13812345678").count).toBe(0);
  });

  it("masks inside HTML across tags and &nbsp; without touching the markup", () => {
    const html = `<table><tr><td colspan="2">3</td><td>1101051949<br>12310<span>02X</span></td></tr></table><p>${FULL_ID}</p>`;
    const r = maskInHtml(html, "resident_id", FULL_ID);
    expect(r.count).toBe(2);
    expect(r.html).toBe(`<table><tr><td colspan="2">3</td><td>1101******<br>****0<span>02X</span></td></tr></table><p>1101**********002X</p>`);
    expect(scanText(htmlToText(r.html))).toEqual([]);
  });

  it("reads the digits of a finding as the scanner compared them", () => {
    expect(findingDigits("mobile", "+86 138-1234-5678")).toBe("13812345678");
    expect(findingDigits("resident_id", "１１０１０５１９４９１２３１００２ｘ")).toBe(FULL_ID);
  });
});

describe("where an attachment finding is", () => {
  it("names the PDF page", async () => {
    const pdf = await makePdf([["第一页没有号码"], ["第二页", "联系电话 13812345678"]]);
    const ex = await extractText(pdf);
    const [f] = scanItem({ title: "", bodyHtml: "", attachments: [{ name: "名单.pdf", text: ex.text, map: ex.map }] });
    expect([f.location, f.position]).toEqual(["附件“名单.pdf”", "第2页"]);
  });

  it("names the sheet and the cell of an XLSX", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["本表为2024年发放明细"]);
    const ws = wb.addWorksheet("发放名单");
    ws.addRow(["序号", "社区", "姓名", "人数", "金额", "身份证号"]);
    ws.addRow([1, "东山社区", "王某某", 3, 1200, "370303199001011236"]); // wrong check digit: no finding
    ws.addRow([]);
    ws.addRow([2, "西山社区", "李某", 2, 800.5, FULL_ID]);
    const ex = await extractText(Buffer.from(await wb.xlsx.writeBuffer()));
    const found = scanItem({ title: "", bodyHtml: "", attachments: [{ name: "名单.xlsx", text: ex.text, map: ex.map }] });
    expect(found.map((f) => f.position)).toEqual(["工作表“发放名单”F4单元格"]);
  });

  it("names the DOCX part (页眉) and says nothing extra for the body", async () => {
    const docx = await makeDocx({ header: "联系人手机 13812345678", paragraphs: [`身份证号 ${FULL_ID}`] });
    const ex = await extractText(docx);
    const found = scanItem({ title: "", bodyHtml: "", attachments: [{ name: "通知.docx", text: ex.text, map: ex.map }] });
    expect(found.map((f) => [f.kind, f.position])).toEqual([
      ["resident_id", "正文"],
      ["mobile", "页眉"],
    ]);
  });

  it("spells columns as Excel does and tolerates a missing map", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    expect(locateInText("abc", undefined, 1)).toBe("");
  });
});
