import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { signIn, signOut } from "./helpers";

// 党政办 brings last years' catalogue in from the template, fixes the one row the preview names,
// imports with the progress bar, finds the items on the portal, and hands the ledger out as Excel.

const stamp = Date.now().toString(36);
const titles = [`${stamp} 四宝山街道2015年度部门预算公开`, `${stamp} 关于开展2015年冬季供暖检查的通知`, `${stamp} 四宝山街道2015年民生实事项目进展情况`];

async function fillTemplate(template: Buffer, category: (i: number) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet("信息目录")!;
  titles.forEach((title, i) => {
    sheet.getRow(i + 2).values = [title, "", "党政办公室", `2015-0${i + 3}-1${i}`, "", `四宝山办发〔2015〕${i + 20}号`, category(i), "", "有效", "", `${title}。现将有关情况公开如下，欢迎社会各界监督。`];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("import from the template with a row error, fixed, imported with progress, found on the portal", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "reviewer");
  await page.goto("/console/items/import");
  const download = page.waitForEvent("download");
  await page.getByTestId("import-template").click();
  const template = await (await download).createReadStream().then(async (s) => Buffer.concat(await s.toArray()));
  const check = new ExcelJS.Workbook();
  await check.xlsx.load(template as unknown as ArrayBuffer);
  expect(check.worksheets.map((w) => w.name)).toContain("分类与科室");

  // One bad row: a category that does not exist.
  const bad = await fillTemplate(template, (i) => (i === 1 ? "供暖信息" : "其他信息"));
  await page.getByLabel("表格文件（.xlsx，或 UTF-8/GBK 编码的 .csv）").setInputFiles({ name: "历史信息.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bad });
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-status")).toContainText("校验完成，待确认", { timeout: 30_000 });
  const problems = page.getByTestId("import-problems");
  await expect(problems.locator("tr[data-row]")).toHaveCount(1);
  await expect(problems).toContainText("第 3 行");
  await expect(problems).toContainText("公开目录中没有“供暖信息”分类");
  await page.getByRole("button", { name: "取消本次导入" }).click();
  page.once("dialog", (d) => d.accept());

  // Fixed and uploaded again: three rows, imported with the progress bar.
  await page.goto("/console/items/import");
  const good = await fillTemplate(template, () => "其他信息");
  await page.getByLabel("表格文件（.xlsx，或 UTF-8/GBK 编码的 .csv）").setInputFiles({ name: "历史信息（修改后）.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: good });
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-counts")).toContainText("新建：3 条", { timeout: 30_000 });
  await expect(page.getByTestId("import-problems")).toHaveCount(0);
  await page.getByRole("button", { name: "确认导入 3 条" }).click();
  await expect(page.getByTestId("import-result")).toContainText("新建 3 条", { timeout: 60_000 });
  await expect(page.getByTestId("import-result")).toContainText("未推送到其他渠道");

  // On the portal: in the 其他信息 list and in search, with the dates of 2015.
  await page.goto(`/search?q=${encodeURIComponent(stamp)}`);
  for (const t of titles) await expect(page.getByRole("link", { name: t })).toBeVisible({ timeout: 10_000 });
  await page.getByRole("link", { name: titles[0] }).click();
  await expect(page.locator("main")).toContainText("2015-03-10");
  await expect(page.locator("main")).toContainText("四宝山办发〔2015〕20号");
});

test("the catalogue list and the 依申请公开台账 export as Excel with the expected columns", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.goto("/console/items?state=PUBLISHED");
  const catDownload = page.waitForEvent("download");
  await page.getByTestId("catalogue-export").click();
  const cat = new ExcelJS.Workbook();
  await cat.xlsx.load((Buffer.concat(await (await (await catDownload).createReadStream()).toArray())) as unknown as ArrayBuffer);
  const catSheet = cat.getWorksheet("信息目录")!;
  expect((catSheet.getRow(1).values as string[]).slice(1, 4)).toEqual(["名称", "索引号", "发布机构"]);
  expect(catSheet.rowCount).toBeGreaterThan(1);
  expect(String(catSheet.getRow(2).getCell(14).value)).toBe("已发布");

  // A paper application registered by the office, then the ledger for the year it was received.
  await page.goto("/console/applications/new");
  await page.getByLabel("申请方式").selectOption("IN_PERSON");
  await page.getByLabel("收到申请日期").fill("2026-03-09");
  await page.getByRole("radio", { name: "自然人", exact: true }).check();
  await page.getByLabel("申请人姓名或名称").fill("李台账");
  await page.getByLabel("证件类型").selectOption("resident_id");
  await page.getByLabel("证件号码").fill("370303199001011239");
  await page.getByLabel("联系电话").fill("13805331234");
  await page.getByLabel("通信地址").fill("山东省淄博市高新区四宝山街道某社区");
  await page.getByLabel("所需信息的内容描述").fill(`${stamp} 请提供2025年本社区低保评议结果`);
  await page.getByRole("radio", { name: "纸质文本" }).check();
  await page.getByRole("radio", { name: "当面领取" }).check();
  await page.getByRole("button", { name: "登记申请" }).click();
  await expect(page).toHaveURL(/\/console\/applications\/[a-z0-9]+$/);

  // The 分管领导 has no applications page: the ledger link is followed from the console.
  const ledger = async () => {
    await page.goto("/console");
    const download = page.waitForEvent("download");
    await page.evaluate(() => {
      const a = document.createElement("a");
      a.href = "/console/applications/ledger?year=2026";
      document.body.append(a);
      a.click();
    });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(await (await file.createReadStream()).toArray()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("依申请公开台账")!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    const row = rows.find((r) => String(r.getCell(headers.indexOf("申请内容") + 1).value).includes(stamp))!;
    return { headers, cell: (h: string) => String(row.getCell(headers.indexOf(h) + 1).value ?? "") };
  };
  const full = await ledger();
  for (const h of ["收到日期", "申请人类型", "申请内容", "办理方式", "是否延期", "答复日期", "办理结果", "是否收费", "是否复议/诉讼"]) expect(full.headers).toContain(h);
  expect(full.cell("收到日期")).toBe("2026-03-09");
  expect(full.cell("申请人类型")).toBe("自然人");
  expect(full.cell("申请人")).toBe("李台账");
  expect(full.cell("证件号码")).toBe("370303199001011239");
  expect(full.cell("是否延期")).toBe("否");
  // The 分管领导 sees the ledger with the applicant's personal data masked.
  await signOut(page);
  await signIn(page, "supervisor");
  const masked = await ledger();
  expect(masked.cell("申请人")).toBe("李*账");
  expect(masked.cell("证件号码")).toBe("3703**********1239");
  expect(masked.cell("联系电话")).toBe("138****1234");
});
