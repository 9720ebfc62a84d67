// Issue 12, written as the attacks: each block tries what the security pass did and expects it to fail.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { encode, decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser, attemptSignIn, DEFAULT_SIGN_IN_POLICY } from "../../lib/auth/sign-in";
import { hashPassword, verifyPassword, getDummyHash } from "../../lib/auth/password";
import type { SessionUser } from "../../lib/auth/roles";
import { clientAddressOf, parseTrustedProxies, PEER_ADDRESS_HEADER } from "../../lib/http/client-address";
import { installPeerAddressRecorder } from "../../lib/http/peer-address";
import { badRequestReason } from "../../lib/http/bad-request";
import { AppError } from "../../lib/errors/app-error";
import { submitApplication, type SubmitApplicationDeps } from "../../lib/applications/submit-application";
import { createCaptcha } from "../../lib/captcha/captcha";
import { createPowChallenge } from "../../lib/captcha/pow";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { checkSession, endSession, startSession, type SessionClaims } from "../../lib/auth/session-policy";
import { grantRole, resetPassword, signOutEverywhere } from "../../lib/users/manage-users";
import { updateOrganisation } from "../../lib/users/manage-departments";
import { approveItem, createItem, signOffItem, submitItem, updateItemDraft, type ItemActor } from "../../lib/items/item-commands";
import sharp from "sharp";
import { PDFDocument } from "pdf-lib";
import { GET as openItemRoute } from "../../app/api/open/v1/items/[prefix]/[serial]/route";

const db = createDb(process.env.DATABASE_URL);
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const prefix = `${process.env.REDIS_PREFIX}:sec`;
const secret = "security-captcha-secret-0123456789abcdef";
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-sec-"));
const storage = new LocalBlobStorage(storageDir);
const users: Record<string, SessionUser> = {};
const actor = (name: string): ItemActor => ({ user: users[name], ip: "127.0.0.1" });

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
});
afterAll(async () => {
  await db.$disconnect();
  await redis.quit();
  rmSync(storageDir, { recursive: true, force: true });
});

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

function applicationForm(extra: Record<string, string> = {}) {
  return {
    applicantType: "NATURAL_PERSON",
    applicantName: "张小明",
    idType: "resident_id",
    idNumber: "11010519491231002X",
    phone: "13800138000",
    infoTitle: "2025年度财政预算执行情况",
    description: "请提供四宝山街道2025年度财政预算执行情况报告",
    formWanted: "ELECTRONIC",
    deliveryMethod: "ONLINE",
    pledge: "1",
    ...extra,
  };
}

function applyDeps(limits: Partial<SubmitApplicationDeps["limits"]> = {}, keyPrefix = prefix): SubmitApplicationDeps {
  return {
    db,
    redis,
    redisPrefix: keyPrefix,
    captchaSecret: secret,
    limits: { perHour: 100, perDay: 100, attachmentMaxBytes: 1024 * 1024, ...limits },
    storage,
  };
}

describe("1. forged X-Forwarded-For", () => {
  const none = parseTrustedProxies("");
  const forged = (i: number, peer = "198.51.100.7") =>
    new Headers({ "x-forwarded-for": `203.0.113.${i}, 10.9.8.${i}`, "x-real-ip": `192.0.2.${i}`, [PEER_ADDRESS_HEADER]: peer });

  it("the web process records the TCP peer and overwrites a client's copy of that header", async () => {
    installPeerAddressRecorder();
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(clientAddressOf(req.headers as Record<string, unknown>, none));
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "203.0.113.50", [PEER_ADDRESS_HEADER]: "203.0.113.51" } });
    await new Promise<void>((r) => server.close(() => r()));
    expect(seen).toEqual(["127.0.0.1"]);
  });

  it("rotating X-Forwarded-For does not reset the /apply limit without TRUSTED_PROXIES", async () => {
    const keyPrefix = `${prefix}:xff-apply`;
    const outcomes: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const ip = clientAddressOf(forged(i), none);
      const e = await submitApplication(applyDeps({ perHour: 3 }, keyPrefix), {
        form: applicationForm({ idNumber: "bad" }),
        files: [],
        captchaToken: null,
        captchaAnswer: null,
        ip,
      }).catch((err: AppError) => err.code);
      outcomes.push(String(e));
    }
    expect(outcomes).toEqual(["INVALID_INPUT", "INVALID_INPUT", "INVALID_INPUT", "RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("rotating X-Forwarded-For does not reset the sign-in slow-down, and the audit row has the real address", async () => {
    const slept: number[] = [];
    for (let i = 1; i <= 7; i++) {
      await attemptSignIn(
        { db, redis, redisPrefix: `${prefix}:xff-signin`, sleep: async (ms) => void slept.push(ms) },
        { username: `xff-probe-${i}`, password: "x", ip: clientAddressOf(forged(i), none) },
      );
    }
    expect(slept).toEqual([500, 1000]);
    const audit = await db.auditLog.findFirst({ where: { action: "auth.sign-in-failed", actorName: "xff-probe-7" } });
    expect(audit?.ip).toBe("198.51.100.7");
  });

  it("behind trusted proxies the last untrusted hop is the client, whatever was forged to its left", () => {
    const viaNginx = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", [PEER_ADDRESS_HEADER]: "127.0.0.1" });
    expect(clientAddressOf(viaNginx, none)).toBe("127.0.0.1");
    expect(clientAddressOf(viaNginx, parseTrustedProxies("1"))).toBe("203.0.113.9");
    expect(clientAddressOf(viaNginx, parseTrustedProxies("127.0.0.1, 10.0.0.0/8"))).toBe("203.0.113.9");
    const twoProxies = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.1.2.3", [PEER_ADDRESS_HEADER]: "::ffff:127.0.0.1" });
    expect(clientAddressOf(twoProxies, parseTrustedProxies("127.0.0.1/8, 10.0.0.0/8"))).toBe("203.0.113.9");
    expect(clientAddressOf(twoProxies, parseTrustedProxies("2"))).toBe("203.0.113.9");
    // A trusted proxy in front does not make a garbage value believable.
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "<script>", [PEER_ADDRESS_HEADER]: "127.0.0.1" }), parseTrustedProxies("1"))).toBe("127.0.0.1");
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/not an address/);
  });
});

describe("2. the application CAPTCHA", () => {
  async function solvedPayload(): Promise<string> {
    const challenge = await createPowChallenge(secret, { cost: 200, maxCounter: 200 });
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
  }

  it("accepts a solved proof-of-work challenge once; a replay, a forged key or no work is refused", async () => {
    const payload = await solvedPayload();
    const input = { form: applicationForm(), files: [], captchaToken: null, captchaAnswer: null, ip: "10.12.0.1" };
    const created = await submitApplication(applyDeps(), { ...input, powPayload: payload });
    expect(created.trackingCode).toBeTruthy();
    const replay = await expectAppError(submitApplication(applyDeps(), { ...input, powPayload: payload }), "INVALID_INPUT");
    expect(replay.fields?.altcha).toBe("人机验证已使用过，请重新提交");

    const unsolved = await createPowChallenge(secret, { cost: 200, maxCounter: 200 });
    const guessed = Buffer.from(JSON.stringify({ challenge: unsolved, solution: { counter: 1, derivedKey: "00".repeat(32) } })).toString("base64");
    expect((await expectAppError(submitApplication(applyDeps(), { ...input, powPayload: guessed }), "INVALID_INPUT")).fields?.altcha).toBe(
      "人机验证未通过，请重新提交",
    );
    const foreign = await createPowChallenge("another-secret-another-secret-0000", { cost: 200, maxCounter: 200 });
    const foreignSolved = Buffer.from(JSON.stringify({ challenge: foreign, solution: await solveChallenge({ challenge: foreign, deriveKey }) })).toString("base64");
    expect((await expectAppError(submitApplication(applyDeps(), { ...input, powPayload: foreignSolved }), "INVALID_INPUT")).fields?.altcha).toBe(
      "人机验证已失效，请重新提交",
    );
    expect((await expectAppError(submitApplication(applyDeps(), { ...input, powPayload: null }), "INVALID_INPUT")).fields?.altcha).toMatch(/尚未完成/);
  });

  it("the image fallback has its own tight per-address quota; proof-of-work submissions do not use it", async () => {
    const keyPrefix = `${prefix}:fallback`;
    const image = async () => {
      const c = createCaptcha({ secret });
      return submitApplication(applyDeps({ fallbackPerHour: 2 }, keyPrefix), {
        form: applicationForm(),
        files: [],
        captchaToken: c.token,
        captchaAnswer: c.text,
        ip: "10.12.0.2",
      });
    };
    await image();
    await image();
    await expectAppError(image(), "RATE_LIMITED");
    const viaPow = await submitApplication(applyDeps({ fallbackPerHour: 2 }, keyPrefix), {
      form: applicationForm(),
      files: [],
      powPayload: await solvedPayload(),
      captchaToken: null,
      captchaAnswer: null,
      ip: "10.12.0.2",
    });
    expect(viaPow.id).toBeTruthy();
  });
});

describe("3. sessions that end", () => {
  const settings = { idleMinutes: 30, maxHours: 8 };
  const deps = { db, redis, redisPrefix: `${prefix}:sess`, settings };
  const jwtSecret = "session-test-secret-0123456789abcdef0123";

  /** A real next-auth cookie value for the claims, decoded the way next-auth reads it back. */
  async function cookieRoundTrip(claims: SessionClaims): Promise<SessionClaims> {
    const token = await encode({ token: claims as Record<string, unknown>, secret: jwtSecret });
    return (await decode({ token, secret: jwtSecret })) as SessionClaims;
  }

  it("a token issued before an administrator reset the password is refused", async () => {
    const claims = await cookieRoundTrip(await startSession(deps, users.staff2.id));
    expect("user" in (await checkSession(deps, claims))).toBe(true);
    await resetPassword(db, { user: users.admin, ip: "127.0.0.1" }, users.staff2.id, { password: "Reset-pass-99" });
    expect(await checkSession(deps, claims)).toEqual({ refused: "password-changed" });
    const fresh = await cookieRoundTrip(await startSession(deps, users.staff2.id));
    expect("user" in (await checkSession(deps, fresh))).toBe(true);
  });

  it("a token replayed after sign-out is refused; sign-out-everywhere and a role change end the others", async () => {
    const a = await cookieRoundTrip(await startSession(deps, users.head2.id));
    const b = await cookieRoundTrip(await startSession(deps, users.head2.id));
    await endSession(deps, a);
    expect(await checkSession(deps, a)).toEqual({ refused: "idle" });
    expect("user" in (await checkSession(deps, b))).toBe(true);
    await signOutEverywhere(db, { user: users.head2, ip: "127.0.0.1" });
    expect(await checkSession(deps, b)).toEqual({ refused: "version" });

    const c = await cookieRoundTrip(await startSession(deps, users.head2.id));
    await grantRole(db, { user: users.admin, ip: "127.0.0.1" }, users.head2.id, { role: "STAFF", departmentId: users.head2.departmentId });
    expect(await checkSession(deps, c)).toEqual({ refused: "version" });
  });

  it("ends after the absolute lifetime, and each request renews the idle timer", async () => {
    const claims = await cookieRoundTrip(await startSession(deps, users.supervisor.id));
    const later = { ...deps, now: () => Number(claims.authAt) + 8 * 3_600_000 + 1000 };
    expect(await checkSession(later, claims)).toEqual({ refused: "expired" });
    await redis.expire(`${deps.redisPrefix}:session:${String(claims.sid)}`, 5);
    expect("user" in (await checkSession(deps, claims))).toBe(true);
    expect(await redis.ttl(`${deps.redisPrefix}:session:${String(claims.sid)}`)).toBeGreaterThan(29 * 60);
    expect(await checkSession(deps, { uid: users.supervisor.id })).toEqual({ refused: "no-claims" });
  });
});

describe("4. the two-person rule", () => {
  it("someone holding 科室工作人员 and 审核人员 who rewrote a colleague's draft cannot approve it", async () => {
    const econ = users.staff.departmentId!;
    const dual = await db.user.create({ data: { username: "dual", displayName: "钱多多", passwordHash: await hashPassword("Dual-pass-1"), departmentId: econ } });
    await db.userRole.createMany({ data: [{ userId: dual.id, role: "STAFF", departmentId: econ }, { userId: dual.id, role: "OFFICE_REVIEWER", departmentId: null }] });
    users.dual = (await loadSessionUser(db, dual.id))!;
    const category = (await db.category.findFirstOrThrow({ where: { code: "tjsj" } })).id;
    const input = {
      title: "四宝山街道2026年第四季度低保资金发放情况",
      summary: "公开本街道2026年第四季度城乡低保资金发放户数、人数和金额。",
      bodyHtml: "<p>现将本街道2026年第四季度城乡居民最低生活保障资金发放情况公开如下。</p>",
      categoryId: category,
      departmentId: econ,
      generatedDate: "2026-10-09",
      topic: "民政、扶贫、救灾",
    };
    const item = await createItem(db, actor("staff"), input);
    await updateItemDraft(db, actor("dual"), item.id, { ...input, summary: `${input.summary}（已核对）` });
    await submitItem(db, actor("staff"), item.id);
    await signOffItem(db, actor("head"), item.id);
    const refused = await expectAppError(approveItem(db, actor("dual"), item.id, { mode: "later" }), "FORBIDDEN");
    expect(refused.message).toBe("不能审核通过自己修改过的信息（双人审核原则）");
    const audit = await db.auditLog.findFirst({ where: { action: "item.approve-refused", entityId: item.id } });
    expect(audit?.actorId).toBe(dual.id);
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("SIGNED_OFF");
    const approved = await approveItem(db, actor("reviewer"), item.id, { mode: "later" });
    expect(approved.state).toBe("APPROVED");
  });

  it("an administrator cannot grant themselves a role (refusal audited); another administrator can", async () => {
    // Two administrators of this test's own (the demo users' roles are left alone for other files).
    const makeAdmin = async (username: string) => {
      const u = await db.user.create({ data: { username, displayName: username, passwordHash: await hashPassword("Admin-pass-1") } });
      await db.userRole.create({ data: { userId: u.id, role: "ADMIN" } });
      return (await loadSessionUser(db, u.id))!;
    };
    const self = await makeAdmin("sec-admin-a");
    const other = await makeAdmin("sec-admin-b");
    const e = await expectAppError(grantRole(db, { user: self, ip: "127.0.0.1" }, self.id, { role: "OFFICE_REVIEWER", departmentId: "" }), "FORBIDDEN");
    expect(e.message).toMatch(/不能为自己授予角色/);
    expect(await db.userRole.count({ where: { userId: self.id, role: "OFFICE_REVIEWER" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "user.role-grant-refused", entityId: self.id } })).toBe(1);

    await grantRole(db, { user: other, ip: "127.0.0.1" }, self.id, { role: "OFFICE_REVIEWER", departmentId: "" });
    expect(await db.userRole.count({ where: { userId: self.id, role: "OFFICE_REVIEWER" } })).toBe(1);
  });
});

describe("5. account names cannot be discovered", () => {
  it("unknown and known names give the same answers after five failures, each after a full password check", async () => {
    await db.user.create({ data: { username: "realname", displayName: "真实用户", passwordHash: await hashPassword("Real-pass-1") } });
    const policy = { ...DEFAULT_SIGN_IN_POLICY, ipSlowAfter: 1000 };
    const signInDeps = { db, redis, redisPrefix: `${prefix}:names`, policy };
    // The time of one password check, measured here: no answer may come faster than about that.
    const dummy = await getDummyHash();
    let hashMs = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await verifyPassword("x", dummy);
      hashMs = Math.min(hashMs, performance.now() - t0);
    }
    const run = async (username: string) => {
      const answers: string[] = [];
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        const r = await attemptSignIn(signInDeps, { username, password: `wrong-${i}`, ip: "10.5.5.5" });
        expect(performance.now() - started).toBeGreaterThan(hashMs * 0.5);
        answers.push(r.ok ? "ok" : r.code === "LOCKED" ? `LOCKED:${r.minutesLeft}` : r.code);
      }
      return answers;
    };
    const known = await run("realname");
    const unknown = await run("madeupname");
    expect(known).toEqual(["INVALID", "INVALID", "INVALID", "INVALID", "LOCKED:15", "LOCKED:15", "LOCKED:15"]);
    expect(unknown).toEqual(known);
  });
});

describe("6. odd input answers 400, not 500", () => {
  const reason = (rawPathname: string, opts: { referer?: string; search?: string } = {}) =>
    badRequestReason({ rawPathname, searchParams: new URLSearchParams(opts.search ?? ""), referer: opts.referer ?? null, origin: "http://localhost:3000" });

  it("recognises each crash input before a page runs, and lets ordinary requests through", () => {
    expect(reason("/items/%E4%B8")).toBe("path-encoding");
    expect(reason("/catalogue/%")).toBe("path-encoding");
    expect(reason("/care", { referer: "http://[bad" })).toBe("referer");
    expect(reason("/care", { referer: "not a url" })).toBe("referer");
    expect(reason("/console/sign-in", { search: "callbackUrl=http%3A%2F%2F%5B" })).toBe("callback-url");
    expect(reason("/api/auth/signin", { search: "callbackUrl=http%3A%2F%2F%5B" })).toBe("callback-url");
    expect(reason("/items/%E5%9B%9B")).toBeNull();
    expect(reason("/care", { referer: "http://localhost:3000/items" })).toBeNull();
    expect(reason("/console/sign-in", { search: "callbackUrl=%2Fconsole%2Fitems" })).toBeNull();
  });

  it("the open-data item route answers 400 in Chinese for %25 instead of decoding twice", async () => {
    const res = await openItemRoute(new Request("http://localhost/api/open/v1/items/X/%25"), { params: Promise.resolve({ prefix: "11370300MB2851364X", serial: "%" }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/索引号格式不正确/);
    const missing = await openItemRoute(new Request("http://localhost/"), { params: Promise.resolve({ prefix: "11370300MB2851364X", serial: "2099-99999" }) });
    expect(missing.status).toBe(404);
  });
});

describe("7. the 单位信息 website", () => {
  it("refuses javascript: and other non-http(s) addresses", async () => {
    const org = await db.organisation.findFirstOrThrow();
    const o = org as unknown as Record<string, unknown>;
    const base = Object.fromEntries(
      ["name", "creditCode", "superior", "address", "postcode", "officeHours", "phone", "fax", "email"].map((k) => [k, o[k] ?? ""]),
    );
    for (const website of ["javascript:alert(1)", "JavaScript://example.com/%0Aalert(1)", "data:text/html,<script>", "ftp://example.com"]) {
      const e = await expectAppError(updateOrganisation(db, { user: users.admin, ip: "127.0.0.1" }, org.id, { ...base, website }), "INVALID_INPUT");
      expect(e.fields?.website).toBeTruthy();
    }
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).website).toBe(org.website);
  });
});

describe("8. application attachments are cleaned like item attachments", () => {
  it("stores a photo without its EXIF (GPS, camera) and a PDF without its author or the HTML glued to it", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } })
      .jpeg()
      .withExif({ IFD0: { Artist: "Zhang Xiaoming", Make: "PhoneMaker", Software: "SecretEditor 1.0" } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeTruthy();
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText("ID card scan");
    doc.setAuthor("Zhang Xiaoming");
    doc.setProducer("SecretEditor 1.0");
    const polyglot = Buffer.concat([Buffer.from(await doc.save()), Buffer.from("\n<html><body><script>alert(document.cookie)</script></body></html>\n")]);

    const payloadChallenge = await createPowChallenge(secret, { cost: 200, maxCounter: 200 });
    const pow = Buffer.from(JSON.stringify({ challenge: payloadChallenge, solution: await solveChallenge({ challenge: payloadChallenge, deriveKey }) })).toString("base64");
    const created = await submitApplication(applyDeps(), {
      form: applicationForm(),
      files: [
        { name: "photo.jpg", bytes: jpeg },
        { name: "scan.pdf", bytes: polyglot },
      ],
      powPayload: pow,
      captchaToken: null,
      captchaAnswer: null,
      ip: "10.12.0.8",
    });
    const rows = await db.applicationAttachment.findMany({ where: { applicationId: created.id }, orderBy: { name: "asc" } });
    const stored = Object.fromEntries(await Promise.all(rows.map(async (r) => [r.name, (await storage.get(r.sha256))!] as const)));
    expect((await sharp(stored["photo.jpg"]).metadata()).exif).toBeUndefined();
    expect(stored["photo.jpg"].toString("latin1")).not.toMatch(/Zhang Xiaoming|SecretEditor/);
    const pdf = stored["scan.pdf"].toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf).not.toMatch(/<script|<html|Zhang Xiaoming|SecretEditor/);
    expect(rows.find((r) => r.name === "scan.pdf")!.size).toBe(stored["scan.pdf"].length);
  });

  it("refuses a PDF that cannot be rewritten instead of storing it raw", async () => {
    const broken = Buffer.from("%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n");
    const e = await expectAppError(
      submitApplication(applyDeps(), {
        form: applicationForm(),
        files: [{ name: "scan.pdf", bytes: broken }],
        powPayload: null,
        captchaToken: null,
        captchaAnswer: null,
        ip: "10.12.0.9",
      }),
      "INVALID_INPUT",
    );
    expect(e.fields?.attachments).toMatch(/scan\.pdf/);
  });
});
