import { expect, test } from "@playwright/test";
import { powSolved, signIn } from "./helpers";

// A refused submission keeps everything that was typed, in the console and on the portal.

const CAPTCHA_TEST_ANSWER = "E2ETEST";

test.describe("[FORMS] what was typed survives a refused submission", () => {
  test("a refused 新建信息 keeps every field, and leaving the editor with unsaved changes asks first", async ({ page }) => {
    await signIn(page, "staff");
    await page.goto("/console/items/new");
    const title = "四宝山街道2026年冬季供暖保障工作安排";
    await page.getByLabel("标题（名称）").fill(title);
    await page.getByLabel("内容概述").fill("供暖安排"); // too short: at least 10 characters
    await page.getByTestId("body-editor").fill("各社区要做好冬季供暖保障工作，及时回应居民诉求。");
    await page.getByLabel("公开目录分类").selectOption({ label: "　统计数据" });
    await page.getByLabel("生成日期").fill("2026-11-20");
    await page.getByLabel("发文字号（可选）").fill("四宝山办发〔2026〕30号");
    await page.getByLabel("主题分类").selectOption("城乡建设、环境保护");
    await page.getByRole("radio", { name: "已废止" }).check();
    await page.getByLabel("废止日期").fill("2026-12-31");
    const channels = page.getByRole("group", { name: "发布渠道" }).getByRole("checkbox");
    const channelStates = await channels.evaluateAll((els) => els.map((e) => !(e as HTMLInputElement).checked));
    for (const [i, on] of channelStates.entries()) await channels.nth(i).setChecked(on);

    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByTestId("action-message")).toContainText("内容概述不能少于10个字");
    await expect(page).toHaveURL(/\/console\/items\/new$/);

    await expect(page.getByLabel("标题（名称）")).toHaveValue(title);
    await expect(page.getByLabel("内容概述")).toHaveValue("供暖安排");
    await expect(page.getByTestId("body-editor")).toContainText("各社区要做好冬季供暖保障工作");
    await expect(page.getByLabel("公开目录分类").locator("option:checked")).toHaveText("　统计数据");
    await expect(page.getByLabel("生成日期")).toHaveValue("2026-11-20");
    await expect(page.getByLabel("发文字号（可选）")).toHaveValue("四宝山办发〔2026〕30号");
    await expect(page.getByLabel("主题分类")).toHaveValue("城乡建设、环境保护");
    await expect(page.getByRole("radio", { name: "已废止" })).toBeChecked();
    await expect(page.getByLabel("废止日期")).toHaveValue("2026-12-31");
    expect(await channels.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual(channelStates);

    // Leaving by a link asks first; staying keeps the page as it is.
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId("console-menu").getByRole("link").first().click();
    expect(asked[0]).toContain("尚未保存的修改");
    await expect(page).toHaveURL(/\/console\/items\/new$/);
    await expect(page.getByLabel("标题（名称）")).toHaveValue(title);

    // Corrected, it saves, and then leaving asks nothing.
    await page.getByLabel("内容概述").fill("四宝山街道2026年冬季供暖保障工作的安排和联系方式。");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("草稿已保存")).toBeVisible();
    await expect(page).toHaveURL(/\/console\/items\/[a-z0-9]+/);
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`a refused /apply keeps the pledge and names the files to choose again (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto("/apply");
      await page.getByRole("radio", { name: "自然人" }).check();
      await page.getByLabel("申请人姓名或名称").fill("赵小兰");
      await page.getByLabel("证件类型").selectOption("resident_id");
      await page.getByLabel("证件号码").fill("370303199001011230"); // wrong check digit
      await page.getByLabel("联系电话").fill("13700137000");
      await page.getByLabel("所需信息的内容描述").fill("请提供四宝山街道2026年度老旧小区改造计划");
      await page.getByRole("radio", { name: "电子文本" }).check();
      await page.getByRole("radio", { name: "在本平台查询下载" }).check();
      await page.getByLabel("附件").setInputFiles({ name: "身份证复印件.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
      // With JavaScript the browser solves the proof-of-work; without it, the image CAPTCHA is answered.
      if (javaScriptEnabled) await powSolved(page);
      else await page.locator("#captchaAnswer").fill(CAPTCHA_TEST_ANSWER);
      const pledge = page.getByRole("checkbox", { name: /本人承诺/ });
      await pledge.check();
      await page.getByRole("button", { name: "提交申请" }).click();

      await expect(page.getByTestId("apply-errors")).toContainText("校验");
      await expect(pledge).toBeChecked();
      await expect(page.getByLabel("申请人姓名或名称")).toHaveValue("赵小兰");
      await expect(page.getByRole("radio", { name: "在本平台查询下载" })).toBeChecked();
      await expect(page.getByText("上次选择的附件（身份证复印件.pdf）未保存，请重新选择。")).toBeVisible();
      await context.close();
    });
  }
});
