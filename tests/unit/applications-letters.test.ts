import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import {
  consultationLetter,
  correctionNotice,
  extensionNotice,
  feeNotice,
  hasPlaceholder,
  receiptLetter,
  replyLetter,
  requestedInformation,
  type LetterContext,
} from "../../lib/letters/templates";
import { letterParagraphs } from "../../lib/letters/document";
import { renderLetterPdf } from "../../lib/letters/render-pdf";
import { renderLetterDocx } from "../../lib/letters/render-docx";
import { OUTCOMES } from "../../lib/applications/outcomes";
import { calculateFee } from "../../lib/applications/fees";

const ctx: LetterContext = {
  org: {
    name: "四宝山街道办事处",
    address: "山东省淄博市高新区四宝山街道办事处党政办公室",
    postcode: "255086",
    phone: "0533-3581234",
    superior: "淄博高新技术产业开发区管理委员会",
  },
  application: {
    trackingCode: "2026-7KQM-3XPD",
    applicantType: "NATURAL_PERSON",
    applicantName: "张小明",
    contactPerson: null,
    channel: "ONLINE",
    submittedAt: new Date("2026-03-02T02:30:00Z"),
    receivedOn: "2026-03-03",
    infoTitle: "2025年度财政预算执行情况",
    infoNumber: null,
    description: "请提供四宝山街道2025年度财政预算执行情况报告",
    formWanted: "ELECTRONIC",
    deliveryMethod: "ONLINE",
  },
};

describe("letter templates", () => {
  it("the receipt states the submission time, the 第三十一条 rule and how to track, with the ID masked", () => {
    const l = receiptLetter(ctx, { maskedIdNumber: "3703**********1239", issuedOn: "2026-03-02" });
    expect(l.title).toBe("政府信息公开申请登记回执");
    expect(l.body).toContain("2026年3月2日10:30");
    expect(l.body).toContain("第三十一条");
    expect(l.body).toContain("联系电话后四位");
    expect(l.table).toContainEqual(["证件号码", "3703**********1239"]);
    expect(JSON.stringify(l)).not.toContain("370303199001011239");
  });

  it("a paper application's receipt states the receipt date", () => {
    const l = receiptLetter(
      { ...ctx, application: { ...ctx.application, channel: "POST_SIGNED", receivedOn: "2026-03-05" } },
      { maskedIdNumber: "x", issuedOn: "2026-03-05" },
    );
    expect(l.body).toContain("本机关已于2026年3月5日收到您以邮寄申请（需签收）方式提交");
  });

  it("the 补正告知书 numbers the points, gives the deadline and the consequence (第三十条)", () => {
    const l = correctionNotice(ctx, { items: "请写明所需信息的年度\n请写明所需信息的具体名称", issuedOn: "2026-03-04", deadlineOn: "2026-03-25" });
    expect(l.body).toContain("第三十条");
    expect(l.body).toContain("1. 请写明所需信息的年度");
    expect(l.body).toContain("2. 请写明所需信息的具体名称");
    expect(l.body).toContain("请您于2026年3月25日前");
    expect(l.body).toContain("视为您放弃申请");
  });

  it("the 延期答复告知书 gives the reason, the length and the new due date (第三十三条)", () => {
    const l = extensionNotice(ctx, { reason: "所需信息涉及多个科室，需要汇总核实。", workingDays: 15, issuedOn: "2026-03-20", newDueOn: "2026-04-22" });
    expect(l.body).toContain("因所需信息涉及多个科室，需要汇总核实，本机关不能在法定期限内作出答复");
    expect(l.body).toContain("答复期限延长15个工作日");
    expect(l.body).toContain("2026年4月22日前");
    expect(l.body).toContain("第三十三条第一款");
  });

  it("the 征求意见书 goes to the third party and never names the applicant", () => {
    const l = consultationLetter(ctx, {
      consultee: "THIRD_PARTY",
      party: "淄博某某建材有限公司",
      matter: "贵公司的投标报价",
      issuedOn: "2026-03-10",
      replyByOn: "2026-03-31",
    });
    expect(l.body.startsWith("淄博某某建材有限公司：")).toBe(true);
    expect(l.body).toContain("第三十二条");
    expect(l.body).toContain("15个工作日内（即2026年3月31日前）");
    expect(JSON.stringify(l)).not.toContain("张小明");
  });

  it("the 收费通知书 itemises the bands and the total (国办函〔2020〕109号)", () => {
    const quote = calculateFee({ method: "PER_PAGE", pages: 120 });
    const l = feeNotice(ctx, { quote, issuedOn: "2026-03-10", dueOn: "2026-04-08" });
    expect(l.body).toContain("按量计收：本次提供的政府信息共120页");
    expect(l.body).toContain("小计700.00元");
    expect(l.body).toContain("小计400.00元");
    expect(l.body).toContain("合计应缴纳信息处理费人民币1100.00元");
    expect(l.body).toContain("请您于2026年4月8日前缴纳");
    expect(l.body).not.toContain("×0.00元"); // the free band is not itemised as a charge
  });

  it("every national outcome has a reply that cites its legal basis and the remedies", () => {
    for (const o of OUTCOMES) {
      const l = replyLetter(ctx, {
        outcome: o.code,
        detail: "具体说明。",
        correction: { requestedOn: "2026-03-04", deadlineOn: "2026-03-25" },
        fee: { issuedOn: "2026-03-10", dueOn: "2026-04-08", totalYuan: "1100.00" },
        issuedOn: "2026-03-30",
      });
      expect(l.title).toBe("政府信息公开申请答复告知书");
      expect(l.body, o.code).toContain(o.legalBasis);
      expect(l.body, o.code).toContain("申请行政复议");
      expect(l.body, o.code).toContain("淄博高新技术产业开发区管理委员会");
      expect(l.body, o.code).toContain("2026-7KQM-3XPD");
    }
  });

  it("部分公开 asks the handler to state what is withheld when no detail is given", () => {
    const draft = replyLetter(ctx, { outcome: "PARTIAL", issuedOn: null });
    expect(hasPlaceholder(draft.body)).toBe(true);
    const done = replyLetter(ctx, { outcome: "PARTIAL", detail: "第三部分涉及商业秘密，不予公开。", issuedOn: null });
    expect(hasPlaceholder(done.body)).toBe(false);
    expect(done.body).toContain("第三十七条");
    expect(done.body).toContain("第三部分涉及商业秘密，不予公开。");
  });

  it("其他处理-1 and -2 state the missed deadline", () => {
    expect(replyLetter(ctx, { outcome: "OTHER_NO_CORRECTION", correction: { requestedOn: "2026-03-04", deadlineOn: "2026-03-25" }, issuedOn: null }).body).toContain(
      "请您于2026年3月25日前补正申请。您无正当理由逾期未补正",
    );
    expect(replyLetter(ctx, { outcome: "OTHER_FEE_UNPAID", fee: { issuedOn: "2026-03-10", dueOn: "2026-04-08", totalYuan: "1100.00" }, issuedOn: null }).body).toContain(
      "缴纳信息处理费1100.00元。您逾期未缴纳",
    );
  });

  it("the legal basis entered by the handler replaces the default", () => {
    const l = replyLetter(ctx, { outcome: "GRANTED", legalBasis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项", issuedOn: null });
    expect(l.body).toContain("根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定");
  });

  it("names the information by title, else by the start of the description", () => {
    expect(requestedInformation({ infoTitle: null, infoNumber: "四宝山办发〔2025〕3号", description: "关于2025年度道路维修的通知" })).toBe(
      "“关于2025年度道路维修的通知”（文号：四宝山办发〔2025〕3号）",
    );
  });
});

describe("letter paragraphs", () => {
  it("does not indent the salutation and drops blank lines", () => {
    expect(letterParagraphs("张三：\n\n正文一\r\n正文二")).toEqual([
      { text: "张三：", indent: false },
      { text: "正文一", indent: true },
      { text: "正文二", indent: true },
    ]);
  });
});

describe("letter rendering", () => {
  const letter = replyLetter(ctx, { outcome: "PARTIAL", detail: "第三部分涉及商业秘密，不予公开。", issuedOn: "2026-03-30" });

  it("renders a one-page A4 PDF with the CJK font embedded", async () => {
    const pdf = await renderLetterPdf(letter);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdf.toString("latin1");
    expect(text).toMatch(/FontFile2/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
  });

  it("renders a DOCX whose document carries the title, the body and the date", async () => {
    const docx = await renderLetterDocx(letter);
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("政府信息公开申请答复告知书");
    expect(xml).toContain("第三部分涉及商业秘密，不予公开。");
    expect(xml).toContain("2026年3月30日");
    expect(xml).toContain("四宝山街道办事处");
  });

  it("prints a draft's date as blanks", async () => {
    const docx = await renderLetterDocx({ ...letter, date: null });
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    expect(xml).toContain("年　　月　　日");
  });
});
