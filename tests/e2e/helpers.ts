import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Sibaoshan2026";

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/console/sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("console-menu")).toBeVisible();
}

export async function signOut(page: Page) {
  // Signing out ends the session on the server at once: let a server action just submitted (act())
  // arrive first, or it would be refused as coming from a signed-out session.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/console\/sign-in/);
}

/** Fails the test when the page asks for anything outside this machine. */
export function forbidOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && !["data:", "blob:"].includes(url.protocol)) {
      outside.push(req.url());
    }
  });
  return outside;
}

/** Where the browser tests' stand-ins listen (scripts/e2e-server.ts starts them). */
export const STAND_INS = {
  district: `http://127.0.0.1:${process.env.E2E_DISTRICT_PORT || 4110}`,
  wechat: `http://127.0.0.1:${process.env.E2E_WECHAT_PORT || 4120}`,
};

/** Fills the labelled fields, then clicks the button (an item action form on the console). */
export async function act(page: Page, button: string, fields: Record<string, string> = {}) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: button, exact: true }).click();
}

/** One workflow step by another person: sign in, open the item, take the action, sign out. */
export async function actAs(page: Page, username: string, itemId: string, button: string) {
  await signIn(page, username);
  await page.goto(`/console/items/${itemId}`);
  await act(page, button);
  await signOut(page);
}

/**
 * Waits until the /apply form's proof-of-work widget (altcha) has solved its challenge in this
 * browser and filled its hidden "altcha" field. Nothing is bypassed: the server verifies the work.
 */
export async function powSolved(page: Page, timeout = 60_000) {
  await expect(page.locator('altcha-widget input[name="altcha"]')).toHaveValue(/^[A-Za-z0-9+/=]{40,}$/, { timeout });
}

/**
 * The /apply challenge as the page offers it: with JavaScript the browser solves the proof-of-work
 * (no test answer exists); without it the image CAPTCHA takes the e2e server's fixed answer.
 */
export async function answerApplyChallenge(page: Page) {
  // Without JavaScript the <noscript> image CAPTCHA is what shows (the widget element is there but inert).
  if (await page.locator("#captchaAnswer").isVisible()) await page.locator("#captchaAnswer").fill("E2ETEST");
  else await powSolved(page);
}
