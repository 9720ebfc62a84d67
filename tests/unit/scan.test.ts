import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ExtractTextError, decodePlainText, extractText } from "../../lib/scan/extract-text";
import { applyDismissals, htmlToText, scanItem, scanText, type FindingKind } from "../../lib/scan/scan-text";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { buildCfb } from "../fixtures/build-cfb";
import { makeDocx, makePdf } from "../fixtures/documents";

const ID = "11010519491231002X";
const BAD_ID = "110105194912310021"; // wrong check digit (and fails Luhn, so it is no bank card either)
const CARD = "6222021234567890128"; // 19 digits, Luhn-valid

const kinds = (text: string, words?: string[]) => scanText(text, { sensitiveWords: words }).map((f) => f.kind);
const matchesOf = (text: string, kind: FindingKind) =>
  scanText(text).filter((f) => f.kind === kind).map((f) => f.match);

describe("scanText: personal data", () => {
  it("reports a resident ID with a valid check digit, with offsets and marked context", () => {
    const text = `经审核，申请人王某（身份证号：${ID}）符合条件，予以公示。`;
    const [f] = scanText(text);
    expect(f.kind).toBe("resident_id");
    expect(f.match).toBe(ID);
    expect(text.slice(f.start, f.end)).toBe(ID);
    expect(f.context).toBe(`经审核，申请人王某（身份证号：【${ID}】）符合条件，予以公示。`);
    expect(f.message).toContain("身份证号码");
  });

  it("does not report an 18-digit number whose check digit is wrong", () => {
    expect(scanText(`身份证号：${BAD_ID}`)).toEqual([]);
  });

  it("does not pick an ID, phone or card out of a longer digit run", () => {
    expect(scanText(`流水号 99${ID}`)).toEqual([]);
    expect(scanText(`编号 ${ID.slice(0, 17)}${residentIdCheckChar(ID.slice(0, 17))}7`)).toEqual([]);
    expect(scanText("订单号 2138001380001")).toEqual([]);
    expect(scanText(`账号 ${CARD}00`)).toEqual([]);
    // ...nor out of a number written in groups.
    expect(matchesOf("6222 1380 0138 0001 234", "mobile")).toEqual([]);
  });

  it("truncates long context and flattens line breaks", () => {
    const text = `${"甲".repeat(30)}\n电话13800138000\n${"乙".repeat(30)}`;
    const [f] = scanText(text);
    expect(f.context).toBe(`…${"甲".repeat(12)} 电话【13800138000】 ${"乙".repeat(14)}…`);
  });

  it("reports mobile numbers written in common ways", () => {
    const text = "电话13800138000，手机 139-1234-5678，或 +86 150 0000 1111；全角１８６００００２２２２。";
    expect(matchesOf(text, "mobile")).toEqual([
      "13800138000",
      "139-1234-5678",
      "+86 150 0000 1111",
      "１８６００００２２２２",
    ]);
    expect(scanText("座机 0533-3580000，邮编 255000，12800138000 不是手机号")).toEqual([]);
  });

  it("reports Luhn-valid bank card numbers only", () => {
    expect(matchesOf(`收款账号：${CARD}`, "bank_card")).toEqual([CARD]);
    expect(matchesOf("卡号 6222 0212 3456 7890 128 。", "bank_card")).toEqual(["6222 0212 3456 7890 128"]);
    expect(matchesOf("卡号 6222021234567890127", "bank_card")).toEqual([]);
  });

  it("does not report an ID number a second time as a bank card", () => {
    // Choose a valid ID that also passes Luhn, so only the de-duplication keeps it single.
    let id = "";
    for (let serial = 100; serial < 999 && !id; serial++) {
      const first17 = `37030319900101${serial}`;
      const candidate = first17 + residentIdCheckChar(first17);
      if (/^\d{18}$/.test(candidate) && luhn(candidate)) id = candidate;
    }
    expect(id).not.toBe("");
    expect(kinds(`身份证 ${id}`)).toEqual(["resident_id"]);
  });
});

function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

describe("scanText: classification marks and internal markings", () => {
  it("reports marks with ★ and a secrecy period", () => {
    expect(matchesOf("机密★1年\n关于某事的通知", "classification_mark")).toEqual(["机密★1年"]);
    expect(matchesOf("秘密★ 签发人：某某", "classification_mark")).toEqual(["秘密★"]);
    expect(matchesOf("绝密★长期", "classification_mark")).toEqual(["绝密★长期"]);
    expect(matchesOf("秘 密 ★ 6个月", "classification_mark")).toEqual(["秘 密 ★ 6个月"]);
    expect(matchesOf("机密*10年", "classification_mark")).toEqual(["机密*10年"]);
  });

  it("reports a bare mark standing alone or after 密级", () => {
    expect(matchesOf("秘密\n四宝山街道办事处文件", "classification_mark")).toEqual(["秘密"]);
    expect(matchesOf("密级：机密", "classification_mark")).toEqual(["机密"]);
    expect(matchesOf("【绝密】", "classification_mark")).toEqual(["绝密"]);
    expect(matchesOf("本文件属秘密级", "classification_mark")).toEqual(["秘密级"]);
  });

  it("does not treat 秘密/机密 inside ordinary wording as a mark", () => {
    const prose =
      "工作人员应当保守秘密。属于国家秘密的，不予公开。涉及商业机密的信息，应征求第三方意见。" +
      "依据《中华人民共和国保守国家秘密法》。申请内容属于国家秘密1件。保密工作不涉及机密级别划分。";
    expect(scanText(prose)).toEqual([]);
  });

  it("reports internal-use phrases, also when extraction spaced the characters", () => {
    expect(matchesOf("内部资料 注意保密", "internal_marking")).toEqual(["内部资料", "注意保密"]);
    expect(matchesOf("本文件仅供内部使用，不得外传。", "internal_marking")).toEqual(["内部使用", "不得外传"]);
    expect(matchesOf("内 部 文 件", "internal_marking")).toEqual(["内 部 文 件"]);
  });
});

describe("scanText: sensitive words and fingerprints", () => {
  it("matches the editable list, longest word first, case-insensitively, with the note in the message", () => {
    const findings = scanText("张三丰与张三、ABC公司", {
      sensitiveWords: ["张三", "张三丰", { word: "abc公司", note: "涉诉企业名称" }],
    });
    expect(findings.map((f) => f.match)).toEqual(["张三丰", "张三", "ABC公司"]);
    expect(findings[2].message).toContain("涉诉企业名称");
    expect(scanText("正文", { sensitiveWords: ["", "  "] })).toEqual([]);
    expect(scanText("含有 a.b 字样", { sensitiveWords: ["a.b"] })).toHaveLength(1);
    expect(scanText("含有 axb 字样", { sensitiveWords: ["a.b"] })).toHaveLength(0);
  });

  it("gives the same fingerprint to the same data written differently or elsewhere", () => {
    const a = scanText("电话 13800138000")[0];
    const b = scanText("很长的前文……联系人手机：138-0013-8000")[0];
    const c = scanText("电话 13900138000")[0];
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.fingerprint.startsWith("mobile:")).toBe(true);
    const lower = scanText(`身份证 ${ID.toLowerCase()}`)[0];
    expect(lower.fingerprint).toBe(scanText(`身份证 ${ID}`)[0].fingerprint);
  });

  it("applies remembered dismissals across a re-scan", () => {
    const first = scanText(`电话13800138000，身份证${ID}`);
    const dismissed = [first.find((f) => f.kind === "mobile")!.fingerprint];
    const rescan = scanText(`（修改后）联系电话：138 0013 8000。身份证${ID}`);
    const { open, dismissed: gone } = applyDismissals(rescan, dismissed);
    expect(open.map((f) => f.kind)).toEqual(["resident_id"]);
    expect(gone.map((f) => f.kind)).toEqual(["mobile"]);
  });
});

describe("scanItem", () => {
  it("strips HTML and labels where each finding is", () => {
    const findings = scanItem(
      {
        title: "关于张三同志低保资格的公示",
        bodyHtml: `<p>申请人：张三</p><table><tr><td>身份证号</td><td>${ID}</td></tr></table><script>var t="13900001111"</script>`,
        attachments: [{ name: "名单.xlsx", text: "王五\t13800138000" }],
      },
      { sensitiveWords: ["张三"] },
    );
    expect(findings.map((f) => [f.location, f.kind, f.match])).toEqual([
      ["标题", "sensitive_word", "张三"],
      ["正文", "sensitive_word", "张三"],
      ["正文", "resident_id", ID],
      ["附件“名单.xlsx”", "mobile", "13800138000"],
    ]);
    expect(findings[3].attachmentName).toBe("名单.xlsx");
  });

  it("keeps table cells apart and scans image alt text", () => {
    // Two cells that would form a phone number if glued together.
    expect(htmlToText("<table><tr><td>1380013</td><td>8000</td></tr></table>")).toBe("1380013\t8000");
    expect(scanItem({ title: "", bodyHtml: "<td>1380013</td><td>8000</td>" })).toEqual([]);
    const alt = scanItem({ title: "通知", bodyHtml: `<p>见附图</p><img src="a.png" alt="户主身份证 ${ID}">` });
    expect(alt.map((f) => [f.part, f.kind])).toEqual([["body", "resident_id"]]);
    expect(htmlToText("<p>A &amp; B &lt;C&gt;</p>")).toBe("A & B <C>");
  });
});

describe("extractText", () => {
  it("extracts Chinese text from a PDF made with pdfkit, offline, and the scanner finds the ID", async () => {
    const pdf = await makePdf([
      ["四宝山街道办事处关于低保对象的公示", `户主：王某  身份证号：${ID}`],
      ["机密★1年", "联系电话：13800138000"],
    ]);
    const result = await extractText(pdf);
    expect(result.kind).toBe("pdf");
    expect(result.pageCount).toBe(2);
    expect(result.text).toContain("四宝山街道办事处关于低保对象的公示");
    expect(result.warnings).toEqual([]);
    const found = scanText(result.text);
    expect(found.map((f) => [f.kind, f.match])).toEqual([
      ["resident_id", ID],
      ["classification_mark", "机密★1年"],
      ["mobile", "13800138000"],
    ]);
  });

  it("warns when a PDF has no text layer", async () => {
    const result = await extractText(await makePdf([[]]));
    expect(result.text).toBe("");
    expect(result.warnings[0]).toContain("扫描件");
  });

  it("reports a damaged PDF as corrupt", async () => {
    const pdf = await makePdf([["测试"]]);
    const broken = Buffer.concat([pdf.subarray(0, 200), Buffer.alloc(300, 0x20)]);
    await expect(extractText(broken)).rejects.toMatchObject({ name: "ExtractTextError", code: "corrupt" });
  });

  it("extracts a DOCX body and its header, where marks usually sit", async () => {
    const docx = await makeDocx({
      header: "内部资料 注意保密",
      paragraphs: ["关于2024年度低保金发放情况的公示", `联系人：李某，电话：13912345678，身份证：${ID}`],
    });
    const result = await extractText(docx);
    expect(result.kind).toBe("docx");
    expect(result.text).toContain("关于2024年度低保金发放情况的公示");
    expect(result.text).toContain("内部资料 注意保密");
    expect(scanText(result.text).map((f) => f.kind).sort()).toEqual(
      ["internal_marking", "internal_marking", "mobile", "resident_id"].sort(),
    );
  });

  it("includes text deleted under track changes, and warns about it", async () => {
    const docx = await makeDocx({ paragraphs: ["正文"] });
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file("word/document.xml")!.async("string");
    const deletion = `<w:p><w:del w:id="9" w:author="张三" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>电话13800138000</w:delText></w:r></w:del></w:p>`;
    zip.file("word/document.xml", xml.replace("</w:body>", `${deletion}</w:body>`));
    const result = await extractText(await zip.generateAsync({ type: "nodebuffer" }));
    expect(result.text).toContain("电话13800138000");
    expect(result.warnings.join()).toContain("修订");
  });

  it("extracts XLSX cells from shared and inline strings and numbers", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/workbook.xml", "<workbook/>");
    zip.file("xl/sharedStrings.xml", `<sst><si><t>姓名</t></si><si><t>身份证号</t></si><si><t>${ID}</t></si></sst>`);
    zip.file(
      "xl/worksheets/sheet1.xml",
      `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
        `<row r="2"><c r="A2" t="inlineStr"><is><t>王某</t></is></c><c r="B2" t="s"><v>2</v></c><c r="D2"><v>13800138000</v></c></row></sheetData></worksheet>`,
    );
    const result = await extractText(await zip.generateAsync({ type: "nodebuffer" }));
    expect(result.kind).toBe("xlsx");
    expect(result.text).toBe(`姓名\t身份证号\n王某\t${ID}\t\t13800138000`);
  });

  it("falls back to plain text in UTF-8 or GB18030", async () => {
    expect((await extractText(Buffer.from("电话13800138000", "utf8"))).text).toBe("电话13800138000");
    // "四宝山" in GBK/GB18030
    const gbk = Buffer.from([0xcb, 0xc4, 0xb1, 0xa6, 0xc9, 0xbd]);
    expect(decodePlainText(gbk)).toBe("四宝山");
    const result = await extractText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("机密★1年")]));
    expect(result).toMatchObject({ kind: "text", text: "机密★1年" });
  });

  it("refuses binary and legacy Office files with a clear Chinese message", async () => {
    const doc = buildCfb(["WordDocument"]);
    await expect(extractText(doc)).rejects.toBeInstanceOf(ExtractTextError);
    await expect(extractText(doc)).rejects.toMatchObject({ code: "unsupported_type", message: expect.stringContaining("DOCX") });
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x03, 0x7f, 0x00, 0x10, 0x11]);
    await expect(extractText(binary)).rejects.toMatchObject({ code: "unsupported_type" });
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await expect(extractText(png)).rejects.toThrow(/图片/);
  });
});
