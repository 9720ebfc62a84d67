import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { forbidOutsideRequests, powSolved, signIn, answerApplyChallenge } from "./helpers";

// CAPTCHA_TEST_MODE=1 is set by scripts/e2e-server.ts only: the image CAPTCHA (the no-JavaScript
// fallback) then also accepts a fixed answer (helpers.answerApplyChallenge). The proof-of-work challenge has
// no test answer: the browser solves it.
const VALID_ID = "370303199001011239";
const BAD_CHECK_DIGIT_ID = "370303199001011230";

/** A one-page PDF whose properties name its author, as office files do. */
async function releasedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setAuthor("Wang Xiaoyan");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("Budget execution 2025 - disclosed part", { x: 50, y: 700, size: 14, font });
  return Buffer.from(await doc.save());
}

async function staffPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

test.describe("[PORTAL][APPLY] disclosure on application", () => {
  test("a citizen applies, corrects on request, and downloads the reply after the office extends and decides 部分公开", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const outside = forbidOutsideRequests(page);

    // ── The citizen applies; a bad ID number is refused in Chinese first. ──
    await page.goto("/apply");
    await expect(page.getByRole("heading", { name: "依申请公开", level: 1 })).toBeVisible();
    await page.getByRole("radio", { name: "自然人" }).check();
    await page.getByLabel("申请人姓名或名称").fill("张小明");
    await page.getByLabel("证件类型").selectOption("resident_id");
    await page.getByLabel("证件号码").fill(BAD_CHECK_DIGIT_ID);
    await page.getByLabel("联系电话").fill("13800138000");
    await page.getByLabel("政府信息名称").fill("2025年度财政预算执行情况");
    await page.getByLabel("所需信息的内容描述").fill("请提供四宝山街道2025年度财政预算执行情况报告");
    await page.getByRole("radio", { name: "电子文本" }).check();
    await page.getByRole("radio", { name: "在本平台查询下载" }).check();
    await powSolved(page);
    await page.getByRole("checkbox", { name: /本人承诺/ }).check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect(page.getByTestId("apply-errors")).toContainText("校验");

    // What was typed is kept; the ID is corrected, a new proof-of-work challenge solved by the browser.
    await expect(page.getByLabel("申请人姓名或名称")).toHaveValue("张小明");
    await page.getByLabel("证件号码").fill(VALID_ID);
    await powSolved(page);
    await page.getByRole("checkbox", { name: /本人承诺/ }).check();
    await page.getByRole("button", { name: "提交申请" }).click();

    await expect(page).toHaveURL(/\/track\/view\?new=1/);
    const code = (await page.getByTestId("tracking-code").textContent())!.trim();
    expect(code).toMatch(/^\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const receipt = await page.request.get((await page.getByTestId("receipt-download").getAttribute("href"))!);
    expect(receipt.headers()["content-type"]).toBe("application/pdf");
    expect((await receipt.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await expect(page.getByTestId("public-status")).toHaveText("已提交，待本机关确认收到");

    // ── The office confirms receipt and asks for a correction. ──
    const reviewer = await staffPage(browser, "reviewer");
    await reviewer.goto("/console/applications");
    await expect(reviewer.getByTestId("applications-table")).toContainText("张*明");
    await expect(reviewer.getByTestId("applications-table")).toContainText("138****8000");
    await reviewer.getByRole("link", { name: code }).click();
    await expect(reviewer.getByTestId("applicant")).toContainText(VALID_ID);
    await reviewer.getByRole("button", { name: "确认收到申请" }).click();
    await expect(reviewer.getByTestId("application-status")).toHaveText("办理中");
    await expect(reviewer.getByTestId("clock-text")).toHaveText("还剩20个工作日");

    await reviewer.getByLabel("需要补正的内容").fill("请写明所需信息的具体名称和形成时间");
    await reviewer.getByRole("button", { name: "出具补正告知书" }).click();
    await expect(reviewer.getByTestId("application-status")).toHaveText("待申请人补正");

    // ── The citizen corrects on the tracking page. ──
    await page.goto("/track/view");
    await expect(page.getByTestId("public-status")).toHaveText("请按补正告知书补正申请");
    await expect(page.getByTestId("public-letters")).toContainText("政府信息公开申请补正告知书");
    // What is to be corrected reads as text on the phone, not only inside the PDF.
    await expect(page.getByTestId("correction-items")).toContainText("请写明所需信息的具体名称和形成时间");
    await page.getByLabel("补正后的申请内容").fill("申请公开四宝山街道2025年度财政预算执行情况报告全文（2026年1月形成）");
    await page.getByRole("button", { name: "提交补正" }).click();
    await expect(page.getByTestId("corrected-notice")).toBeVisible();
    await expect(page.getByTestId("public-status")).toHaveText("办理中");

    // ── The handler asks for an extension; the office head (分管领导) approves it. ──
    await reviewer.reload();
    await expect(reviewer.getByTestId("application-status")).toHaveText("办理中");
    await expect(reviewer.getByTestId("timeline")).toContainText("收到补正后的申请");
    await reviewer.getByLabel("延期理由").fill("所需信息涉及多个科室，需要汇总核实");
    await reviewer.getByRole("button", { name: "提交延期申请" }).click();
    await expect(reviewer.getByTestId("pending-extension")).toBeVisible();

    const supervisor = await staffPage(browser, "supervisor");
    await supervisor.goto("/console/applications/extensions");
    await supervisor.getByTestId("pending-extensions").getByRole("link", { name: code }).click();
    // 分管领导 does not handle applications: the applicant's data stays masked.
    await expect(supervisor.getByTestId("applicant")).toContainText("张*明");
    await expect(supervisor.getByTestId("applicant")).not.toContainText(VALID_ID);
    await supervisor.getByRole("button", { name: "同意延长", exact: true }).click();
    await expect(supervisor.getByTestId("timeline")).toContainText("批准延长答复期限");
    await expect(supervisor.getByTestId("extension-approval")).toHaveCount(0);

    // ── The handler decides 部分公开, completes the draft and issues it. ──
    await reviewer.reload();
    await expect(reviewer.getByTestId("clock")).toContainText("含延长20个工作日");
    await reviewer.getByLabel("处理结果").selectOption({ label: "部分公开" });
    await reviewer.getByLabel("具体说明").fill("报告第三部分涉及第三方商业秘密，不予公开；其余部分予以公开。");
    await reviewer.getByRole("button", { name: "拟定答复告知书" }).click();
    await expect(reviewer.getByTestId("reply-draft")).toBeVisible();
    await expect(reviewer.getByLabel(/正文/)).toHaveValue(/第三十七条/);
    // The released part goes with the reply: the applicant asked to download it here.
    await reviewer.getByLabel(/公开的信息/).setInputFiles({ name: "2025年度财政预算执行情况（公开部分）.pdf", mimeType: "application/pdf", buffer: await releasedPdf() });
    await reviewer.getByRole("button", { name: "上传文件" }).click();
    await expect(reviewer.getByTestId("released-files")).toContainText("2025年度财政预算执行情况（公开部分）.pdf（PDF");
    await expect(reviewer.getByTestId("released-files")).toContainText("已清除文件属性");
    reviewer.once("dialog", (d) => void d.accept());
    await reviewer.getByRole("button", { name: "出具答复告知书" }).click();
    await expect(reviewer.getByTestId("application-status")).toHaveText("已办结");
    await expect(reviewer.getByTestId("letters")).toContainText("政府信息公开申请答复告知书");

    // ── The citizen sees the reply and downloads it. ──
    await page.goto("/track/view");
    await expect(page.getByTestId("public-status")).toHaveText("已答复");
    await expect(page.getByTestId("public-outcome")).toContainText("部分公开");
    const letters = page.getByTestId("public-letters");
    await expect(letters).toContainText("政府信息公开申请延期答复告知书");
    const replyRow = letters.getByRole("row", { name: /政府信息公开申请答复告知书/ });
    const [download] = await Promise.all([page.waitForEvent("download"), replyRow.getByRole("link", { name: /PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/答复告知书.*\.pdf$/);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe("%PDF-");
    const docx = await page.request.get((await replyRow.getByRole("link", { name: /Word/ }).getAttribute("href"))!);
    expect((await docx.body()).subarray(0, 2).toString()).toBe("PK");

    // ── …and the released information itself, without the author the office's file carried. ──
    const released = page.getByTestId("released-files");
    const [file] = await Promise.all([page.waitForEvent("download"), released.getByRole("link", { name: "2025年度财政预算执行情况（公开部分）.pdf" }).click()]);
    expect(file.suggestedFilename()).toBe("2025年度财政预算执行情况（公开部分）.pdf");
    const got = await PDFDocument.load(readFileSync((await file.path())!));
    expect(got.getPageCount()).toBe(1);
    expect(got.getAuthor() ?? "").not.toContain("Wang Xiaoyan");
    await expect(released).toContainText("可下载至");

    expect(outside).toEqual([]);
  });

  test("the form works without JavaScript: errors in Chinese, then the code and receipt", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/apply");
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect(page.getByTestId("apply-errors")).toContainText("请选择申请人类型");
    await expect(page.getByTestId("apply-errors")).toContainText("请填写联系电话");
    await page.getByRole("radio", { name: "自然人" }).check();
    await page.getByLabel("申请人姓名或名称").fill("李四");
    await page.getByLabel("证件类型").selectOption("resident_id");
    await page.getByLabel("证件号码").fill("11010519491231002X");
    await page.getByLabel("联系电话").fill("0533-3581234");
    await page.getByLabel("所需信息的内容描述").fill("请提供本街道2025年度老旧小区改造项目清单");
    await page.getByRole("radio", { name: "纸质文本" }).check();
    await page.getByRole("radio", { name: "邮寄" }).check();
    await page.getByLabel("通信地址").fill("山东省淄博市高新区四宝山街道某小区1号楼");
    await answerApplyChallenge(page);
    await page.getByRole("checkbox", { name: /本人承诺/ }).check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect(page).toHaveURL(/\/track\/view\?new=1/);
    await expect(page.getByTestId("tracking-code")).toHaveText(/^\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(page.getByTestId("public-status")).toHaveText("已提交，待本机关确认收到");
    await context.close();
  });

  test("the application and tracking pages pass an automated accessibility check", async ({ page }) => {
    for (const path of ["/apply", "/track"]) {
      await page.goto(path);
      const result = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(result.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
  });

  test("the tracking page needs the right code and phone digits", async ({ page }) => {
    await page.goto("/track");
    await page.getByLabel("申请编号").fill("2026-AAAA-AAAA");
    await page.getByLabel("联系电话后四位").fill("1234");
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page.getByTestId("lookup-error")).toContainText("申请编号或联系电话后四位不正确");
    const res = await page.goto("/track/view");
    await expect(page).toHaveURL(/\/track\?expired=1/);
    expect(res?.ok()).toBe(true);
  });

  test("staff register a signed-for letter with the day it was signed for (第三十一条)", async ({ browser }) => {
    const reviewer = await staffPage(browser, "reviewer");
    await reviewer.goto("/console/applications/new");
    await reviewer.getByLabel("申请方式").selectOption("POST_SIGNED");
    await reviewer.getByLabel("收到申请日期").fill("2026-03-05");
    await reviewer.getByRole("radio", { name: "法人或其他组织：法律服务机构" }).check();
    await reviewer.getByLabel("申请人姓名或名称").fill("山东某某律师事务所");
    await reviewer.getByLabel("证件类型").selectOption("uscc");
    await reviewer.getByLabel("证件号码").fill("51370300444444446B");
    await reviewer.getByLabel("联系人姓名").fill("王律师");
    await reviewer.getByLabel("联系电话").fill("0533-3581999");
    await reviewer.getByLabel("通信地址").fill("山东省淄博市张店区某路1号");
    await reviewer.getByLabel("所需信息的内容描述").fill("请提供2025年四宝山街道某项目征收补偿方案");
    await reviewer.getByRole("radio", { name: "纸质文本" }).check();
    await reviewer.getByRole("radio", { name: "邮寄" }).check();
    await reviewer.getByRole("button", { name: "登记申请" }).click();
    await expect(reviewer.getByTestId("action-message")).toContainText("统一社会信用代码校验位不正确");
    await expect(reviewer.getByLabel("通信地址")).toHaveValue("山东省淄博市张店区某路1号");
    await reviewer.getByLabel("证件号码").fill("51370300444444446A");
    await reviewer.getByRole("button", { name: "登记申请" }).click();
    await expect(reviewer).toHaveURL(/\/console\/applications\/[a-z0-9]+$/);
    await expect(reviewer.getByTestId("application-status")).toHaveText("办理中");
    await expect(reviewer.getByTestId("clock")).toContainText("2026年3月5日");
    await expect(reviewer.getByTestId("timeline")).toContainText("签收之日");
    await expect(reviewer.getByTestId("letters")).toContainText("政府信息公开申请登记回执");
  });

  test("staff without application.handle cannot open the applications list", async ({ browser }) => {
    const staff = await staffPage(browser, "staff");
    const res = await staff.goto("/console/applications");
    expect(res?.status()).toBe(403);
  });
});
