import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test.describe("[PORTAL][IDENTITY] the footer, the public address and unknown paths", () => {
  test("the footer carries 网站标识码, the 备案号 the office enters (linked), 找错 and 订阅更新", async ({ page }) => {
    await page.goto("/guide");
    const footer = page.getByRole("contentinfo");
    await expect(footer).toContainText(/网站标识码：\d{10}/);
    await expect(footer.getByRole("link", { name: "我为政府网站找错" })).toHaveAttribute("href", /^https:\/\/zfwzgl\.www\.gov\.cn\/exposure\/jiucuo\.html\?site_code=\d{10}$/);
    await expect(footer.getByRole("link", { name: "订阅更新" })).toHaveAttribute("href", "/feed");
    await expect(footer).toContainText("RSS/Atom阅读器");
    await expect(footer).not.toContainText("ICP备");

    await signIn(page, "admin");
    await page.goto("/console/admin/organisation");
    // The e2e server runs a production build on localhost: 单位信息 says what that breaks.
    await expect(page.getByTestId("public-url-warning")).toContainText("PUBLIC_BASE_URL 是本机地址");
    await page.getByLabel("ICP备案号", { exact: true }).fill("鲁ICP备2026");
    await page.getByRole("button", { name: "保存网站标识" }).click();
    await expect(page.getByTestId("site-settings").getByTestId("action-message")).toContainText("ICP备案号格式不正确");
    await page.getByLabel("ICP备案号", { exact: true }).fill("鲁ICP备20260001号-1");
    await page.getByLabel("公安机关备案号", { exact: true }).fill("鲁公网安备37030302000123号");
    await page.getByLabel("公安机关备案号链接（选填）").fill("https://beian.mps.gov.cn/#/query/webSearch?code=37030302000123");
    await page.getByRole("button", { name: "保存网站标识" }).click();
    await expect(page.getByTestId("site-settings").getByTestId("action-message")).toContainText("已保存");

    await expect
      .poll(async () => {
        await page.goto("/");
        return page.getByTestId("site-identity").textContent();
      }, { timeout: 5_000 })
      .toContain("鲁ICP备20260001号-1");
    const identity = page.getByTestId("site-identity");
    await expect(identity.getByRole("link", { name: "鲁ICP备20260001号-1" })).toHaveAttribute("href", "https://beian.miit.gov.cn/");
    await expect(identity.getByRole("link", { name: "鲁公网安备37030302000123号" })).toHaveAttribute("href", /beian\.mps\.gov\.cn/);
  });

  test("/api/health names a public address on localhost in its detail", async ({ request }) => {
    const body = await (await request.get("/api/health")).json();
    expect(body.publicBaseUrl.ok).toBe(false);
    expect(body.publicBaseUrl.warning).toContain("PUBLIC_BASE_URL");
  });

  test("an unknown top-level path answers 404 inside the portal, with its header and search", async ({ page }) => {
    const res = await page.goto("/abc");
    expect(res!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在", level: 1 })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText("四宝山街道办事处");
    await page.getByRole("search", { name: "站内搜索" }).getByRole("searchbox").fill("低保");
    await page.getByRole("search", { name: "站内搜索" }).getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/\/search\?q=/);
  });
});
