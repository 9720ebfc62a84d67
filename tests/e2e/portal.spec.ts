import { spawnSync } from "node:child_process";
import { DOMParser } from "@xmldom/xmldom";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "../../playwright.config";
import { forbidOutsideRequests } from "./helpers";

const REPORT_2017 = "四宝山街道办事处2017年政府信息公开工作年度报告";
const ids: Record<string, string> = {};

/** Runs a domain command in a process of its own (tests/e2e/portal-fixture.ts). */
function fixture<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/portal-fixture.ts", ...args], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`portal-fixture ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

const draft = (title: string, category: string, summary: string, body: string, generatedDate?: string) =>
  JSON.stringify({ title, category, summary, body, generatedDate });

/** Milliseconds from `since` until the page at `path` satisfies `ready`, polling as fast as the server answers. */
async function msUntil(request: APIRequestContext, path: string, ready: (html: string) => boolean, since: number, limitMs = 5000): Promise<number> {
  while (Date.now() - since < limitMs) {
    if (ready(await (await request.get(path)).text())) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

async function expectNoAxeViolations(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.passes.length, `${label}: axe checked nothing`).toBeGreaterThan(10);
  expect(result.violations.map((v) => `${label}: ${v.id} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.beforeAll(() => {
  ids.report = fixture<{ id: string }>("publish", draft(REPORT_2017, "nb", "四宝山街道办事处2017年政府信息公开工作情况，包括主动公开、依申请公开等。", "2017年，本机关共主动公开政府信息10条，未收到政府信息公开申请。", "2018-01-20")).id;
  ids.stats = fixture<{ id: string }>("publish", draft("四宝山街道2026年一季度城乡低保资金发放情况", "tjsj", "公开一季度城乡低保资金发放户数和金额。", "一季度共发放城乡低保资金62.1万元，惠及困难群众405户。")).id;
});

test.describe("[PORTAL][CACHE]", () => {
  test("published pages come from the cache and show a publication and a withdrawal within one second", async ({ request }) => {
    const { id } = fixture<{ id: string }>("signed-off", draft("四宝山街道关于柳杭社区停水检修的通知", "qt", "柳杭社区供水管网检修期间停水安排。", "因供水管网检修，柳杭社区部分楼座将于周六停水，请居民提前储水。"));
    // Warm the cache, and check it is the cache that answers.
    for (const path of ["/", "/catalogue/qt", `/items/${id}`]) {
      await request.get(path);
      expect((await request.get(path)).headers()["x-nextjs-cache"], path).toBe("HIT");
    }
    expect((await request.get(`/items/${id}`)).status()).toBe(404);

    const published = fixture<{ committedAt: number }>("approve", id).committedAt;
    const onList = await msUntil(request, "/catalogue/qt", (html) => html.includes("柳杭社区停水检修"), published);
    const onHome = await msUntil(request, "/", (html) => html.includes("柳杭社区停水检修"), published);
    const onItem = await msUntil(request, `/items/${id}`, (html) => html.includes("item-meta"), published);
    console.log(`[portal cache] published: list ${onList} ms, home ${onHome} ms, item ${onItem} ms after commit`);
    expect(onList).toBeLessThan(1000);
    expect(onHome).toBeLessThan(1000);
    expect(onItem).toBeLessThan(1000);

    const withdrawn = fixture<{ committedAt: number }>("withdraw", id, "检修时间调整，另行通知").committedAt;
    const notice = await msUntil(request, `/items/${id}`, (html) => html.includes("检修时间调整，另行通知"), withdrawn);
    const offList = await msUntil(request, "/catalogue/qt", (html) => !html.includes("柳杭社区停水检修"), withdrawn);
    console.log(`[portal cache] withdrawn: item ${notice} ms, list ${offList} ms after commit`);
    expect(notice).toBeLessThan(1000);
    expect(offList).toBeLessThan(1000);
    expect((await request.get(`/items/${id}`)).headers()["x-nextjs-cache"]).toBe("HIT");
  });
});

test.describe("[PORTAL][SEARCH]", () => {
  test("finds the annual report for 信息公开 and 2017年度报告, the office's items for 宝山 and 四宝山, and helps when nothing is found", async ({ page }) => {
    for (const q of ["信息公开", "2017年度报告", "四宝山", "宝山"]) {
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await expect(page.getByTestId("search-results").getByRole("link", { name: REPORT_2017 })).toBeVisible();
    }
    await page.goto(`/search?q=${encodeURIComponent("低保")}`);
    const hit = page.getByTestId("search-results").getByRole("listitem").filter({ hasText: "一季度城乡低保资金" });
    await expect(hit.locator("mark").first()).toHaveText("低保");

    // From the header's search box, by keyboard only.
    await page.goto("/");
    await page.getByRole("searchbox", { name: "搜索政府信息" }).fill("年度报告");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=/);
    await expect(page.getByTestId("search-results")).toContainText("2017");

    await page.goto(`/search?q=${encodeURIComponent("无此内容的查询词组")}&category=nb`);
    const empty = page.getByTestId("search-empty");
    await expect(empty).toContainText("没有找到");
    await expect(empty.getByRole("link", { name: /取消栏目/ })).toBeVisible();
    await expect(empty.getByRole("link", { name: "依申请公开" })).toBeVisible();
  });
});

test.describe("[PORTAL][PAGES]", () => {
  test("list and item pages carry the intensive-platform meta tags", async ({ page }) => {
    const meta = async (name: string) => page.locator(`meta[name="${name}"]`).getAttribute("content");
    await page.goto("/catalogue/tjsj");
    expect(await meta("SiteName")).toBe("四宝山街道办事处政务公开");
    expect(await meta("SiteDomain")).toBe(new URL(E2E_BASE_URL).host);
    expect(await meta("SiteIDCode")).toMatch(/^\d{10}$/);
    expect(await meta("ColumnName")).toBe("统计数据");
    expect(await meta("ColumnType")).toBeTruthy();
    expect(await meta("ColumnKeywords")).toContain("统计数据");
    expect(await meta("ColumnDescription")).toBeTruthy();
    expect(await page.locator('meta[name="ArticleTitle"]').count()).toBe(0);

    await page.goto(`/items/${ids.report}`);
    expect(await meta("ArticleTitle")).toBe(REPORT_2017);
    expect(await meta("PubDate")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await meta("ContentSource")).toBe("四宝山街道办事处经济发展办公室");
    expect(await meta("SiteName")).toBe("四宝山街道办事处政务公开");
  });

  test("the catalogue list filters by year and department through cacheable paths", async ({ page }) => {
    await page.goto("/catalogue/nb");
    await page.getByLabel("生成年份").selectOption("2018");
    await page.getByLabel("发布机构").selectOption({ label: "经济发展办公室" });
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/\/catalogue\/nb\/year-2018\/dept-jjfz$/);
    await expect(page.getByTestId("catalogue-list")).toContainText(REPORT_2017);
    await page.goto("/catalogue/nb/year-2019");
    await expect(page.getByTestId("catalogue-list")).toContainText("没有符合筛选条件的信息");
  });

  test("the item page prints the metadata and text without the site's navigation", async ({ page }) => {
    await page.goto(`/items/${ids.stats}`);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByTestId("item-meta")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "政府信息公开栏目" })).toBeHidden();
    await expect(page.getByRole("search", { name: "站内搜索" })).toBeHidden();
    await expect(page.getByRole("button", { name: "打印本页" })).toBeHidden();
  });

  test("an unknown item answers 404 inside the portal, with search and ways on", async ({ page }) => {
    const res = await page.goto("/items/cnosuchitem000000000000000");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
    await expect(page.getByRole("navigation", { name: "政府信息公开栏目" })).toBeVisible();
    await page.getByLabel("搜索政府信息", { exact: true }).last().fill("年度报告");
    await page.getByRole("button", { name: "搜索" }).last().click();
    await expect(page.getByTestId("search-results")).toContainText("2017");
  });

  test("Atom feeds parse, with an id and dates on every entry", async ({ request }) => {
    for (const path of ["/feed", "/feed/nb"]) {
      const res = await request.get(path);
      expect(res.headers()["content-type"]).toContain("application/atom+xml");
      const doc = new DOMParser().parseFromString(await res.text(), "application/xml");
      const entries = Array.from(doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry"));
      expect(entries.length, path).toBeGreaterThan(0);
      for (const e of entries) {
        const text = (tag: string) => e.getElementsByTagNameNS("http://www.w3.org/2005/Atom", tag)[0]?.textContent ?? "";
        expect(text("id")).toMatch(/^tag:/);
        expect(Date.parse(text("updated"))).not.toBeNaN();
        expect(Date.parse(text("published"))).not.toBeNaN();
      }
    }
    expect((await request.get("/robots.txt")).ok()).toBe(true);
    expect(await (await request.get("/sitemap.xml")).text()).toContain("/sitemaps/items-1.xml");
    const api = await (await request.get("/api/open/v1/items?category=nb")).json();
    expect(api.data.map((d: { title: string }) => d.title)).toContain(REPORT_2017);
  });
});

test.describe("[PORTAL][A11Y]", () => {
  const pages = () => [
    ["首页", "/"],
    ["公开目录列表", "/catalogue/tjsj"],
    ["信息页", `/items/${ids.report}`],
    ["搜索结果", `/search?q=${encodeURIComponent("信息公开")}`],
    ["依申请公开", "/apply"],
    ["年报列表", "/reports"],
    ["公开指南", "/guide"],
    ["公开目录", "/catalogue"],
  ];

  for (const mode of ["normal", "large-text"] as const) {
    test(`no WCAG 2.1 A/AA violations (axe) in ${mode} mode, and nothing requested from outside`, async ({ page, context }) => {
      if (mode === "large-text") await context.addCookies([{ name: "care", value: "1", url: E2E_BASE_URL }]);
      const outside = forbidOutsideRequests(page);
      for (const [label, path] of pages()) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(200);
        expect(res?.headers()["content-security-policy"], path).toContain("default-src 'self'");
        if (mode === "large-text") await expect(page.locator("html"), path).toHaveClass(/care/);
        else await expect(page.locator("html"), path).not.toHaveClass(/care/);
        await expectNoAxeViolations(page, `${label}（${mode}）`);
      }
      expect(outside).toEqual([]);
    });
  }

  test("关怀版 stays on across cached and uncached pages, with larger text and line spacing ≥ 1.3, until turned off", async ({ page }) => {
    await page.goto("/");
    const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await fontSize();
    await page.getByRole("link", { name: "关怀版（大字号）" }).click();
    await expect(page.locator("html")).toHaveClass(/care/);
    for (const path of ["/catalogue/tjsj", `/items/${ids.report}`, "/guide", `/search?q=${encodeURIComponent("低保")}`, "/apply", "/reports", "/"]) {
      await page.goto(path);
      await expect(page.locator("html"), path).toHaveClass(/care/);
      expect(await fontSize(), path).toBeGreaterThan(normal);
      const body = await page.evaluate(() => {
        const s = getComputedStyle(document.body);
        return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
      });
      expect(body, path).toBeGreaterThanOrEqual(1.3);
      await expect(page.getByRole("link", { name: "退出关怀版" })).toBeVisible();
    }
    // Client-side navigation keeps it too.
    await page.getByRole("navigation", { name: "政府信息公开栏目" }).getByRole("link", { name: "法定主动公开内容" }).click();
    await expect(page).toHaveURL(/\/catalogue$/);
    await expect(page.locator("html")).toHaveClass(/care/);
    await page.getByRole("link", { name: "退出关怀版" }).click();
    await expect(page.locator("html")).not.toHaveClass(/care/);
    await page.goto(`/items/${ids.report}`);
    await expect(page.locator("html")).not.toHaveClass(/care/);
    expect(await fontSize()).toBe(normal);
  });

  test("keyboard: the skip link comes first and lands in the main content, and focus is visible", async ({ page }) => {
    await page.goto(`/items/${ids.report}`);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "跳转到主要内容" });
    await expect(skip).toBeFocused();
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    // The next Tab stop is inside the main content (the breadcrumb), not back in the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    await expect(page.getByRole("main")).toBeVisible();
  });
});
