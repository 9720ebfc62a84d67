import "server-only";
import { getServerSession } from "next-auth";
import { redirect, forbidden } from "next/navigation";
import { headers } from "next/headers";
import { AppError } from "../errors/app-error";
import { clientAddressOf } from "../http/client-address";
import { getAuthOptions, sessionDeps } from "./options";
import { checkSession, type SessionClaims } from "./session-policy";
import { can, type Permission, type SessionUser } from "./roles";

/**
 * The signed-in staff member, reloaded from the database on every request so that a disabled
 * account or a removed role takes effect at once. The session must also still be valid: signed in
 * after the last password change, current session version, within the absolute lifetime, not idle
 * and not signed out (lib/auth/session-policy.ts).
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const claims = (session as { claims?: SessionClaims } | null)?.claims;
  if (!claims) return null;
  const result = await checkSession(sessionDeps(), claims);
  return "user" in result ? result.user : null;
}

/** For pages: redirects to sign-in when anonymous, answers 403 without the permission. */
export async function requirePage(permission: Permission = "console.access"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/console/sign-in");
  if (!can(user, permission)) forbidden();
  return user;
}

/** For server actions and route handlers: throws AppError instead of redirecting. */
export async function requireAction(permission: Permission = "console.access"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  if (!can(user, permission)) throw new AppError("FORBIDDEN");
  return user;
}

/** The client's address: the last hop not in TRUSTED_PROXIES (see lib/http/client-address.ts). */
export async function requestIp(): Promise<string> {
  return clientAddressOf(await headers());
}
