import { spawnSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { STAND_INS, signIn, signOut } from "./helpers";

/**
 * Issue 11: a WeChat answer that concerns the whole account pauses the channel; 发布渠道 says why,
 * what to do and when it goes on, and staff can resume it. Driven through the real path: an item
 * is approved (domain command in a process of its own), the workers publish it to the WeChat
 * stand-in, and the stand-in answers the first freepublish/get with 45009.
 */

function publishItem(title: string): string {
  const draft = JSON.stringify({ title, category: "tjsj", summary: "公布本季度辖区经济运行主要指标。", body: "本季度辖区经济运行总体平稳。" });
  const env = {
    ...process.env,
    DATABASE_URL: process.env.E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/gk_e2e",
    ...(process.env.E2E_REDIS_PREFIX ? { REDIS_PREFIX: process.env.E2E_REDIS_PREFIX } : {}),
  };
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/portal-fixture.ts", "publish", draft], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`portal-fixture publish failed: ${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split("\n").pop()!) as { id: string }).id;
}

async function configureWeChat(patch: Record<string, unknown>) {
  const res = await fetch(`${STAND_INS.wechat}/__standin/config`, { method: "POST", body: JSON.stringify(patch) });
  expect(res.ok).toBe(true);
}

/** "12月7日 00:00": the next midnight in Beijing, when the platform's daily quota resets. */
function nextBeijingMidnightLabel(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const next = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1));
  return `${next.getUTCMonth() + 1}月${next.getUTCDate()}日 00:00`;
}

async function waitForPause(page: Page) {
  await expect
    .poll(
      async () => {
        await page.goto("/console/channels");
        return page.getByTestId("pause-WECHAT").count();
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe(1);
}

test.describe("[CONSOLE][CHANNELS] paused channel", () => {
  test("45009 pauses WeChat: 发布渠道 shows the reason and when it resumes; 恢复推送 lets the held item go out once", async ({ page }) => {
    test.setTimeout(180_000);
    await configureWeChat({ failNext: { "cgi-bin/freepublish/get": [45009] } });
    const title = `四宝山街道经济运行情况${Date.now() % 100000}`;
    const id = publishItem(title);

    await signIn(page, "reviewer");
    await waitForPause(page);
    const row = page.getByTestId("pause-WECHAT");
    await expect(row).toContainText("微信公众号");
    await expect(row).toContainText("已暂停");
    await expect(row.getByTestId("pause-reason")).toContainText("公众号接口今日调用次数已达上限（45009）");
    await expect(row.getByTestId("pause-resumes")).toContainText(`将于 ${nextBeijingMidnightLabel()}（北京时间）自动恢复`);
    await expect(page.getByTestId("channel-counts").getByTestId("channel-WECHAT")).toContainText("已暂停");
    await page.screenshot({ path: "test-results/channel-pause.png", fullPage: true });

    // The item says the same, on its own row.
    await page.goto(`/console/items/${id}?tab=channels`);
    const wechatRow = page.getByTestId("channel-panel").getByTestId("delivery-WECHAT-UPSERT-v1");
    await expect(wechatRow).toHaveAttribute("data-status", "PENDING");
    await expect(wechatRow).toContainText("微信公众号推送已暂停");
    await expect(wechatRow).toContainText("自动恢复");

    // The administrator reset the quota in 公众平台; the office resumes at once.
    await page.goto("/console/channels");
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("resume-channel").getByRole("button", { name: "恢复推送" }).click();
    // The page is rendered again without the paused channel.
    await expect(page.getByTestId("channel-pauses")).toHaveCount(0);
    await expect(page.getByTestId("channel-probes")).not.toContainText("推送已暂停");
    await expect
      .poll(
        async () => {
          await page.goto(`/console/items/${id}?tab=channels`);
          return page.getByTestId("channel-panel").getByTestId("delivery-WECHAT-UPSERT-v1").getAttribute("data-status");
        },
        { timeout: 45_000, intervals: [1_000] },
      )
      .toBe("DELIVERED");
    await page.goto("/console/channels");
    await expect(page.getByTestId("channel-pauses")).toHaveCount(0);

    const state = (await (await fetch(`${STAND_INS.wechat}/__standin/state`)).json()) as { published: { titles: string[] }[] };
    expect(state.published.filter((p) => p.titles.includes(title))).toHaveLength(1);
  });

  test("a server IP missing from the whitelist waits for a person, and only staff who may publish can resume", async ({ page }) => {
    test.setTimeout(180_000);
    await configureWeChat({ ipWhitelisted: false });
    try {
      publishItem(`四宝山街道白名单检查${Date.now() % 100000}`);
      await signIn(page, "reviewer");
      await waitForPause(page);
      const row = page.getByTestId("pause-WECHAT");
      await expect(row.getByTestId("pause-reason")).toContainText("白名单");
      await expect(row.getByTestId("pause-resumes")).toContainText("等待管理员处理");
      await page.setViewportSize({ width: 360, height: 740 });
      await expect(row.getByTestId("pause-reason")).toBeVisible();
      await page.setViewportSize({ width: 1280, height: 800 });

      await signOut(page);
      await signIn(page, "supervisor");
      await page.goto("/console/channels");
      await expect(page.getByTestId("pause-WECHAT")).toBeVisible();
      await expect(page.getByTestId("resume-channel")).toHaveCount(0);
    } finally {
      await configureWeChat({ ipWhitelisted: true });
    }
    await signOut(page);
    await signIn(page, "reviewer");
    await page.goto("/console/channels");
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("resume-channel").getByRole("button", { name: "恢复推送" }).click();
    await expect(page.getByTestId("channel-pauses")).toHaveCount(0);
  });
});
