/**
 * Sessions that end. The session cookie is a next-auth JWT carrying, besides the user id:
 *   authAt — when the user signed in (next-auth's own `iat` moves each time the token is re-encoded),
 *   sv     — the user's session version at sign-in,
 *   sid    — a random id for this one session.
 * On every request (lib/auth/session.ts) the claims are checked against the database and Redis:
 *   - the absolute lifetime (SESSION_MAX_HOURS) since authAt has not passed;
 *   - the password was not changed or reset after authAt (User.passwordChangedAt);
 *   - sv still equals User.sessionVersion, which is bumped by 退出全部登录 (sign-out-everywhere), a password
 *     reset, a role granted or revoked, and deactivation;
 *   - the session is still known in Redis (`<prefix>:session:<sid>`): the key is written at sign-in,
 *     deleted at sign-out (so a copied cookie replayed after signing out is refused), and expires after
 *     SESSION_IDLE_MINUTES without a request (each request renews it).
 * When Redis cannot be reached the idle/sign-out check is skipped (logged); the other checks still hold.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { loadSessionUser } from "./sign-in";
import type { SessionUser } from "./roles";

export interface SessionClaims {
  uid?: unknown;
  authAt?: unknown;
  sv?: unknown;
  sid?: unknown;
}

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMinutes: 30, maxHours: 8 };

export interface SessionDeps {
  db: Db;
  redis?: Redis | null;
  redisPrefix?: string;
  settings?: SessionSettings;
  now?: () => number;
}

const sessionKey = (deps: Pick<SessionDeps, "redisPrefix">, sid: string) => `${deps.redisPrefix ?? "gk"}:session:${sid}`;

/** Claims for a new session (the jwt callback at sign-in); registers the session for the idle check. */
export async function startSession(deps: SessionDeps, userId: string): Promise<{ uid: string; authAt: number; sv: number; sid: string }> {
  const settings = deps.settings ?? DEFAULT_SESSION_SETTINGS;
  const { sessionVersion } = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  const claims = { uid: userId, authAt: (deps.now ?? Date.now)(), sv: sessionVersion, sid: randomBytes(16).toString("base64url") };
  if (deps.redis) {
    try {
      await deps.redis.set(sessionKey(deps, claims.sid), userId, "EX", settings.idleMinutes * 60);
    } catch (e) {
      console.warn(`[session] could not register the session for the idle check: ${(e as Error).message}`);
    }
  }
  return claims;
}

/** Sign-out: this session's id is forgotten, so its cookie no longer works even if copied. */
export async function endSession(deps: Pick<SessionDeps, "redis" | "redisPrefix">, claims: SessionClaims | null | undefined): Promise<void> {
  if (!deps.redis || typeof claims?.sid !== "string") return;
  try {
    await deps.redis.del(sessionKey(deps, claims.sid));
  } catch (e) {
    console.warn(`[session] could not end the session in Redis: ${(e as Error).message}`);
  }
}

export type SessionRefusal = "no-claims" | "expired" | "password-changed" | "version" | "idle" | "user";

/** The signed-in user, or why the session is refused. Renews the idle timer when it is accepted. */
export async function checkSession(
  deps: SessionDeps,
  claims: SessionClaims | null | undefined,
): Promise<{ user: SessionUser } | { refused: SessionRefusal }> {
  const settings = deps.settings ?? DEFAULT_SESSION_SETTINGS;
  const now = (deps.now ?? Date.now)();
  const { uid, authAt, sv, sid } = claims ?? {};
  if (typeof uid !== "string" || typeof authAt !== "number" || typeof sv !== "number" || typeof sid !== "string") {
    return { refused: "no-claims" };
  }
  if (now - authAt > settings.maxHours * 3_600_000 || authAt > now + 60_000) return { refused: "expired" };
  const row = await deps.db.user.findUnique({ where: { id: uid }, select: { passwordChangedAt: true, sessionVersion: true } });
  if (!row) return { refused: "user" };
  if (row.passwordChangedAt && row.passwordChangedAt.getTime() > authAt) return { refused: "password-changed" };
  if (row.sessionVersion !== sv) return { refused: "version" };
  if (deps.redis) {
    try {
      const renewed = await deps.redis.expire(sessionKey(deps, sid), settings.idleMinutes * 60);
      if (renewed !== 1) return { refused: "idle" };
    } catch (e) {
      console.warn(`[session] idle check unavailable: ${(e as Error).message}`);
    }
  }
  const user = await loadSessionUser(deps.db, uid);
  return user ? { user } : { refused: "user" };
}
