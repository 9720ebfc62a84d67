import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { hashPassword } from "../../lib/auth/password";
import { attemptSignIn, DEFAULT_SIGN_IN_POLICY, ipDelayMs } from "../../lib/auth/sign-in";

describe("attemptSignIn", () => {
  const db = createDb(process.env.DATABASE_URL);
  const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
  const prefix = `${process.env.REDIS_PREFIX}:signin`;
  let clock = new Date("2026-11-26T02:00:00Z");
  const slept: number[] = [];
  const deps = () => ({
    db,
    redis,
    redisPrefix: prefix,
    now: () => clock,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
  });

  beforeAll(async () => {
    await db.user.create({
      data: { username: "lockme", displayName: "测试用户", passwordHash: await hashPassword("Right-pass-1") },
    });
  });
  afterAll(async () => {
    await db.$disconnect();
    await redis.quit();
  });

  it("signs in with the right password and records it in the audit log", async () => {
    const r = await attemptSignIn(deps(), { username: "LockMe", password: "Right-pass-1", ip: "10.0.0.1" });
    expect(r.ok).toBe(true);
    const audit = await db.auditLog.findFirst({ where: { action: "auth.sign-in" }, orderBy: { id: "desc" } });
    expect(audit?.ip).toBe("10.0.0.1");
  });

  it("locks the account on the fifth wrong password and refuses the right one for 15 minutes", async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await attemptSignIn(deps(), { username: "lockme", password: "nope", ip: "10.0.0.2" });
      expect(r).toEqual({ ok: false, code: "INVALID" });
    }
    const fifth = await attemptSignIn(deps(), { username: "lockme", password: "nope", ip: "10.0.0.2" });
    expect(fifth).toEqual({ ok: false, code: "LOCKED", minutesLeft: 15 });
    const sixth = await attemptSignIn(deps(), { username: "lockme", password: "Right-pass-1", ip: "10.0.0.3" });
    expect(sixth).toMatchObject({ ok: false, code: "LOCKED" });
    // Counted for this account only: other test files share the database.
    const { id: entityId } = await db.user.findUniqueOrThrow({ where: { username: "lockme" } });
    expect(await db.auditLog.count({ where: { action: "auth.account-locked", entityId } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "auth.sign-in-refused-locked", entityId } })).toBe(1);

    clock = new Date(clock.getTime() + 14 * 60_000);
    const still = await attemptSignIn(deps(), { username: "lockme", password: "Right-pass-1", ip: "10.0.0.3" });
    expect(still).toEqual({ ok: false, code: "LOCKED", minutesLeft: 1 });

    clock = new Date(clock.getTime() + 61_000);
    const after = await attemptSignIn(deps(), { username: "lockme", password: "Right-pass-1", ip: "10.0.0.3" });
    expect(after.ok).toBe(true);
  });

  it("slows repeated failures from one address, whatever the user name", async () => {
    slept.length = 0;
    for (let i = 0; i < 8; i++) {
      await attemptSignIn(deps(), { username: `nobody${i}`, password: "x", ip: "10.9.9.9" });
    }
    // Five failures recorded, then each further attempt waits longer.
    expect(slept).toEqual([500, 1000, 1500]);
    expect(ipDelayMs(100, DEFAULT_SIGN_IN_POLICY)).toBe(DEFAULT_SIGN_IN_POLICY.ipMaxDelayMs);
  });

  it("answers an unknown user like a wrong password", async () => {
    const r = await attemptSignIn(deps(), { username: "ghost", password: "x", ip: "10.0.0.4" });
    expect(r).toEqual({ ok: false, code: "INVALID" });
  });

  it("refuses a deactivated account", async () => {
    await db.user.update({ where: { username: "lockme" }, data: { active: false } });
    const r = await attemptSignIn(deps(), { username: "lockme", password: "Right-pass-1", ip: "10.0.0.5" });
    expect(r).toEqual({ ok: false, code: "INVALID" });
  });
});
