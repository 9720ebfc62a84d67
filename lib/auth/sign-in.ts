import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { getDummyHash, verifyPassword } from "./password";
import type { RoleGrant, SessionUser } from "./roles";

export interface SignInPolicy {
  maxFailures: number;
  lockMinutes: number;
  /** Failures from one address within the window after which each attempt is slowed. */
  ipSlowAfter: number;
  ipWindowSeconds: number;
  ipMaxDelayMs: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  ipSlowAfter: 5,
  ipWindowSeconds: 15 * 60,
  ipMaxDelayMs: 8000,
};

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; code: "INVALID" }
  | { ok: false; code: "LOCKED"; minutesLeft: number };

export interface SignInDeps {
  db: Db;
  /** Optional: without Redis the per-address slow-down is skipped, the account lock still holds. */
  redis?: Redis | null;
  redisPrefix?: string;
  policy?: SignInPolicy;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Delay before answering an address with n recent failures: grows linearly, capped. */
export function ipDelayMs(failures: number, policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY): number {
  if (failures < policy.ipSlowAfter) return 0;
  return Math.min((failures - policy.ipSlowAfter + 1) * 500, policy.ipMaxDelayMs);
}

async function ipFailures(deps: SignInDeps, ip: string): Promise<number> {
  if (!deps.redis) return 0;
  try {
    const v = await deps.redis.get(`${deps.redisPrefix ?? "gk"}:login-fail:${ip}`);
    return v ? Number(v) : 0;
  } catch {
    return 0;
  }
}

async function recordIpFailure(deps: SignInDeps, ip: string, policy: SignInPolicy): Promise<void> {
  if (!deps.redis) return;
  const key = `${deps.redisPrefix ?? "gk"}:login-fail:${ip}`;
  try {
    await deps.redis.multi().incr(key).expire(key, policy.ipWindowSeconds).exec();
  } catch {
    // Redis away: the account lock in PostgreSQL still protects each account.
  }
}

export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { roles: true } });
  if (!user || !user.active) return null;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    departmentId: user.departmentId,
    roles: user.roles.map((r): RoleGrant => ({ role: r.role, departmentId: r.departmentId })),
  };
}

const phantomKey = (deps: SignInDeps, username: string, kind: "fail" | "lock") =>
  `${deps.redisPrefix ?? "gk"}:login-${kind}-name:${createHash("sha256").update(username).digest("hex").slice(0, 32)}`;

/**
 * A name with no active account is answered exactly like a real one: one password hash is checked
 * (against a dummy), failures are counted per name (in Redis, hashed) and the fifth "locks" it for
 * the same time with the same message, so neither the answers nor their timing tell which names
 * exist. Without Redis the count is skipped (unknown names then never lock; real accounts still do).
 */
async function refuseUnknown(
  deps: SignInDeps,
  policy: SignInPolicy,
  input: { username: string; user: { id: string } | null; password: string; ip: string },
): Promise<SignInResult> {
  await verifyPassword(input.password, await getDummyHash());
  await recordIpFailure(deps, input.ip, policy);
  let result: SignInResult = { ok: false, code: "INVALID" };
  if (deps.redis) {
    try {
      const lockTtl = await deps.redis.ttl(phantomKey(deps, input.username, "lock"));
      if (lockTtl > 0) {
        result = { ok: false, code: "LOCKED", minutesLeft: Math.max(1, Math.ceil(lockTtl / 60)) };
      } else {
        const failKey = phantomKey(deps, input.username, "fail");
        const [[, count]] = ((await deps.redis.multi().incr(failKey).expire(failKey, 86_400).exec()) ?? [[null, 0]]) as [unknown, number][];
        if (Number(count) >= policy.maxFailures) {
          await deps.redis.multi().set(phantomKey(deps, input.username, "lock"), "1", "EX", policy.lockMinutes * 60).del(failKey).exec();
          result = { ok: false, code: "LOCKED", minutesLeft: policy.lockMinutes };
        }
      }
    } catch {
      // Redis away: an unknown name is simply refused.
    }
  }
  await writeAudit(deps.db, {
    action: "auth.sign-in-failed",
    entityType: "User",
    entityId: input.user?.id ?? null,
    actorName: input.username.slice(0, 64),
    ip: input.ip,
    detail: { reason: input.user ? "inactive" : "unknown-user", ...(result.ok === false && result.code === "LOCKED" ? { answered: "locked" } : {}) },
  });
  return result;
}

/**
 * Checks a staff sign-in. Five wrong passwords in a row lock the account for 15 minutes; repeated
 * failures from one address are slowed. Every outcome is written to the audit log.
 */
export async function attemptSignIn(
  deps: SignInDeps,
  input: { username: string; password: string; ip: string },
): Promise<SignInResult> {
  const policy = deps.policy ?? DEFAULT_SIGN_IN_POLICY;
  const now = deps.now ?? (() => new Date());
  const username = input.username.trim().toLowerCase();
  const delay = ipDelayMs(await ipFailures(deps, input.ip), policy);
  if (delay > 0) await (deps.sleep ?? defaultSleep)(delay);

  const user = await deps.db.user.findUnique({ where: { username } });
  if (!user || !user.active) return refuseUnknown(deps, policy, { username, user, password: input.password, ip: input.ip });

  if (user.lockedUntil && user.lockedUntil > now()) {
    // The same work as any other attempt, so a locked account answers no faster than an unknown name.
    await verifyPassword(input.password, await getDummyHash());
    const minutesLeft = Math.max(1, Math.ceil((user.lockedUntil.getTime() - now().getTime()) / 60_000));
    await writeAudit(deps.db, {
      action: "auth.sign-in-refused-locked",
      entityType: "User",
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      ip: input.ip,
    });
    return { ok: false, code: "LOCKED", minutesLeft };
  }

  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordIpFailure(deps, input.ip, policy);
    const updated = await deps.db.user.update({
      where: { id: user.id },
      data: { failedLoginCount: { increment: 1 } },
    });
    if (updated.failedLoginCount >= policy.maxFailures) {
      const lockedUntil = new Date(now().getTime() + policy.lockMinutes * 60_000);
      await deps.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { lockedUntil, failedLoginCount: 0 } });
        await writeAudit(tx, {
          action: "auth.account-locked",
          entityType: "User",
          entityId: user.id,
          actorId: user.id,
          actorName: user.displayName,
          ip: input.ip,
          detail: { failures: updated.failedLoginCount, lockedUntil },
        });
      });
      return { ok: false, code: "LOCKED", minutesLeft: policy.lockMinutes };
    }
    await writeAudit(deps.db, {
      action: "auth.sign-in-failed",
      entityType: "User",
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      ip: input.ip,
      detail: { reason: "wrong-password", consecutiveFailures: updated.failedLoginCount },
    });
    return { ok: false, code: "INVALID" };
  }

  await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now() },
    });
    await writeAudit(tx, {
      action: "auth.sign-in",
      entityType: "User",
      entityId: user.id,
      actorId: user.id,
      actorName: user.displayName,
      ip: input.ip,
    });
  });
  const sessionUser = await loadSessionUser(deps.db, user.id);
  return sessionUser ? { ok: true, user: sessionUser } : { ok: false, code: "INVALID" };
}

/** The zh-CN message the sign-in page shows for an error code returned through next-auth. */
export function signInErrorMessage(error: string | null | undefined, lockMinutes = 15): string | null {
  if (!error) return null;
  const locked = /^ACCOUNT_LOCKED:(\d+)$/.exec(error);
  if (locked) {
    return `该账号因连续多次密码错误已被锁定，请${locked[1]}分钟后再试，或联系系统管理员解锁。`;
  }
  if (error === "CredentialsSignin" || error === "INVALID") {
    return `用户名或密码错误。连续输错5次，账号将被锁定${lockMinutes}分钟。`;
  }
  return "登录失败，请稍后再试。";
}
