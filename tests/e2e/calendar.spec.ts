import { execFileSync } from "node:child_process";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { powSolved, signIn } from "./helpers";

// Issue 13 (3): it is December and the bundled holiday data ends with 2026. The administrator sees
// the alert, due dates that reach into 2027 are marked 暂定 on the console and on /track, and the
// whole 2027 schedule is entered in one form (preview month by month, then save), after which the
// moved due dates are listed and the marking is gone.

const DB_URL = process.env.E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/gk_e2e";

/** Leaves no 2027 schedule behind for the specs that run after this one. */
function forget2027() {
  execFileSync("psql", [DB_URL, "-q", "-c", `DELETE FROM "CalendarYear" WHERE year = 2027; DELETE FROM "CalendarOverride" WHERE date BETWEEN '2027-01-01' AND '2027-12-31';`]);
}

/** Today in Beijing, "YYYY-MM-DD". */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The n-th working day after `from`, counted by hand rules: weekends off unless in `on`, `off` days off. */
function nthWorkingDay(from: string, n: number, off: ReadonlySet<string> = new Set(), on: ReadonlySet<string> = new Set()): string {
  let t = Date.parse(`${from}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    t += 86_400_000;
    const iso = new Date(t).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(t).getUTCDay());
    if (on.has(iso) || (!weekend && !off.has(iso))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

const cn = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

async function staffPage(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

test.describe("[CONSOLE][CALENDAR] next year's holiday schedule", () => {
  test.beforeAll(forget2027);
  test.afterAll(forget2027);

  test("2027 alert, 暂定 due dates on the console and /track, and the one-form year entry", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const today = beijingToday();
    test.skip(today < "2026-11-01" || today > "2026-12-31", "the 2027 alert is only due from 1 November 2026");
    // The reply period of an application received today, on plain weekdays (no 2026 holiday is left
    // after 1 November), reaches into 2027 — e.g. from Sat Dec 5: Dec 7–11, 14–18, 21–25, 28–31 (19), Fri Jan 1 (20).
    const provisionalDue = nthWorkingDay(today, 20);
    // With 元旦 Jan 1–3 2027 off and Sun Feb 14 worked.
    const yearOff = new Set(["2027-01-01", "2027-01-02", "2027-01-03", ...["06", "07", "08", "09", "10", "11", "12", "13"].map((d) => `2027-02-${d}`)]);
    const firmDue = nthWorkingDay(today, 20, yearOff, new Set(["2027-02-14"]));
    expect(provisionalDue.startsWith("2027")).toBe(true);
    expect(firmDue).not.toBe(provisionalDue);

    // ── The administrator is alerted on the dashboard and on 工作日历. ──
    const admin = await staffPage(browser, "admin");
    await admin.goto("/console");
    await expect(admin.getByTestId("calendar-alert")).toContainText("尚未录入2027年节假日安排");
    await admin.getByTestId("calendar-alert").getByRole("link", { name: "前往工作日历录入" }).click();
    await expect(admin.getByRole("heading", { name: "工作日历", level: 1 })).toBeVisible();
    await expect(admin.getByTestId("calendar-alert")).toBeVisible();
    // Other staff do not get the administrator's alert.
    const reviewer = await staffPage(browser, "reviewer");
    await reviewer.goto("/console");
    await expect(reviewer.getByTestId("calendar-alert")).toHaveCount(0);

    // ── A citizen applies online; the office confirms receipt today. ──
    await page.goto("/apply");
    await page.getByRole("radio", { name: "自然人" }).check();
    await page.getByLabel("申请人姓名或名称").fill("赵小燕");
    await page.getByLabel("证件类型").selectOption("resident_id");
    await page.getByLabel("证件号码").fill("370303199202021230");
    await page.getByLabel("联系电话").fill("13900139000");
    await page.getByLabel("政府信息名称").fill("2026年冬季清雪工作方案");
    await page.getByLabel("所需信息的内容描述").fill("请提供四宝山街道2026年冬季清雪工作方案");
    await page.getByRole("radio", { name: "电子文本" }).check();
    await page.getByRole("radio", { name: "在本平台查询下载" }).check();
    await powSolved(page);
    await page.getByRole("checkbox", { name: /本人承诺/ }).check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect(page).toHaveURL(/\/track\/view\?new=1/);
    const code = (await page.getByTestId("tracking-code").textContent())!.trim();

    await reviewer.goto("/console/applications");
    await reviewer.getByRole("link", { name: code }).click();
    await reviewer.getByRole("button", { name: "确认收到申请" }).click();
    await expect(reviewer.getByTestId("application-status")).toHaveText("办理中");
    await expect(reviewer.getByTestId("due-on")).toHaveText(cn(provisionalDue));
    await expect(reviewer.getByTestId("clock").getByTestId("due-provisional")).toHaveText("暂定");
    await expect(reviewer.getByText("国务院办公厅公布的2027年节假日安排尚未录入")).toBeVisible();
    await reviewer.goto("/console/applications");
    await expect(reviewer.getByTestId("applications-table").getByRole("row", { name: new RegExp(code) }).getByTestId("due-provisional")).toBeVisible();

    // The citizen sees the same date, marked 暂定, with the reason.
    await page.goto("/track/view");
    await expect(page.getByTestId("public-due")).toContainText(`${cn(provisionalDue)}前`);
    await expect(page.getByTestId("public-due-provisional")).toHaveText("暂定");
    await expect(page.getByTestId("public-due")).toContainText("暂按周一至周五为工作日计算");

    // ── The administrator enters 2027 in one form: a mistake first, then preview, then save. ──
    await admin.goto("/console/admin/calendar");
    const form = admin.getByTestId("year-schedule-form");
    await expect(form.getByLabel("年份")).toHaveValue("2027");
    await form.getByLabel("依据（国务院办公厅通知文号，选填）").fill("国办发明电〔2026〕测试号");
    await form.getByLabel("元旦放假开始").fill("2027-01-01");
    await form.getByLabel("元旦放假结束").fill("2027-01-03");
    await form.getByLabel("春节放假开始").fill("2027-02-06");
    await form.getByLabel("春节放假结束").fill("2027-02-13");
    await form.getByLabel("第1个调休上班日期").fill("2027-02-15");
    await form.getByLabel("第1个调休上班说明").fill("春节调休");
    await expect(form.getByTestId("year-save-button")).toBeDisabled();
    await form.getByTestId("year-preview-button").click();
    await expect(form.getByTestId("year-preview-message")).toContainText("2027-02-15不是周六或周日");
    await expect(form.getByTestId("year-save-button")).toBeDisabled();

    await form.getByLabel("第1个调休上班日期").fill("2027-02-14");
    await form.getByTestId("year-preview-button").click();
    await expect(form.getByTestId("year-preview-message")).toContainText("2027年放假11天（含周末），调休上班1天");
    const preview = form.getByTestId("year-preview");
    await expect(preview.locator("table")).toHaveCount(12);
    await expect(preview.getByTestId("preview-month-1")).toContainText("2027年1月（工作日20天）");
    await expect(preview.locator('[data-date="2027-01-01"]')).toHaveAttribute("data-working", "0");
    await expect(preview.locator('[data-date="2027-02-14"]')).toHaveAttribute("data-working", "1");
    await expect(preview.locator('[data-date="2027-02-14"]')).toContainText("班");
    await expect(preview.getByTestId("preview-month-2")).toContainText("2027年2月（工作日16天）");

    await form.getByTestId("year-save-button").click();
    await expect(form.getByTestId("year-save-message")).toContainText("已保存2027年节假日安排");
    const moved = form.getByTestId("moved-due-dates").getByRole("row", { name: new RegExp(code) });
    await expect(moved).toContainText("答复期限");
    await expect(moved).toContainText(provisionalDue);
    await expect(moved).toContainText(firmDue);

    // The alert is gone; the dates are firm everywhere.
    await admin.goto("/console");
    await expect(admin.getByTestId("calendar-alert")).toHaveCount(0);
    await admin.goto("/console/admin/calendar");
    await expect(admin.getByText("已录入 2027年（国办发明电〔2026〕测试号）")).toBeVisible();
    await reviewer.goto("/console/applications");
    await reviewer.getByRole("link", { name: code }).click();
    await expect(reviewer.getByTestId("due-on")).toHaveText(cn(firmDue));
    await expect(reviewer.getByTestId("due-provisional")).toHaveCount(0);
    await page.goto("/track/view");
    await expect(page.getByTestId("public-due")).toContainText(`${cn(firmDue)}前`);
    await expect(page.getByTestId("public-due-provisional")).toHaveCount(0);
  });
});
