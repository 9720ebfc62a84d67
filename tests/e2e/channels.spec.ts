import { expect, test, type Page } from "@playwright/test";
import { STAND_INS, act, actAs, signIn, signOut } from "./helpers";

const BOARDS = ["党政办公室一楼大厅公开栏", "北石社区公示栏"];

async function standIn<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

interface WeChatState {
  published: { titles: string[]; articleUrls: string[]; deletedAll: boolean }[];
}

/** Reloads the item's channel tab until the delivery row reaches the status. */
async function expectDelivery(page: Page, id: string, row: string, status: string) {
  await expect
    .poll(
      async () => {
        await page.goto(`/console/items/${id}?tab=channels`);
        return page.getByTestId("channel-panel").getByTestId(row).getAttribute("data-status", { timeout: 2_000 }).catch(() => null);
      },
      { timeout: 45_000, intervals: [1_000] },
    )
    .toBe(status);
}

async function openBoard(page: Page, name: string) {
  await page.goto("/console/boards");
  await page.getByTestId("boards").getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test.describe("[CONSOLE][CHANNELS]", () => {
  test("office approves an item and every channel delivers; withdrawal takes it down everywhere", async ({ page }) => {
    test.setTimeout(180_000);
    // WeChat titles are limited to 32 characters: this one fits.
    const title = `四宝山街道冬季供暖服务保障公告${Date.now() % 100000}`;

    await signIn(page, "staff");
    await page.goto("/console/items/new");
    await page.getByLabel("标题（名称）").fill(title);
    await page.getByLabel("内容概述").fill("公布本街道2026年冬季供暖服务保障措施和报修电话。");
    await page.getByTestId("body-editor").fill("为保障辖区居民温暖过冬，街道协调供热企业做好供暖服务保障工作，现将有关事项公告如下。");
    await page.getByLabel("公开目录分类").selectOption({ label: "　统计数据" });
    for (const board of BOARDS) await page.getByLabel(board).check();
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("草稿已保存")).toBeVisible();
    const id = page.url().match(/\/console\/items\/([^/?]+)/)![1];
    await act(page, "提交签发");
    await signOut(page);

    await actAs(page, "head", id, "签发");

    await signIn(page, "reviewer");
    await page.goto(`/console/items/${id}`);
    await page.getByTestId("approve-now").getByRole("button", { name: "审核通过并发布" }).click();
    await expect(page.getByTestId("item-state")).toHaveText("已发布");
    const indexNo = (await page.getByTestId("index-no").textContent())!.trim();

    // Every channel delivers; the item shows its WeChat article URL.
    await expectDelivery(page, id, "delivery-DISTRICT-UPSERT-v1", "DELIVERED");
    await expectDelivery(page, id, "delivery-WECHAT-UPSERT-v1", "DELIVERED");
    await expectDelivery(page, id, "delivery-BOARD-UPSERT-v1", "DELIVERED");
    const articleLink = page.getByTestId("delivery-WECHAT-UPSERT-v1").getByTestId("delivery-link");
    const articleUrl = (await articleLink.getAttribute("href"))!;
    expect(articleUrl.startsWith(`${STAND_INS.wechat}/s/`)).toBe(true);

    // The district stand-in holds it once; WeChat has exactly one published article.
    const held = await standIn<{ status: string; versions: unknown[] }>(`${STAND_INS.district}/__standin/items/${encodeURIComponent(indexNo)}`);
    expect(held.status).toBe("published");
    expect(held.versions).toHaveLength(1);
    const wechat = await standIn<WeChatState>(`${STAND_INS.wechat}/__standin/state`);
    const articles = wechat.published.filter((p) => p.titles.includes(title));
    expect(articles).toHaveLength(1);
    expect(articles[0].articleUrls[0]).toBe(articleUrl);

    // The sheet is in each chosen board's print queue; staff print it and record it as posted.
    for (const board of BOARDS) {
      await openBoard(page, board);
      const toPost = page.getByTestId("to-post");
      await expect(toPost).toContainText(title);
      await expect(toPost.getByTestId("print-batch")).toBeVisible();
      const download = page.waitForEvent("download");
      await toPost.getByTestId("print-batch").click();
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
      // Nothing is ticked in advance: only what the person ticks is recorded as posted.
      const tick = page.getByTestId("mark-posted").getByRole("checkbox", { name: `选择：${title}` });
      await expect(tick).not.toBeChecked();
      await tick.check();
      await page.getByTestId("mark-posted").getByRole("button", { name: "登记为已张贴" }).click();
      // The page re-renders: the sheet moves from the print queue to "on the board".
      await expect(page.getByTestId("on-board")).toContainText(title);
      await expect(page.getByTestId("on-board")).toContainText("张丽华");
    }

    // Withdrawal: district withdrawn, WeChat article deleted, take-down tasks on each board.
    await page.goto(`/console/items/${id}`);
    page.once("dialog", (d) => d.accept());
    await act(page, "撤回", { 撤回原因: "供暖保障措施调整，待重新发布" });
    await expect(page.getByTestId("item-state")).toHaveText("已撤回");
    await expectDelivery(page, id, "delivery-DISTRICT-DELETE-v1", "DELIVERED");
    await expectDelivery(page, id, "delivery-WECHAT-DELETE-v1", "DELIVERED");
    await expectDelivery(page, id, "delivery-BOARD-DELETE-v1", "DELIVERED");

    const withdrawn = await standIn<{ status: string }>(`${STAND_INS.district}/__standin/items/${encodeURIComponent(indexNo)}`);
    expect(withdrawn.status).toBe("withdrawn");
    const after = await standIn<WeChatState>(`${STAND_INS.wechat}/__standin/state`);
    expect(after.published.filter((p) => p.titles.includes(title)).map((p) => p.deletedAll)).toEqual([true]);
    expect((await fetch(articleUrl)).status).toBe(404);

    await expect(page.getByTestId("board-tasks").getByTestId("board-task-TAKE_DOWN")).toHaveCount(BOARDS.length);
    for (const board of BOARDS) {
      await openBoard(page, board);
      await expect(page.getByTestId("to-take-down")).toContainText(title);
      await expect(page.getByTestId("to-take-down")).toContainText("信息已撤回");
    }
  });
});

test.describe("[CONSOLE][CHANNELS][MONITOR]", () => {
  test("the office sees each channel's health; the administrator sees the queues; staff see neither", async ({ page }) => {
    await signIn(page, "reviewer");
    await page.goto("/console/channels");
    const probes = page.getByTestId("channel-probes");
    await expect(probes).toContainText("区政府信息公开系统");
    await expect(probes).toContainText("连接正常，接口账号有效");
    await expect(probes).toContainText("本地模拟服务");
    await expect(page.getByTestId("channel-counts").getByTestId("channel-WECHAT")).toBeVisible();
    await signOut(page);

    await signIn(page, "admin");
    await page.goto("/console/admin/queues");
    await expect(page.getByTestId("queue-counts").getByTestId("queue-deliver-wechat")).toBeVisible();
    await expect(page.getByTestId("queue-counts").getByTestId("queue-channels-maintenance")).toBeVisible();
    await page.goto("/console/boards");
    await expect(page.getByTestId("boards")).toContainText("党政办公室一楼大厅公开栏");
    await signOut(page);

    await signIn(page, "staff");
    expect((await page.goto("/console/channels"))?.status()).toBe(403);
    expect((await page.goto("/console/admin/queues"))?.status()).toBe(403);
    expect((await page.goto("/console/boards"))?.status()).toBe(403);
  });
});
