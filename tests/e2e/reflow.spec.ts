import { spawnSync } from "node:child_process";
import { answerApplyChallenge } from "./helpers";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "../../playwright.config";

// WCAG 1.4.10 (reflow): at phone widths no portal page scrolls sideways, in the normal edition and in
// 关怀版, and the header leaves at least two thirds of the first screen to the content. Every page is
// screenshotted into the test's output folder (test-results/…), kept as an artefact of the run.

const PHONES = [
  { width: 320, height: 568 },
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 414, height: 896 },
];

function fixture<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/portal-fixture.ts", ...args], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`portal-fixture ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

// A body table as wide as the ones offices paste from spreadsheets.
const WIDE_TABLE = `<p>2026年一季度各社区城乡低保资金发放明细如下：</p><table><thead><tr>${["社区", "户数", "人数", "一月（元）", "二月（元）", "三月（元）", "合计（元）", "备注说明"]
  .map((h) => `<th>${h}</th>`)
  .join("")}</tr></thead><tbody>${["柳杭社区", "四宝山社区", "卫固社区", "东风社区"]
  .map((c, i) => `<tr><td>${c}</td><td>${40 + i}</td><td>${90 + i}</td><td>51234.00</td><td>51234.00</td><td>52100.00</td><td>154568.00</td><td>含临时救助对象及重残人员单独计发</td></tr>`)
  .join("")}</tbody></table>`;

const pages: Record<string, string> = {};

/** Submits an application (without JavaScript: no CAPTCHA widget) and returns a context holding its tracking session. */
async function applicantContext(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/apply");
  await page.getByRole("radio", { name: "自然人" }).check();
  await page.getByLabel("申请人姓名或名称").fill("王小红");
  await page.getByLabel("证件类型").selectOption("resident_id");
  await page.getByLabel("证件号码").fill("11010519491231002X");
  await page.getByLabel("联系电话").fill("13900139000");
  await page.getByLabel("所需信息的内容描述").fill("请提供四宝山街道2025年度城乡低保资金发放情况");
  await page.getByRole("radio", { name: "电子文本" }).check();
  await page.getByRole("radio", { name: "在本平台查询下载" }).check();
  await answerApplyChallenge(page);
  await page.getByRole("checkbox", { name: /本人承诺/ }).check();
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL(/\/track\/view\?new=1/);
  // The rest runs with JavaScript on, as most phones do (关怀版 on cached pages needs it).
  const storageState = await context.storageState();
  await context.close();
  return browser.newContext({ storageState });
}

async function measure(page: Page) {
  return page.evaluate(() => ({
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    header: document.querySelector(".site-header")?.getBoundingClientRect().height ?? 0,
    // What sticks out, for the failure message.
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".body-html table"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
}

test.beforeAll(() => {
  const draft = (title: string, category: string, extra: Record<string, string> = {}) =>
    JSON.stringify({ title, category, summary: `${title}的主要内容和发放标准。`, body: "施工期间请过往车辆和行人注意绕行，具体安排以现场公告为准。", ...extra });
  const table = fixture<{ id: string }>("publish", draft("四宝山街道2026年一季度城乡低保资金发放明细表", "tjsj", { bodyHtml: WIDE_TABLE })).id;
  const withdrawn = fixture<{ id: string }>("publish", draft("四宝山街道关于卫固社区道路施工期间交通管制的通告", "qt")).id;
  fixture("withdraw", withdrawn, "施工计划调整，原通告不再执行");
  Object.assign(pages, {
    首页: "/",
    公开目录: "/catalogue",
    栏目列表: "/catalogue/tjsj",
    栏目筛选: `/catalogue/tjsj/year-${new Date().getFullYear()}`,
    信息页含宽表格: `/items/${table}`,
    已撤回信息: `/items/${withdrawn}`,
    搜索结果: `/search?q=${encodeURIComponent("低保")}`,
    搜索无结果: `/search?q=${encodeURIComponent("不存在的词语组合")}`,
    公开指南: "/guide",
    公开制度: "/rules",
    年报: "/reports",
    依申请公开: "/apply",
    办理进度查询: "/track",
    办理进度: "/track/view",
    开放数据: "/open-data",
    页面不存在: "/abc",
    栏目不存在: "/catalogue/no-such-column",
  });
});

for (const edition of ["标准版", "关怀版"] as const) {
  test(`[PORTAL][REFLOW] no page scrolls sideways at 320–414 px (${edition})`, async ({ browser }, testInfo) => {
    test.setTimeout(300_000);
    const context = await applicantContext(browser);
    if (edition === "关怀版") await context.addCookies([{ name: "care", value: "1", url: E2E_BASE_URL }]);
    const page = await context.newPage();
    const problems: string[] = [];
    for (const [name, path] of Object.entries(pages)) {
      for (const size of PHONES) {
        await page.setViewportSize(size);
        await page.goto(path);
        // 关怀版 is on: from the root layout (pages rendered per request) or the inline script (cached
        // pages). Next renders 404 pages in the browser (an error shell), where neither applies yet.
        if (edition === "关怀版" && !name.endsWith("不存在")) await expect(page.locator('html.care, html[data-care="1"]')).toHaveCount(1);
        const m = await measure(page);
        if (m.scrollWidth > m.innerWidth) problems.push(`${name} ${path} @${size.width}px: ${m.scrollWidth} px wide (${m.wide.join(", ")})`);
        if (m.header > m.innerHeight / 3) problems.push(`${name} @${size.width}px: header ${Math.round(m.header)} px of ${m.innerHeight} px`);
        const shot = testInfo.outputPath(`${edition}-${size.width}-${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        if (size.width === 390) await testInfo.attach(`${edition} ${size.width}px ${name}`, { path: shot, contentType: "image/png" });
      }
    }
    expect(problems).toEqual([]);
    await context.close();
  });
}

test("[PORTAL][REFLOW] on a phone the navigation is a menu that opens without JavaScript; wide body tables scroll in their own box", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "政府信息公开栏目" });
  await expect(nav.getByRole("link", { name: "政府信息公开指南" })).toBeHidden();
  await nav.getByText("栏目导航").click();
  await expect(nav.getByRole("link", { name: "政府信息公开指南" })).toBeVisible();
  await nav.getByRole("link", { name: "依申请公开" }).click();
  await expect(page).toHaveURL(/\/apply$/);

  await page.goto(pages["信息页含宽表格"]);
  const box = await page.locator(".body-html table").evaluate((t) => ({ client: t.clientWidth, scroll: t.scrollWidth, overflow: getComputedStyle(t).overflowX }));
  expect(box.scroll).toBeGreaterThan(box.client);
  expect(box.overflow).toBe("auto");
  // The metadata table reads as label/value rows: each label sits beside its own value.
  const label = await page.getByRole("rowheader", { name: "发布日期" }).boundingBox();
  expect(label!.width).toBeLessThan(120);
  await context.close();

  // On a desktop the list is shown and the menu button is not.
  const wide = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const desk = await wide.newPage();
  await desk.goto("/");
  await expect(desk.getByRole("navigation", { name: "政府信息公开栏目" }).getByRole("link", { name: "政府信息公开指南" })).toBeVisible();
  await expect(desk.getByText("栏目导航")).toBeHidden();
  await wide.close();
});
