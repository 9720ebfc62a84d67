import { expect, test, type Page } from "@playwright/test";
import { act, signIn, signOut, answerApplyChallenge } from "./helpers";

// Walks through docs/操作手册.md and takes its screenshots (docs/manual/*.png), so the staff guide
// shows the console as it is: each run of the suite refreshes them.

const SHOTS = "docs/manual";
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

test.describe("[MANUAL] screenshots for the staff guide", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("sign in, a first item end to end, an application, board sheets, the annual report", async ({ page, browser }) => {
    test.setTimeout(240_000);
    page.on("dialog", (d) => void d.accept());

    // 1. Sign in at /console.
    await page.goto("/console");
    await expect(page).toHaveURL(/\/console\/sign-in/);
    await page.getByLabel("用户名").fill("staff");
    await shot(page, "01-登录");
    await page.getByLabel("密码").fill("Sibaoshan2026");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("console-menu")).toBeVisible();
    await shot(page, "02-工作台");

    // 2. A first item: draft, submit, sign-off, review and publish.
    const title = `四宝山街道2026年冬季供暖保障工作安排${Date.now() % 10000}`;
    await page.goto("/console/items/new");
    await page.getByLabel("标题（名称）").fill(title);
    await page.getByLabel("内容概述").fill("公开本街道2026年冬季供暖保障工作的安排、服务电话和办理时限。");
    await page.getByTestId("body-editor").fill("各社区要在11月15日前完成入户走访，供暖问题请拨打0533-3581234反映。");
    await page.getByLabel("公开目录分类").selectOption({ label: "　统计数据" });
    await shot(page, "03-新建信息");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("草稿已保存")).toBeVisible();
    const id = page.url().match(/\/console\/items\/([^/?]+)/)![1];
    await act(page, "提交签发");
    await expect(page.getByTestId("item-state")).toHaveText("待科室负责人签发");
    await shot(page, "04-提交签发后");
    await signOut(page);

    await signIn(page, "head");
    await page.goto(`/console/items/${id}`);
    await shot(page, "05-科室负责人签发");
    await act(page, "签发");
    await signOut(page);

    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}?tab=review`);
    await shot(page, "06-党政办审核");
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("item-state")).toHaveText("已发布");
    await page.goto(`/items/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await shot(page, "07-门户网站上的信息");

    // 3. An application: a citizen applies online; the office handles it.
    const citizen = await browser.newContext({ javaScriptEnabled: false });
    const apply = await citizen.newPage();
    await apply.goto("/apply");
    await apply.getByRole("radio", { name: "自然人" }).check();
    await apply.getByLabel("申请人姓名或名称").fill("孙小梅");
    await apply.getByLabel("证件类型").selectOption("resident_id");
    await apply.getByLabel("证件号码").fill("11010519491231002X");
    await apply.getByLabel("联系电话").fill("13600136000");
    await apply.getByLabel("所需信息的内容描述").fill("请提供四宝山街道2026年冬季供暖补贴发放标准");
    await apply.getByRole("radio", { name: "电子文本" }).check();
    await apply.getByRole("radio", { name: "在本平台查询下载" }).check();
    await answerApplyChallenge(apply);
    await apply.getByRole("checkbox", { name: /本人承诺/ }).check();
    await apply.getByRole("button", { name: "提交申请" }).click();
    await expect(apply).toHaveURL(/\/track\/view\?new=1/);
    const code = (await apply.getByTestId("tracking-code").textContent())!.trim();
    await citizen.close();

    await page.goto("/console/applications");
    await expect(page.getByTestId("applications-table")).toContainText(code);
    await shot(page, "08-申请列表");
    await page.getByRole("link", { name: code }).click();
    await expect(page.getByTestId("application-status")).toBeVisible();
    await shot(page, "09-申请办理");

    // 4. Board sheets: the print queue of a board.
    await page.goto("/console/boards");
    await shot(page, "10-公开栏");
    await page.getByTestId("boards").getByRole("link").first().click();
    await expect(page.getByTestId("to-post")).toBeVisible();
    await shot(page, "11-打印队列");

    // 5. The annual report.
    await page.goto("/console/reports");
    await shot(page, "12-年度报告");
  });
});
