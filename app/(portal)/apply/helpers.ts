import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/config/env";
import { getRedis } from "@/lib/redis/connection";
import { createCaptchaChallenge, type CaptchaChallenge } from "@/lib/captcha/captcha";
import { createPowChallenge } from "@/lib/captcha/pow";
import type { UploadedFile } from "@/lib/applications/submit-application";
import { signTrackingSession, TRACKING_COOKIE, TRACKING_SESSION_SECONDS } from "@/lib/applications/tracking";
import { derivedSecret } from "@/lib/applications/secrets";

/** Both challenges of the form: the proof-of-work one (JavaScript on) and the image fallback. */
export interface ApplyCaptcha {
  image: CaptchaChallenge;
  /** The ALTCHA challenge as JSON, for the widget's `challenge` attribute. */
  pow: string;
}

export async function newCaptcha(): Promise<ApplyCaptcha> {
  const env = getEnv();
  const secret = derivedSecret("captcha");
  const [{ imageDataUrl, token }, pow] = await Promise.all([
    createCaptchaChallenge({ secret }),
    createPowChallenge(secret, { cost: env.APPLY_POW_COST, maxCounter: env.APPLY_POW_MAX_COUNTER }),
  ]);
  return { image: { imageDataUrl, token }, pow: JSON.stringify(pow) };
}

export async function filesOf(form: FormData, name: string): Promise<UploadedFile[]> {
  const out: UploadedFile[] = [];
  for (const v of form.getAll(name)) {
    if (typeof v === "string") continue;
    out.push({ name: v.name ?? "", bytes: Buffer.from(await v.arrayBuffer()) });
  }
  return out;
}

export function redisOrNull() {
  try {
    return getRedis();
  } catch {
    return null;
  }
}

export async function setTrackingCookie(applicationId: string): Promise<void> {
  const env = getEnv();
  (await cookies()).set(TRACKING_COOKIE, signTrackingSession(derivedSecret("tracking"), applicationId), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.PUBLIC_BASE_URL.startsWith("https:"),
    path: "/track",
    maxAge: TRACKING_SESSION_SECONDS,
  });
}


/** "PrismaClientKnownRequestError P2002": enough to trace a failure, with no submitted values in it. */
export function errorKind(e: unknown): string {
  if (!(e instanceof Error)) return "unknown error";
  const code = (e as { code?: unknown }).code;
  return `${e.name}${typeof code === "string" ? ` ${code}` : ""}`;
}
