"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requestIp } from "@/lib/auth/session";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { isAppError, publicMessageOf } from "@/lib/errors/app-error";
import { lookupApplication, TRACKING_COOKIE } from "@/lib/applications/tracking";
import { submitCorrection } from "@/lib/applications/correction";
import { errorKind, filesOf, redisOrNull, setTrackingCookie } from "../apply/helpers";
import { trackedApplicationId } from "./session";

export interface FormState {
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
  seq: number;
}

function failure(e: unknown, values: Record<string, string>, prev: FormState | null): FormState {
  // Only the error's kind is logged: a database error's message can quote the submitted values.
  if (!isAppError(e)) console.error("[track] unexpected error:", errorKind(e));
  return { message: publicMessageOf(e), fields: isAppError(e) ? (e.fields ?? {}) : {}, values, seq: (prev?.seq ?? 0) + 1 };
}

export async function lookupAction(prev: FormState | null, form: FormData): Promise<FormState> {
  const code = String(form.get("code") ?? "");
  const lastFour = String(form.get("phoneLastFour") ?? "");
  const env = getEnv();
  let found;
  try {
    found = await lookupApplication(
      { db: getDb(), redis: redisOrNull(), redisPrefix: env.REDIS_PREFIX, failuresPer15Min: env.TRACK_RATE_LIMIT_PER_15MIN },
      { code, phoneLastFour: lastFour, ip: await requestIp() },
    );
  } catch (e) {
    // The digits are never echoed back into the page.
    return failure(e, { code: code.slice(0, 40) }, prev);
  }
  await setTrackingCookie(found.id);
  redirect("/track/view");
}

export async function submitCorrectionAction(prev: FormState | null, form: FormData): Promise<FormState> {
  const values = { infoTitle: String(form.get("infoTitle") ?? ""), description: String(form.get("description") ?? "") };
  const id = await trackedApplicationId();
  if (!id) redirect("/track?expired=1");
  try {
    await submitCorrection(
      getDb(),
      id,
      { form: values, files: await filesOf(form, "attachments") },
      { attachmentMaxBytes: getEnv().APPLICATION_ATTACHMENT_MAX_MB * 1024 * 1024 },
    );
  } catch (e) {
    return failure(e, values, prev);
  }
  redirect("/track/view?corrected=1");
}

export async function endTrackingAction(): Promise<void> {
  (await cookies()).delete({ name: TRACKING_COOKIE, path: "/track" });
  redirect("/track");
}
