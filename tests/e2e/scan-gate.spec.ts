import { expect, test } from "@playwright/test";
import { act, signIn } from "./helpers";
import { makePdfTable } from "../fixtures/documents";

const ID = "11010519491231002X";
const ID2 = "370303198506120036".slice(0, 17);

test.describe("[CONSOLE][SCAN]", () => {
  test("一键脱敏 in the body; a PDF list's finding names the file and page", async ({ page }) => {
    await signIn(page, "staff");
    await page.goto("/console/items/new");
    await page.getByLabel("标题（名称）").fill(`四宝山街道临时救助金发放公示${Date.now() % 10000}`);
    await page.getByLabel("内容概述").fill("公示本街道2026年第四季度临时救助对象和金额。");
    await page.getByTestId("body-editor").fill(`1 东山社区 3 1200 ${ID}，联系电话 138-1234-5678。`);
    await page.getByLabel("公开目录分类").selectOption({ label: "　统计数据" });
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("草稿已保存")).toBeVisible();
    const id = page.url().match(/\/console\/items\/([^/?]+)/)![1];

    await page.goto(`/console/items/${id}?tab=review`);
    const findings = page.getByTestId("scan-findings");
    await expect(findings).toContainText("发现 2 处");
    await findings.getByTestId("mask-finding").first().getByRole("button", { name: "一键脱敏" }).click();
    await expect(findings).toContainText("发现 1 处");
    await findings.getByTestId("mask-finding").first().getByRole("button", { name: "一键脱敏" }).click();
    await expect(findings).toContainText("未发现疑似涉密或敏感内容");

    await page.goto(`/console/items/${id}?tab=content`);
    await expect(page.locator(".body-html")).toContainText("1101**********002X");
    await expect(page.locator(".body-html")).toContainText("138-****-5678");
    await page.goto(`/console/items/${id}?tab=history`);
    await expect(page.getByTestId("history")).toContainText("一键脱敏");
    await expect(page.getByTestId("history")).toContainText("1101**********002X");

    // The list from the issue: 序号 | 社区 | 姓名 | 人数 | 金额 | 身份证号, as a PDF attachment.
    const { residentIdCheckChar } = await import("../../lib/validation/ids");
    const pdf = await makePdfTable(
      [
        ["序号", "社区", "姓名", "人数", "金额", "身份证号"],
        ["1", "东山社区", "王某某", "3", "1200", ID],
        ["2", "西山社区", "李某", "2", "800", ID2 + residentIdCheckChar(ID2)],
      ],
      { widths: [40, 90, 80, 50, 70, 170] },
    );
    await page.goto(`/console/items/${id}?tab=content`);
    await page.getByLabel(/选择文件/).setInputFiles({ name: "低保名单.pdf", mimeType: "application/pdf", buffer: pdf });
    await act(page, "上传附件");
    await expect(page.getByText("已上传 1 个附件")).toBeVisible();
    await page.goto(`/console/items/${id}?tab=review`);
    await expect(findings).toContainText("发现 2 处");
    await expect(findings.getByTestId("finding-location").first()).toHaveText("附件“低保名单.pdf” 第1页");
    // An attachment finding is not masked in place: the file has to be replaced or the finding dismissed.
    await expect(findings.getByTestId("mask-finding")).toHaveCount(0);
  });
});
