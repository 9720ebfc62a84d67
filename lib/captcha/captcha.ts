/**
 * A self-hosted CAPTCHA for the public application form: it must work on an offline government
 * network, so no outside service. svg-captcha draws the text as SVG paths (no text to scrape);
 * the answer never leaves the server in the clear — the form carries a signed, short-lived token
 * binding a nonce, an expiry and an HMAC of the answer, so any web instance can verify it without
 * shared session state. Each token is accepted once (Redis remembers used nonces until expiry).
 *
 * CAPTCHA_TEST_MODE=1 (set only by scripts/e2e-server.ts) additionally accepts CAPTCHA_TEST_ANSWER,
 * so browser tests can submit the form; the token must still be genuine, unexpired and unused.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import type { Redis } from "ioredis";

export const CAPTCHA_TTL_SECONDS = 15 * 60;
/** The fixed answer accepted in test mode only. */
export const CAPTCHA_TEST_ANSWER = "E2ETEST";

export interface CaptchaChallenge {
  /** data: URL of the SVG image (the CSP allows data: images, nothing outside). */
  imageDataUrl: string;
  token: string;
}

export type CaptchaProblem = "missing" | "expired" | "wrong" | "used" | "malformed";

export const CAPTCHA_MESSAGES: Record<CaptchaProblem, string> = {
  missing: "请填写验证码",
  expired: "验证码已过期，请填写新的验证码",
  wrong: "验证码不正确，请重新填写",
  used: "验证码已使用过，请填写新的验证码",
  malformed: "验证码已失效，请填写新的验证码",
};

interface SvgCaptcha {
  create(options: Record<string, unknown>): { text: string; data: string };
}

let svgCaptcha: SvgCaptcha | undefined;

/**
 * svg-captcha reads its font file relative to its own __dirname when first required; inside a
 * Next.js server bundle that path no longer exists. Requiring it at run time from the project
 * root keeps it out of the bundle (the variable name stops the bundler from following it).
 */
function loadSvgCaptcha(): SvgCaptcha {
  if (!svgCaptcha) {
    const name = ["svg", "captcha"].join("-");
    const req = createRequire(path.join(process.cwd(), "package.json"));
    svgCaptcha = req(name) as SvgCaptcha;
  }
  return svgCaptcha;
}

const normaliseAnswer = (answer: string) => answer.normalize("NFKC").trim().toLowerCase();

function mac(secret: string, ...parts: string[]): string {
  return createHmac("sha256", secret).update(parts.join("|")).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface CreateCaptchaOptions {
  secret: string;
  now?: number;
  ttlSeconds?: number;
}

/** A new challenge; `text` is the answer, for the caller's tests only — never send it to the browser. */
export function createCaptcha(options: CreateCaptchaOptions): CaptchaChallenge & { text: string } {
  const lib = loadSvgCaptcha();
  const drawn = lib.create({
    size: 4,
    // Characters people confuse (0/o/O, 1/i/l/I) are left out; the answer is case-insensitive.
    ignoreChars: "0oO1iIlLqg9",
    noise: 3,
    color: false,
    background: "#ffffff",
    width: 150,
    height: 50,
  });
  const text = drawn.text;
  const svg = drawn.data;
  const nonce = randomBytes(12).toString("base64url");
  const exp = Math.floor((options.now ?? Date.now()) / 1000) + (options.ttlSeconds ?? CAPTCHA_TTL_SECONDS);
  const token = [
    nonce,
    String(exp),
    mac(options.secret, "captcha-token", nonce, String(exp)),
    mac(options.secret, "captcha-answer", nonce, String(exp), normaliseAnswer(text)),
  ].join(".");
  return { imageDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, token, text };
}

export interface VerifyCaptchaOptions {
  secret: string;
  now?: number;
  testMode?: boolean;
  /** Remembers used tokens; without it (Redis down) a token could be replayed until it expires. */
  redis?: Redis | null;
  keyPrefix?: string;
}

/** Null when the answer is right and the token fresh and unused; otherwise what is wrong. */
export async function verifyCaptcha(
  token: string | undefined | null,
  answer: string | undefined | null,
  options: VerifyCaptchaOptions,
): Promise<CaptchaProblem | null> {
  if (!answer || !answer.trim()) return "missing";
  const parts = (token ?? "").split(".");
  if (parts.length !== 4) return "malformed";
  const [nonce, expText, tokenMac, answerMac] = parts;
  if (!safeEqual(tokenMac, mac(options.secret, "captcha-token", nonce, expText))) return "malformed";
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = Number(expText);
  if (!Number.isInteger(exp) || exp < now) return "expired";
  const given = normaliseAnswer(answer);
  const right =
    safeEqual(answerMac, mac(options.secret, "captcha-answer", nonce, expText, given)) ||
    (options.testMode === true && given === normaliseAnswer(CAPTCHA_TEST_ANSWER));
  if (!right) return "wrong";
  if (options.redis) {
    const key = `${options.keyPrefix ?? "gk"}:captcha:used:${nonce}`;
    const set = await options.redis.set(key, "1", "EX", Math.max(1, exp - now + 1), "NX");
    if (set !== "OK") return "used";
  }
  return null;
}
