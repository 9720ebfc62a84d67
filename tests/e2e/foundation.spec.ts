import { expect, test } from "@playwright/test";
import { forbidOutsideRequests, signIn, signOut, DEMO_PASSWORD } from "./helpers";

// What each demo role's console menu must be: exactly these entries, in this order.
const EXPECTED_MENUS: Record<string, string[]> = {
  staff: ["工作台", "信息管理", "新建信息"],
  head: ["工作台", "信息管理", "新建信息"],
  reviewer: ["工作台", "信息管理", "历史信息导入", "依申请公开", "发布渠道", "公开栏", "年度报告", "督察检查", "问题与改进", "学习培训", "复议诉讼"],
  secrecy: ["工作台", "信息管理"],
  supervisor: ["工作台", "信息管理", "延期审批", "发布渠道", "年度报告", "督察检查", "问题与改进", "学习培训", "复议诉讼", "操作日志"],
  admin: ["工作台", "信息管理", "公开栏", "操作日志", "用户管理", "科室管理", "单位信息", "工作日历", "敏感词库", "期限设置", "任务队列", "年报统计口径"],
};

test.describe("[CONSOLE][AUTH]", () => {
  test("an anonymous visit to /console goes to the sign-in page", async ({ page }) => {
    await page.goto("/console");
    await expect(page).toHaveURL(/\/console\/sign-in/);
    await expect(page.getByRole("heading", { name: /工作人员登录/ })).toBeVisible();
  });

  for (const [username, menu] of Object.entries(EXPECTED_MENUS)) {
    test(`${username} signs in and sees exactly that role's menu`, async ({ page }) => {
      await signIn(page, username);
      const items = page.getByTestId("console-menu").getByRole("link");
      await expect(items).toHaveText(menu);
      await signOut(page);
    });
  }

  test("a staff member cannot open an administrator's page", async ({ page }) => {
    await signIn(page, "staff");
    const res = await page.goto("/console/admin/users");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
  });

  test("five wrong passwords lock the account; the right password is then refused", async ({ page }) => {
    await page.goto("/console/sign-in");
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel("用户名").fill("head2");
      await page.getByLabel("密码").fill(`wrong-password-${i}`);
      await page.getByRole("button", { name: "登录" }).click();
      const message = page.getByTestId("sign-in-error");
      if (i < 5) await expect(message).toContainText("用户名或密码错误");
      else await expect(message).toContainText("已被锁定");
    }
    await page.getByLabel("用户名").fill("head2");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("sign-in-error")).toContainText("已被锁定，请15分钟后再试");
    await expect(page).toHaveURL(/\/console\/sign-in/);
  });

  test("the administrator sees the lock and the sign-in events in the audit log", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/console/admin/users");
    const row = page.getByRole("row", { name: /head2/ });
    await expect(row).toContainText("已锁定");
    await page.goto("/console/audit?action=auth.");
    await expect(page.getByRole("cell", { name: "auth.account-locked" }).first()).toBeVisible();
    await expect(page.getByRole("cell", { name: "auth.sign-in-refused-locked" }).first()).toBeVisible();
    await expect(page.getByRole("cell", { name: "auth.sign-in", exact: true }).first()).toBeVisible();
  });
});

test.describe("[PORTAL]", () => {
  test("the guide is generated from the organisation's data and no outside host is asked", async ({ page }) => {
    const outside = forbidOutsideRequests(page);
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "政府信息公开栏目" })).toContainText("政府信息公开指南");
    for (const entry of ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]) {
      await expect(page.getByRole("link", { name: entry }).first()).toBeVisible();
    }
    await page.getByRole("link", { name: "政府信息公开指南" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("四宝山街道办事处政府信息公开指南");
    await expect(page.getByRole("row", { name: /传真/ })).toContainText("0533-3581235");
    await expect(page.getByRole("row", { name: /办公时间/ })).toContainText("8:30");
    await expect(page.getByRole("contentinfo")).toContainText("0533-3581234");
    expect(outside).toEqual([]);
  });

  test("an administrator's change to the office's phone shows in the guide", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/console/admin/organisation");
    await page.getByLabel("联系电话").fill("0533-3589999");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByTestId("action-message")).toContainText("已保存");
    await page.goto("/guide");
    await expect(page.getByRole("row", { name: /联系电话/ })).toContainText("0533-3589999");

    // The 网站标识码 the national reporting system assigned goes into every page's meta tags.
    await page.goto("/console/admin/organisation");
    await page.getByLabel("网站标识码（SiteIDCode）").fill("37039100x");
    await page.getByRole("button", { name: "保存网站标识" }).click();
    await expect(page.getByTestId("site-settings").getByTestId("action-message")).toContainText("10位数字");
    await page.getByLabel("网站标识码（SiteIDCode）").fill("3703910001");
    await page.getByRole("button", { name: "保存网站标识" }).click();
    await expect(page.getByTestId("site-settings").getByTestId("action-message")).toContainText("已保存");
    await expect
      .poll(async () => {
        await page.goto("/guide");
        return page.locator('meta[name="SiteIDCode"]').getAttribute("content");
      }, { timeout: 5_000 })
      .toBe("3703910001");
  });

  test("/api/health reports database, Redis and the workers up", async ({ request }) => {
    await expect
      .poll(async () => (await (await request.get("/api/health")).json()).workers.ok, { timeout: 20_000 })
      .toBe(true);
    const body = await (await request.get("/api/health")).json();
    expect(body.database.ok).toBe(true);
    expect(body.redis.ok).toBe(true);
    expect(body.workers.instances).toBeGreaterThanOrEqual(1);
  });
});
