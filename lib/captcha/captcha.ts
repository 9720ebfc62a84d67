/**
 * The image CAPTCHA: the application form's fallback when the browser runs no JavaScript (with
 * JavaScript the form uses the proof-of-work challenge in ./pow.ts instead).
 *
 * svg-captcha draws the characters; on its own it draws each character with nearly the same path
 * every time, so a lookup table reads it. Here every character is turned, shifted and scaled at
 * random, the whole picture is warped by a random displacement field, extra strokes cross it, and it
 * is rasterised to PNG on the server — the browser never sees a path to look up. This stops
 * lookup-table and replay scripts; it does not stop a trained OCR model, so fallback submissions
 * also have a tight per-address quota (lib/applications/submit-application.ts).
 *
 * The answer never leaves the server in the clear: the form carries a signed, short-lived token
 * binding a nonce, an expiry and an HMAC of the answer, so any web instance can verify it without
 * shared session state. Each token is accepted once (Redis remembers used nonces until expiry).
 *
 * CAPTCHA_TEST_MODE=1 (set only by scripts/e2e-server.ts, for the no-JavaScript browser test)
 * additionally accepts CAPTCHA_TEST_ANSWER for this image CAPTCHA; the token must still be genuine,
 * unexpired and unused. The proof-of-work challenge has no test answer.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import type { Redis } from "ioredis";

export const CAPTCHA_TTL_SECONDS = 15 * 60;
/** The fixed answer accepted in test mode only. */
export const CAPTCHA_TEST_ANSWER = "E2ETEST";

export interface CaptchaChallenge {
  /** data: URL of the PNG image (the CSP allows data: images, nothing outside). */
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

const rand = (min: number, max: number) => min + Math.random() * (max - min);

/**
 * Turns each character path svg-captcha drew (filled paths; its noise lines are stroked) about its
 * own centre, shifts and scales it, darkens it for contrast, and warps the whole picture with a
 * random turbulence field; adds crossing strokes. Returns new SVG markup (server side only).
 */
export function distortCaptchaSvg(svg: string, width = 150, height = 50): string {
  const body = svg
    .replace(/^<svg[^>]*>/, "")
    .replace(/<\/svg>$/, "")
    .replace(/<path fill="(#[0-9a-fA-F]{3,6})" d="([^"]+)"\/>/g, (_m, _fill: string, d: string) => {
      // The character's own centre (svg-captcha writes absolute coordinates as x y pairs).
      const nums = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
      const xs = nums.filter((_, i) => i % 2 === 0);
      const ys = nums.filter((_, i) => i % 2 === 1);
      const cx = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : width / 2;
      const cy = ys.length ? (Math.min(...ys) + Math.max(...ys)) / 2 : height / 2;
      const hue = Math.floor(rand(0, 360));
      const t = `translate(${rand(-4, 4).toFixed(2)} ${rand(-4, 4).toFixed(2)}) rotate(${rand(-20, 20).toFixed(1)} ${cx.toFixed(1)} ${cy.toFixed(1)}) translate(${cx.toFixed(1)} ${cy.toFixed(1)}) scale(${rand(0.9, 1.1).toFixed(3)} ${rand(0.9, 1.1).toFixed(3)}) skewX(${rand(-10, 10).toFixed(1)}) translate(${(-cx).toFixed(1)} ${(-cy).toFixed(1)})`;
      return `<g transform="${t}"><path fill="hsl(${hue},75%,28%)" d="${d}"/></g>`;
    });
  const strokes = Array.from({ length: 2 }, () => {
    const y = () => rand(5, height - 5).toFixed(1);
    return `<path d="M${rand(0, 15).toFixed(1)} ${y()} C${rand(30, 60).toFixed(1)} ${y()} ${rand(80, 120).toFixed(1)} ${y()} ${rand(135, width).toFixed(1)} ${y()}" stroke="hsl(${Math.floor(rand(0, 360))},50%,60%)" stroke-width="${rand(1, 1.6).toFixed(1)}" fill="none"/>`;
  }).join("");
  const seed = Math.floor(rand(1, 100000));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><filter id="w" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="${rand(0.025, 0.045).toFixed(3)}" numOctaves="2" seed="${seed}"/>` +
    `<feDisplacementMap in="SourceGraphic" scale="${rand(4, 6).toFixed(1)}" xChannelSelector="R" yChannelSelector="G"/></filter></defs>` +
    `<rect width="100%" height="100%" fill="#ffffff"/><g filter="url(#w)">${body}${strokes}</g></svg>`
  );
}

/** A new challenge; `text` is the answer and `svg` the picture, for the server only — never send either to the browser. */
export function createCaptcha(options: CreateCaptchaOptions): { token: string; text: string; svg: string } {
  const lib = loadSvgCaptcha();
  const drawn = lib.create({
    size: 4,
    // Characters people confuse (0/o/O, 1/i/l/I) are left out; the answer is case-insensitive.
    ignoreChars: "0oO1iIlLqg9",
    noise: 1,
    color: false,
    background: "#ffffff",
    width: 150,
    height: 50,
  });
  const text = drawn.text;
  const nonce = randomBytes(12).toString("base64url");
  const exp = Math.floor((options.now ?? Date.now()) / 1000) + (options.ttlSeconds ?? CAPTCHA_TTL_SECONDS);
  const token = [
    nonce,
    String(exp),
    mac(options.secret, "captcha-token", nonce, String(exp)),
    mac(options.secret, "captcha-answer", nonce, String(exp), normaliseAnswer(text)),
  ].join(".");
  return { token, text, svg: distortCaptchaSvg(drawn.data) };
}

/** The picture as the browser gets it: a PNG (rasterised by sharp; no vector paths reach the client). */
export async function rasteriseCaptcha(svg: string): Promise<string> {
  const sharp = (await import("sharp")).default;
  const png = await sharp(Buffer.from(svg), { density: 144 }).resize(150, 50).png({ compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}

/** A challenge for the form: the PNG and the token; `text` for the caller's tests only. */
export async function createCaptchaChallenge(options: CreateCaptchaOptions): Promise<CaptchaChallenge & { text: string }> {
  const { token, text, svg } = createCaptcha(options);
  return { imageDataUrl: await rasteriseCaptcha(svg), token, text };
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
