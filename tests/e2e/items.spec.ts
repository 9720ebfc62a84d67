import { expect, test, type Page } from "@playwright/test";
import { act, actAs, signIn, signOut } from "./helpers";

// A valid 18-digit resident ID (check digit X): the confidentiality gate must catch it.
const VALID_ID = "11010519491231002X";

async function createDraft(page: Page, title: string, body: string) {
  await page.goto("/console/items/new");
  await page.getByLabel("标题（名称）").fill(title);
  await page.getByLabel("内容概述").fill("公开本街道2026年第四季度城乡居民最低生活保障资金发放情况。");
  await page.getByTestId("body-editor").fill(body);
  await page.getByLabel("公开目录分类").selectOption({ label: "　统计数据" });
  await page.getByLabel("发文字号（可选）").fill("四宝山办发〔2026〕21号");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByText("草稿已保存")).toBeVisible();
  return page.url().match(/\/console\/items\/([^/?]+)/)![1];
}

test.describe("[CONSOLE][ITEMS]", () => {
  test("draft → submit → sign-off → blocked by a resident ID → fixed → approved → on the portal; withdraw; revise", async ({ page }) => {
    // Eight sign-ins by four people: longer than the default minute on a loaded machine.
    test.setTimeout(180_000);
    const title = `四宝山街道2026年第四季度低保资金发放情况公示${Date.now() % 10000}`;
    await signIn(page, "staff");
    const id = await createDraft(page, title, `经审核，本季度共发放低保资金。经办人身份证号：${VALID_ID}。`);
    await act(page, "提交签发");
    await expect(page.getByTestId("item-state")).toHaveText("待科室负责人签发");
    await signOut(page);

    await signIn(page, "head");
    await page.goto(`/console/items/${id}`);
    await act(page, "签发");
    await expect(page.getByTestId("item-state")).toHaveText("待党政办审核");
    await signOut(page);

    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}?tab=review`);
    await expect(page.getByTestId("scan-findings")).toContainText("身份证号码（正文）");
    await expect(page.getByTestId("scan-findings")).toContainText(VALID_ID);
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("approve-now").getByTestId("action-message")).toContainText("保密审查发现 1 处");
    await expect(page.getByTestId("item-state")).toHaveText("待党政办审核");
    await act(page, "退回修改", { 退回意见: "正文含有公民身份证号码，请删除后重新提交。" });
    await expect(page.getByTestId("item-state")).toHaveText("草稿");
    await signOut(page);

    await signIn(page, "staff");
    await page.goto(`/console/items/${id}`);
    await expect(page.getByTestId("returned-comment")).toContainText("身份证号码");
    await page.getByRole("link", { name: "修改", exact: true }).click();
    await page.getByTestId("body-editor").fill("经审核，本季度共发放低保资金186万元，惠及困难群众412户。");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByText("已保存")).toBeVisible();
    await act(page, "提交签发");
    await signOut(page);

    await actAs(page, "head", id, "签发");

    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}`);
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("item-state")).toHaveText("已发布");
    const indexNo = (await page.getByTestId("index-no").textContent())!.trim();
    expect(indexNo).toMatch(/^11370300MB28513644\/2026-\d{5}$/);

    await page.goto(`/items/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const meta = page.getByTestId("item-meta");
    await expect(meta).toContainText(indexNo);
    await expect(meta).toContainText("四宝山街道办事处经济发展办公室");
    await expect(meta).toContainText("四宝山办发〔2026〕21号");
    await expect(meta).toContainText("有效");
    await page.goto("/catalogue/tjsj");
    await expect(page.getByTestId("catalogue-list")).toContainText(indexNo);

    // Revision: a new version through the same review, with its change note on the public page.
    await page.goto("/console/items");
    await signOut(page);
    await signIn(page, "staff");
    await page.goto(`/console/items/${id}`);
    await act(page, "修订", { 修订说明: "更正发放户数" });
    await page.getByTestId("body-editor").fill("经审核，本季度共发放低保资金186万元，惠及困难群众415户。");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByText("已保存")).toBeVisible();
    await act(page, "提交签发");
    await signOut(page);
    await actAs(page, "head", id, "签发");
    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}?tab=versions`);
    await expect(page.locator(".diff ins").first()).toBeVisible();
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("item-state")).toHaveText("已发布");
    await page.goto(`/items/${id}`);
    await expect(page.getByText("惠及困难群众415户")).toBeVisible();
    await expect(page.getByTestId("change-history")).toContainText("更正发放户数");
    await expect(page.getByTestId("item-meta")).toContainText(indexNo);

    // Withdrawal: the page stays, with the notice and reason.
    await page.goto(`/console/items/${id}`);
    page.once("dialog", (d) => d.accept());
    await act(page, "撤回", { 撤回原因: "发放数据需进一步核实" });
    await expect(page.getByTestId("item-state")).toHaveText("已撤回");
    await page.goto(`/items/${id}`);
    await expect(page.getByTestId("withdrawn-notice")).toContainText("发放数据需进一步核实");

    await page.goto(`/console/items/${id}?tab=history`);
    await expect(page.getByTestId("history")).toContainText("党政办审核通过");
    await expect(page.getByTestId("history")).toContainText("撤回");
  });

  test("the drafter cannot approve their own item", async ({ page }) => {
    // The administrator gives the office reviewer a drafting role in 经济发展办公室.
    await signIn(page, "admin");
    await page.goto("/console/admin/users");
    await page.getByRole("row", { name: /reviewer/ }).getByRole("link", { name: "管理" }).click();
    await page.getByLabel("角色", { exact: true }).selectOption({ label: "科室工作人员" });
    await page.getByLabel(/所属科室/).selectOption({ label: "经济发展办公室" });
    await page.getByRole("button", { name: "分配角色" }).click();
    await expect(page.getByTestId("grant-role").getByTestId("action-message")).toContainText("角色已分配");
    await signOut(page);

    await signIn(page, "reviewer");
    const id = await createDraft(page, "四宝山街道2026年冬季清雪除冰工作安排", "入冬以来，街道组织各社区做好清雪除冰准备工作，现将有关安排公开如下。");
    await act(page, "提交签发");
    await signOut(page);
    await actAs(page, "head", id, "签发");
    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}`);
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("approve-now").getByTestId("action-message")).toContainText("不能审核通过自己起草的信息");
    await expect(page.getByTestId("item-state")).toHaveText("待党政办审核");
  });
});
