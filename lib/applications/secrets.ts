import { createHmac } from "node:crypto";
import { getEnv } from "../config/env";

/**
 * Keys for the CAPTCHA tokens and the tracking-page session, derived from NEXTAUTH_SECRET (already
 * shared by every web instance) so a deployment has one secret less to manage, while a leaked
 * CAPTCHA key would not sign sessions and vice versa.
 */
export function derivedSecret(purpose: "captcha" | "tracking"): string {
  return createHmac("sha256", getEnv().NEXTAUTH_SECRET).update(`gk-applications:${purpose}`).digest("base64url");
}
