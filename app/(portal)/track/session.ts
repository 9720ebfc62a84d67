import "server-only";
import { cookies } from "next/headers";
import { derivedSecret } from "@/lib/applications/secrets";
import { TRACKING_COOKIE, verifyTrackingSession } from "@/lib/applications/tracking";

/** The application the visitor unlocked with code + phone digits (or by submitting it), if any. */
export async function trackedApplicationId(): Promise<string | null> {
  const token = (await cookies()).get(TRACKING_COOKIE)?.value;
  return verifyTrackingSession(derivedSecret("tracking"), token);
}
