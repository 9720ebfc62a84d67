/**
 * The application form's proof-of-work challenge (ALTCHA, self-hosted: altcha-lib here, the
 * `altcha` widget in the browser; nothing is fetched from or sent to anyone else).
 *
 * The server picks a secret counter and signs the PBKDF2 key derived from it; the browser has to
 * try counters from 0 until it derives a key with the signed prefix — on average `maxCounter × 3/4`
 * key derivations of `cost` iterations each, about a second on a phone at the defaults. The work
 * cannot be looked up or guessed, and each solved challenge is accepted once (Redis remembers its
 * nonce until it expires), so a script pays the same price for every application it sends.
 */
import { createChallenge, randomInt, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import type { Redis } from "ioredis";
import { createHmac } from "node:crypto";
import type { CaptchaProblem } from "./captcha";

export const POW_MESSAGES: Record<CaptchaProblem, string> = {
  missing: "人机验证尚未完成，请稍候片刻待页面显示“验证通过”后再提交",
  expired: "人机验证已过期，请重新提交",
  wrong: "人机验证未通过，请重新提交",
  used: "人机验证已使用过，请重新提交",
  malformed: "人机验证已失效，请重新提交",
};

export const POW_ALGORITHM = "PBKDF2/SHA-256";
export const POW_TTL_SECONDS = 15 * 60;

export interface PowSettings {
  /** PBKDF2 iterations per attempt. */
  cost: number;
  /** The secret counter is drawn from [maxCounter/2, maxCounter]. */
  maxCounter: number;
}

export const DEFAULT_POW_SETTINGS: PowSettings = { cost: 2000, maxCounter: 5000 };

/** Two independent keys from the one captcha secret: the challenge signature and the key signature. */
function keys(secret: string) {
  const k = (label: string) => createHmac("sha256", secret).update(`altcha:${label}`).digest("hex");
  return { hmacSignatureSecret: k("challenge"), hmacKeySignatureSecret: k("key") };
}

export async function createPowChallenge(
  secret: string,
  settings: PowSettings = DEFAULT_POW_SETTINGS,
  now: number = Date.now(),
): Promise<Challenge> {
  const max = Math.max(2, Math.floor(settings.maxCounter));
  return createChallenge({
    algorithm: POW_ALGORITHM,
    cost: Math.max(1, Math.floor(settings.cost)),
    counter: randomInt(Math.floor(max / 2), max),
    deriveKey,
    expiresAt: new Date(now + POW_TTL_SECONDS * 1000),
    ...keys(secret),
  });
}

interface PowPayload {
  challenge: Challenge;
  solution: { counter: number; derivedKey: string; time?: number };
}

function parsePayload(payload: string): PowPayload | null {
  if (payload.length > 4096) return null;
  try {
    const v = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as Partial<PowPayload>;
    const p = v?.challenge?.parameters;
    if (!p || typeof p.nonce !== "string" || typeof v.challenge?.signature !== "string") return null;
    if (p.algorithm !== POW_ALGORITHM) return null;
    if (!v.solution || typeof v.solution.derivedKey !== "string" || typeof v.solution.counter !== "number") return null;
    return v as PowPayload;
  } catch {
    return null;
  }
}

export interface VerifyPowOptions {
  secret: string;
  /** Remembers used challenges; without it (Redis down) a solved challenge could be replayed until it expires. */
  redis?: Redis | null;
  keyPrefix?: string;
}

/** Null when the payload carries a solved, signed, unexpired and unused challenge; otherwise what is wrong. */
export async function verifyPowPayload(payload: string | null | undefined, options: VerifyPowOptions): Promise<CaptchaProblem | null> {
  if (!payload || !payload.trim()) return "missing";
  const parsed = parsePayload(payload.trim());
  if (!parsed) return "malformed";
  let result;
  try {
    result = await verifySolution({ challenge: parsed.challenge, solution: parsed.solution, deriveKey, ...keys(options.secret) });
  } catch {
    return "malformed";
  }
  if (result.expired) return "expired";
  if (result.invalidSignature) return "malformed";
  if (!result.verified) return "wrong";
  if (options.redis) {
    const p = parsed.challenge.parameters;
    const ttl = Math.max(1, (p.expiresAt ?? Math.floor(Date.now() / 1000) + POW_TTL_SECONDS) - Math.floor(Date.now() / 1000) + 1);
    const set = await options.redis.set(`${options.keyPrefix ?? "gk"}:captcha:pow-used:${p.nonce}`, "1", "EX", ttl, "NX");
    if (set !== "OK") return "used";
  }
  return null;
}
