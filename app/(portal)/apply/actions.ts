"use server";

import { redirect } from "next/navigation";
import { requestIp } from "@/lib/auth/session";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis/connection";
import { isAppError, publicMessageOf } from "@/lib/errors/app-error";
import { pickFormValues, type ApplicationFormValues } from "@/lib/applications/application-schema";
import { submitApplication } from "@/lib/applications/submit-application";
import { derivedSecret } from "@/lib/applications/secrets";
import { errorKind, filesOf, newCaptcha, redisOrNull, setTrackingCookie, type ApplyCaptcha } from "./helpers";

export interface ApplyState {
  message: string;
  fields: Record<string, string>;
  values: ApplicationFormValues;
  captcha: ApplyCaptcha;
  /** Changes on every answer so the form re-mounts with the echoed values. */
  seq: number;
}

// Only async functions are exported from this file: every export of a "use server" module is an
// endpoint anyone can call, so helpers (like setting the tracking cookie) live in ./helpers.

export async function submitApplicationAction(prev: ApplyState | null, form: FormData): Promise<ApplyState> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") raw[k] = v;
  const values = pickFormValues(raw);
  const seq = (prev?.seq ?? 0) + 1;

  // "换一张" submits the form without checking it, to keep what was typed (works without JavaScript).
  if (form.get("intent") === "refresh-captcha") {
    return { message: "", fields: {}, values, captcha: await newCaptcha(), seq };
  }

  const env = getEnv();
  let created;
  try {
    created = await submitApplication(
      {
        db: getDb(),
        redis: redisOrNull(),
        redisPrefix: env.REDIS_PREFIX,
        captchaSecret: derivedSecret("captcha"),
        captchaTestMode: env.CAPTCHA_TEST_MODE === "1",
        limits: {
          perHour: env.APPLY_RATE_LIMIT_PER_HOUR,
          perDay: env.APPLY_RATE_LIMIT_PER_DAY,
          attachmentMaxBytes: env.APPLICATION_ATTACHMENT_MAX_MB * 1024 * 1024,
          fallbackPerHour: env.APPLY_FALLBACK_PER_HOUR,
        },
      },
      {
        form: raw,
        files: await filesOf(form, "attachments"),
        powPayload: typeof raw.altcha === "string" ? raw.altcha : null,
        captchaToken: typeof raw.captchaToken === "string" ? raw.captchaToken : null,
        captchaAnswer: typeof raw.captchaAnswer === "string" ? raw.captchaAnswer : null,
        ip: await requestIp(),
      },
    );
  } catch (e) {
    // Only the error's kind is logged: a database error's message can quote the submitted values.
    if (!isAppError(e)) console.error("[apply] submission failed:", errorKind(e));
    return {
      message: publicMessageOf(e),
      fields: isAppError(e) ? (e.fields ?? {}) : {},
      values,
      captcha: await newCaptcha(),
      seq,
    };
  }
  await setTrackingCookie(created.id);
  redirect("/track/view?new=1");
}
