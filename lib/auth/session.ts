import "server-only";
import { getServerSession } from "next-auth";
import { redirect, forbidden } from "next/navigation";
import { headers } from "next/headers";
import { getDb } from "../db/client";
import { AppError } from "../errors/app-error";
import { clientAddressOf } from "../http/client-address";
import { getAuthOptions } from "./options";
import { can, type Permission, type SessionUser } from "./roles";
import { loadSessionUser } from "./sign-in";

/**
 * The signed-in staff member, reloaded from the database on every request so that a disabled
 * account or a removed role takes effect at once (the JWT only carries the user id).
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const uid = (session as { uid?: string } | null)?.uid;
  if (!uid) return null;
  return loadSessionUser(getDb(), uid);
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
