import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

const YEAR = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const TITLE = `四宝山街道办事处${YEAR}年政府信息公开工作年度报告`;
const SECTION_FIVE = [
  "（一）存在的主要问题",
  "一是部分科室信息报送不够及时，个别信息超过规定期限公开。",
  "（二）改进措施",
  `一是${YEAR + 1}年起对临近期限的信息逐条提醒、跟踪督办。`,
].join("\n");

test.describe("[CONSOLE][ANNUAL-REPORT]", () => {
  test("generate this year's report, check and edit it, export DOCX and PDF, approve, publish; it appears in the 年报 column", async ({ page }, testInfo) => {
    page.on("dialog", (d) => void d.accept());

    await signIn(page, "reviewer");
    await page.goto("/console/reports");
    await page.getByLabel("报告年度").selectOption(String(YEAR));
    await page.getByTestId("create-report").getByRole("button", { name: "生成" }).click();
    await expect(page).toHaveURL(new RegExp(`/console/reports/${YEAR}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(page.getByTestId("report-status")).toContainText("编制中");

    // The 勾稽 check is shown per column and holds on the records.
    await expect(page.getByTestId("report-checks-ok")).toBeVisible();
    await expect(page.getByTestId("check-TOTAL")).toContainText("✓");
    await expect(page.getByTestId("table-2")).toContainText("行政规范性文件");
    await expect(page.getByTestId("table-4")).toContainText("未经复议直接起诉");

    // A hand adjustment that breaks the balance is shown as broken, with the column named.
    const adjust = page.getByTestId("adjustment-form");
    await adjust.getByLabel("数据项").selectOption("三|NEW|NATURAL_PERSON");
    await adjust.getByLabel("调整方式").selectOption("add");
    await adjust.getByLabel("数值").fill("1");
    await adjust.getByLabel("调整理由").fill("补录一件线下申请（测试）");
    await adjust.getByRole("button", { name: "记录调整" }).click();
    await expect(page.getByTestId("report-problems")).toContainText("“自然人”栏勾稽关系不成立");
    await expect(page.getByTestId("check-NATURAL_PERSON")).toContainText("✗");
    await page.getByTestId("adjustments").getByLabel("撤销理由").fill("经核实系重复登记");
    await page.getByTestId("adjustments").getByRole("button", { name: "撤销" }).click();
    await expect(page.getByTestId("report-checks-ok")).toBeVisible();
    await expect(page.getByTestId("check-NATURAL_PERSON")).toContainText("✓");

    // Section 五: the office's own wording replaces the suggested draft.
    const five = page.getByTestId("section-problems");
    await expect(five).toContainText("采用建议稿");
    await five.getByRole("textbox").fill(SECTION_FIVE);
    await five.getByRole("button", { name: /保存/ }).click();
    await expect(five.getByTestId("action-message")).toContainText("已保存");
    await expect(five).toContainText("已人工修改");

    // Exports: DOCX by download, PDF over the same session.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-docx").click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const docxPath = testInfo.outputPath(`annual-report-${YEAR}.docx`);
    await download.saveAs(docxPath);
    const docx = await page.request.get(`/console/reports/${YEAR}/export/docx`);
    expect(docx.status()).toBe(200);
    expect((await docx.body()).subarray(0, 2).toString()).toBe("PK");
    const pdf = await page.request.get(`/console/reports/${YEAR}/export/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await testInfo.attach("annual-report.pdf", { body: await pdf.body(), contentType: "application/pdf" });

    await page.getByTestId("submit-report").getByRole("button", { name: "提交分管领导审批" }).click();
    await expect(page.getByTestId("report-status")).toContainText("待分管领导审批");
    await expect(page.getByTestId("approve-report")).toHaveCount(0);
    await signOut(page);

    // 分管领导 approves (two-person rule: the preparer cannot).
    await signIn(page, "supervisor");
    await page.goto(`/console/reports/${YEAR}`);
    await expect(page.getByTestId("section-problems")).toContainText("一是部分科室信息报送不够及时");
    await page.getByTestId("approve-report").getByRole("button", { name: "审批通过" }).click();
    await expect(page.getByTestId("report-status")).toContainText("已审批待发布");
    await signOut(page);

    // 党政办 publishes; the full report is too long for one WeChat article, so the form says the
    // account gets a condensed edition pointing to the portal.
    await signIn(page, "reviewer");
    await page.goto(`/console/reports/${YEAR}`);
    const publish = page.getByTestId("publish-report");
    await expect(publish.getByLabel("淄博高新区政府信息公开系统")).toBeChecked();
    await expect(publish.getByLabel("微信公众号")).toBeChecked();
    await expect(publish.getByTestId("wechat-condensed")).toContainText("节选版");
    await publish.getByRole("button", { name: "发布" }).click();
    await expect(page.getByTestId("report-status")).toContainText("已发布");
    await expect(page.getByTestId("published-item")).toBeVisible();

    // The portal's 政府信息公开年报 column lists it; its page carries the text and both files.
    await page.goto("/reports");
    await page.getByTestId("report-column").getByRole("link", { name: new RegExp(TITLE) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(page.getByRole("heading", { name: "三、收到和处理政府信息公开申请情况" })).toBeVisible();
    await expect(page.locator(".body-html")).toContainText("一是部分科室信息报送不够及时，个别信息超过规定期限公开。");
    await expect(page.getByRole("link", { name: `${TITLE}.docx` })).toBeVisible();
    await expect(page.getByRole("link", { name: `${TITLE}.pdf` })).toBeVisible();
    const attachment = await page.request.get((await page.getByRole("link", { name: `${TITLE}.pdf` }).getAttribute("href"))!);
    expect(attachment.status()).toBe(200);
    expect((await attachment.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
