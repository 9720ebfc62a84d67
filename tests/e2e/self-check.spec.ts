import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { act, actAs, signIn, signOut } from "./helpers";

/** Runs a domain command in a process of its own (tests/e2e/portal-fixture.ts). */
function fixture<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/portal-fixture.ts", ...args], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`portal-fixture ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

const TITLE = "四宝山街道关于做好冬季清雪除冰工作的通知（自查测试）";

test("the reviewer follows a red 自查 finding to the item, has it corrected, reruns the check and the finding is gone; weekly report as DOCX and PDF", async ({ page }, info) => {
  test.setTimeout(240_000);
  // Published before the 错敏词 was checked: the approval gate does not look at the 错敏词 list.
  const { id } = fixture<{ id: string }>(
    "publish",
    JSON.stringify({ title: TITLE, category: "zdgz", summary: "部署本街道冬季清雪除冰工作的安排和责任分工。", body: "各社区要认真贯切落实清雪除冰责任，确保道路通行安全。" }),
  );

  // Staff do not see 自查.
  await signIn(page, "staff");
  await expect(page.getByTestId("console-menu")).not.toContainText("自查");
  const denied = await page.goto("/console/self-check");
  expect(denied?.status()).toBe(403);
  await page.goto("/console");
  await signOut(page);

  await signIn(page, "reviewer");
  await page.goto("/console/self-check");
  await page.getByTestId("run-self-check").getByRole("button", { name: "立即自查" }).click();
  await expect(page.getByTestId("run-self-check").getByTestId("action-message")).toContainText("自查完成");
  await page.goto("/console/self-check?indicator=CONTENT_ERRORS");
  await expect(page.getByTestId("indicator-CONTENT_ERRORS").getByTestId("light")).toHaveText("红");
  const finding = page.getByTestId("finding").filter({ hasText: TITLE });
  await expect(finding).toContainText("单项否决");
  await expect(finding).toContainText("“贯切落实”应为“贯彻落实”");
  const veto = Number(await page.getByTestId("veto-count").textContent());
  expect(veto).toBeGreaterThan(0);

  // The dashboard carries the veto count at the top.
  await page.goto("/console");
  await expect(page.getByTestId("dashboard-veto-count")).toHaveText(String(veto));

  // Follow the finding to the item.
  await page.goto("/console/self-check?indicator=CONTENT_ERRORS");
  await page.getByTestId("finding").filter({ hasText: TITLE }).getByRole("link", { name: "去处理" }).click();
  await expect(page).toHaveURL(new RegExp(`/console/items/${id}$`));
  await expect(page.getByTestId("item-state")).toHaveText("已发布");
  await signOut(page);

  // The department revises the text (a reviewer who drafted the revision could not approve it: two-person
  // rule) and sends it up again; the head signs it off.
  await signIn(page, "staff");
  await page.goto(`/console/items/${id}`);
  await act(page, "修订", { 修订说明: "更正错别字“贯切落实”" });
  await page.getByTestId("body-editor").fill("各社区要认真贯彻落实清雪除冰责任，确保道路通行安全。");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("已保存")).toBeVisible();
  await page.goto(`/console/items/${id}`);
  await act(page, "提交签发");
  await signOut(page);
  await actAs(page, "head", id, "签发");

  // The reviewer publishes the corrected version and reruns the check.
  await signIn(page, "reviewer");
  await page.goto(`/console/items/${id}`);
  await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
  await expect(page.getByTestId("item-state")).toHaveText("已发布");
  await page.goto("/console/self-check");
  await page.getByTestId("run-self-check").getByRole("button", { name: "立即自查" }).click();
  await expect(page.getByTestId("run-self-check").getByTestId("action-message")).toContainText("自查完成");
  await page.goto("/console/self-check?indicator=CONTENT_ERRORS");
  await expect(page.getByTestId("self-check-findings")).toBeVisible();
  await expect(page.getByTestId("finding").filter({ hasText: TITLE })).toHaveCount(0);
  await expect(page.getByTestId("self-check-trend").locator("svg")).toHaveCount(12);
  const axe = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: info.outputPath("self-check-page.png"), fullPage: true });

  // The weekly report, generated on demand and kept in the console.
  await page.getByTestId("generate-report").getByRole("button", { name: "生成本周自查报告" }).click();
  await expect(page.getByTestId("generate-report").getByTestId("action-message")).toContainText("已生成");
  await page.reload();
  const row = page.getByTestId("report-row").first();
  for (const [label, ext, magic] of [["Word", "docx", "PK"], ["PDF", "pdf", "%PDF"]] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: label }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^四宝山街道办事处政务公开自查报告（\\d{4}-\\d{2}-\\d{2}至\\d{4}-\\d{2}-\\d{2}）\\.${ext}$`));
    const file = info.outputPath(`self-check-report.${ext}`);
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, magic.length).toString("latin1")).toBe(magic);
  }
});
