import { spawnSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { startFrontCache, type FrontCache } from "../../scripts/lib/nginx";
import { DEMO_PASSWORD, answerApplyChallenge } from "./helpers";

// nginx (Debian's nginx-light, installed by `npm test` as root) with deploy/nginx/sibaoshan-portal.conf
// in front of the e2e server: what readers get through the production front cache.
const WEB_PORT = Number(process.env.E2E_PORT || 3100);
const NGINX_PORT = Number(process.env.E2E_NGINX_PORT || 3170);
let front: FrontCache;

/** Runs a domain command in a process of its own (tests/e2e/portal-fixture.ts). */
function fixture<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/portal-fixture.ts", ...args], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`portal-fixture ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

/** Milliseconds from `since` until the page at `url` satisfies `ready`. */
async function msUntil(request: APIRequestContext, url: string, ready: (html: string) => boolean, since: number, limitMs = 6000): Promise<number> {
  while (Date.now() - since < limitMs) {
    if (ready(await (await request.get(url)).text())) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Infinity;
}

test.beforeAll(async () => {
  front = await startFrontCache({ port: NGINX_PORT, upstreamPorts: [WEB_PORT], workers: 1 });
});
test.afterAll(async () => {
  await front?.stop();
});

test.describe("[DEPLOY][FRONT-CACHE] nginx micro-cache in front of the portal", () => {
  test("a publication and a withdrawal show through the cache within two seconds", async ({ request }) => {
    const draft = JSON.stringify({ title: "四宝山街道关于汇泉社区道路施工的通告", category: "qt", summary: "汇泉社区道路施工期间交通安排。", body: "汇泉社区道路施工期间，请过往车辆绕行。" });
    const { id } = fixture<{ id: string }>("signed-off", draft);
    const pages = ["/", "/catalogue/qt", `/items/${id}`];
    // Warm the cache; the second answer within the second comes from nginx, not from Next.
    for (const path of pages) {
      await request.get(front.url + path);
      const again = await request.get(front.url + path);
      expect(again.headers()["x-cache-status"], path).toMatch(/HIT|UPDATING/);
    }
    expect((await request.get(`${front.url}/items/${id}`)).status()).toBe(404);

    const published = fixture<{ committedAt: number }>("approve", id).committedAt;
    // Each page is watched on its own, at the same time, as different readers would.
    const [onList, onHome, onItem] = await Promise.all([
      msUntil(request, `${front.url}/catalogue/qt`, (h) => h.includes("汇泉社区道路施工"), published),
      msUntil(request, `${front.url}/`, (h) => h.includes("汇泉社区道路施工"), published),
      msUntil(request, `${front.url}/items/${id}`, (h) => h.includes("item-meta"), published),
    ]);
    console.log(`[front cache] published: list ${onList} ms, home ${onHome} ms, item ${onItem} ms after commit`);
    for (const ms of [onList, onHome, onItem]) expect(ms).toBeLessThan(2000);

    const withdrawn = fixture<{ committedAt: number }>("withdraw", id, "施工方案调整，另行通告").committedAt;
    const [notice, offList, offHome] = await Promise.all([
      msUntil(request, `${front.url}/items/${id}`, (h) => h.includes("施工方案调整，另行通告"), withdrawn),
      msUntil(request, `${front.url}/catalogue/qt`, (h) => !h.includes("汇泉社区道路施工"), withdrawn),
      msUntil(request, `${front.url}/`, (h) => !h.includes("汇泉社区道路施工"), withdrawn),
    ]);
    console.log(`[front cache] withdrawn: item ${notice} ms, list ${offList} ms, home ${offHome} ms after commit`);
    for (const ms of [notice, offList, offHome]) expect(ms).toBeLessThan(2000);

    // Next no longer tells shared caches to keep pages for an hour.
    const cc = (await request.get(`${front.url}/catalogue/qt`)).headers()["cache-control"];
    expect(cc).toBe("public, max-age=0, s-maxage=1");
  });

  test("an RSC payload is never served as a page, nor a page as an RSC payload", async ({ request }) => {
    for (const path of ["/catalogue/qt?_rsc=x1", "/catalogue/nb?_rsc=x2"]) {
      const url = front.url + path;
      const order: Array<"html" | "rsc"> = path.endsWith("x1") ? ["html", "rsc", "html", "rsc"] : ["rsc", "html", "rsc", "html"];
      for (const kind of order) {
        const res = await request.get(url, { headers: kind === "rsc" ? { RSC: "1" } : {} });
        const type = res.headers()["content-type"] ?? "";
        const body = await res.text();
        if (kind === "rsc") {
          expect(type, `${path} as RSC`).toContain("text/x-component");
          expect(body.trimStart().startsWith("<!DOCTYPE"), `${path} as RSC`).toBe(false);
        } else {
          expect(type, `${path} as HTML`).toContain("text/html");
          expect(body.trimStart().toLowerCase().startsWith("<!doctype html"), `${path} as HTML`).toBe(true);
        }
      }
      // Both kinds are stored, each under its own key: a second request within the second is a hit
      // and still of its own kind.
      for (const headers of [{ RSC: "1" }, {}] as Record<string, string>[]) {
        await request.get(url, { headers });
        const hit = await request.get(url, { headers });
        expect(hit.headers()["x-cache-status"], `${path} ${JSON.stringify(headers)}`).toMatch(/HIT|UPDATING/);
        expect(hit.headers()["content-type"]).toContain("RSC" in headers ? "text/x-component" : "text/html");
      }
    }
    // A router prefetch is keyed separately from a full RSC request as well.
    const prefetch = await request.get(`${front.url}/catalogue/qt?_rsc=x1`, { headers: { RSC: "1", "Next-Router-Prefetch": "1" } });
    expect(prefetch.headers()["content-type"]).toContain("text/x-component");
  });

  test("console and tracking pages are never served from the cache: a second user sees only their own page", async ({ browser, request }) => {
    test.setTimeout(120_000);
    const consoleNames = await Promise.all([consoleHeader(browser, "staff"), consoleHeader(browser, "reviewer")]);
    expect(consoleNames[0]).toContain("王晓燕");
    expect(consoleNames[0]).not.toContain("张丽华");
    expect(consoleNames[1]).toContain("张丽华");
    expect(consoleNames[1]).not.toContain("王晓燕");

    const [a, b] = [await applyAndTrack(browser, "周一鸣"), await applyAndTrack(browser, "吴二娟")];
    expect(a.code).not.toBe(b.code);
    // Each applicant reloads the tracking page through the cache and still sees only their own case.
    const pageA = await a.reload();
    const pageB = await b.reload();
    expect(pageA).toContain(a.code);
    expect(pageA).toContain("周*鸣");
    expect(pageA).not.toContain(b.code);
    expect(pageB).toContain(b.code);
    expect(pageB).toContain("吴*娟");
    expect(pageB).not.toContain(a.code);

    // The internal cache-refresh route is not reachable through the front at all (Next would say 403).
    expect((await request.post(`${front.url}/api/internal/revalidate`)).status()).toBe(404);

    for (const path of ["/console/sign-in", "/track", "/apply", "/api/auth/session"]) {
      for (let i = 0; i < 3; i++) {
        const status = (await request.get(front.url + path)).headers()["x-cache-status"];
        expect(status ?? "none", path).not.toMatch(/HIT|UPDATING|STALE/);
      }
    }
  });
});

/** Signs in through the cache in a context of its own; returns the console page's text. */
async function consoleHeader(browser: Browser, username: string): Promise<string> {
  const context = await browser.newContext({ baseURL: front.url });
  const page = await context.newPage();
  await page.goto("/console/sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("console-menu")).toBeVisible();
  expect(new URL(page.url()).port).toBe(String(NGINX_PORT));
  // Twice within the cache's second, as a cache would answer it.
  await page.goto("/console");
  await page.goto("/console");
  const text = await page.locator("body").innerText();
  await context.close();
  return text;
}

/** Applies through the cache (form without JavaScript); returns the tracking code and a reload of the tracking page. */
async function applyAndTrack(browser: Browser, name: string) {
  const context = await browser.newContext({ baseURL: front.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/apply");
  await page.getByRole("radio", { name: "自然人" }).check();
  await page.getByLabel("申请人姓名或名称").fill(name);
  await page.getByLabel("证件类型").selectOption("resident_id");
  await page.getByLabel("证件号码").fill("11010519491231002X");
  await page.getByLabel("联系电话").fill("0533-3581234");
  await page.getByLabel("所需信息的内容描述").fill("请提供本街道2025年度背街小巷整治项目清单");
  await page.getByRole("radio", { name: "纸质文本" }).check();
  await page.getByRole("radio", { name: "邮寄" }).check();
  await page.getByLabel("通信地址").fill("山东省淄博市高新区四宝山街道某小区2号楼");
  await answerApplyChallenge(page);
  await page.getByRole("checkbox", { name: /本人承诺/ }).check();
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL(/\/track\/view\?new=1/);
  const code = (await page.getByTestId("tracking-code").textContent())!.trim();
  return {
    code,
    reload: async () => {
      await page.goto("/track/view");
      await expect(page.getByRole("heading", { name: "依申请公开办理进度" })).toBeVisible();
      const text = await page.locator("main").innerText();
      await context.close();
      return text;
    },
  };
}
