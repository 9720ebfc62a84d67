// The authorisation matrix, generated from the route tree: every console page, every route handler
// and every server action under app/, called as every role and as an anonymous visitor. The expected
// outcome comes from ONE table (lib/auth/access-table.ts); anything in the tree without a rule there
// fails, so a new page, route or action cannot ship unclassified.
//
// Only the framework's request context is stood in for: next-auth's getServerSession returns the
// cookie's decoded session (made by the project's own startSession), next/headers returns a request's
// headers. The project's checks (checkSession, requirePage, requireAction, the handlers) run for real
// against PostgreSQL and Redis.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
process.env.NEXTAUTH_SECRET ||= "authz-matrix-nextauth-secret-0123456789abcdef";
process.env.INTERNAL_API_SECRET ||= "authz-matrix-internal-secret-0123456789abcdef";

const request = vi.hoisted(() => ({ session: null as unknown }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return { ...real, getServerSession: async () => request.session };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-gk-peer-address": "127.0.0.1", "x-pathname": "/console" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));

import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { ROLES, permissionsOf, type Permission, type Role } from "../../lib/auth/roles";
import { sessionDeps } from "../../lib/auth/options";
import { startSession } from "../../lib/auth/session-policy";
import { ACTION_ACCESS, PAGE_ACCESS, ROUTE_ACCESS, actionRule, passes, type AccessRule } from "../../lib/auth/access-table";
import { AppError } from "../../lib/errors/app-error";

const APP = path.resolve(import.meta.dirname, "../../app");
const db = createDb(process.env.DATABASE_URL);

interface Target {
  kind: "page" | "route" | "action";
  file: string;
  routePath: string;
  name?: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function routePathOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

function exportedAsyncFunctions(source: string): string[] {
  return [...source.matchAll(/^export async function (\w+)/gm)].map((m) => m[1]);
}

const files = walk(APP);
const targets: Target[] = [
  ...files.filter((f) => f.endsWith(`${path.sep}page.tsx`) && routePathOf(f).startsWith("/console")).map((file) => ({ kind: "page" as const, file, routePath: routePathOf(file) })),
  ...files.filter((f) => f.endsWith(`${path.sep}route.ts`)).map((file) => ({ kind: "route" as const, file, routePath: routePathOf(file) })),
  ...files
    .filter((f) => f.endsWith(`${path.sep}actions.ts`))
    .flatMap((file) => exportedAsyncFunctions(readFileSync(file, "utf8")).map((name) => ({ kind: "action" as const, file, routePath: routePathOf(file), name }))),
];

function ruleOf(t: Target): AccessRule | undefined {
  if (t.kind === "page") return PAGE_ACCESS[t.routePath];
  if (t.kind === "route") return ROUTE_ACCESS[t.routePath];
  return actionRule(t.routePath, t.name!);
}

const PARAM_VALUES: Record<string, string> = { year: "2025", format: "pdf", file: "items-1.xml", code: "tjsj" };
function paramsOf(routePath: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const m of routePath.matchAll(/\[(\.\.\.)?(\w+)\]/g)) out[m[2]] = m[1] ? ["session"] : (PARAM_VALUES[m[2]] ?? "nonexistent-id");
  return out;
}

const DENIED_MESSAGES = new Set(["请先登录", "您没有权限执行此操作"]);

function deniedError(e: unknown): boolean {
  if (e instanceof AppError) return e.code === "UNAUTHENTICATED" || (e.code === "FORBIDDEN" && DENIED_MESSAGES.has(e.message));
  const digest = String((e as { digest?: unknown })?.digest ?? "");
  return digest === "NEXT_HTTP_ERROR_FALLBACK;403" || (digest.startsWith("NEXT_REDIRECT") && digest.includes("/console/sign-in"));
}

/** true: got past the permission check; false: refused (sign-in, 401/403). */
async function reaches(t: Target): Promise<boolean> {
  const mod = (await import(t.file)) as Record<string, unknown>;
  const params = paramsOf(t.routePath);
  try {
    if (t.kind === "page") {
      await (mod.default as (p: unknown) => Promise<unknown>)({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
      return true;
    }
    if (t.kind === "route") {
      const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => typeof mod[m] === "function");
      const results: boolean[] = [];
      for (const m of methods) {
        const url = `http://localhost:3000${t.routePath.replace(/\[(\.\.\.)?(\w+)\]/g, (_s, _d, n: string) => (PARAM_VALUES[n] ?? "nonexistent-id"))}`;
        try {
          const res = (await (mod[m] as (r: Request, c: unknown) => Promise<Response>)(new Request(url, { method: m }), { params: Promise.resolve(params) })) as Response;
          const location = res.headers.get("location") ?? "";
          results.push(!(res.status === 401 || res.status === 403 || (res.status >= 300 && res.status < 400 && location.includes("/console/sign-in"))));
        } catch (e) {
          results.push(!deniedError(e));
        }
      }
      return results.every(Boolean);
    }
    const fn = mod[t.name!] as (...args: unknown[]) => Promise<unknown>;
    const result = fn.length >= 2 ? await fn(null, new FormData()) : await fn(new FormData());
    const r = result as { ok?: boolean; message?: string } | undefined;
    // runAction's { ok: false, message } or a form state { message, fields, … } carrying the refusal.
    return !(r && r.ok !== true && DENIED_MESSAGES.has(r.message ?? ""));
  } catch (e) {
    return !deniedError(e);
  }
}

const ids: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  await seedDemo(db);
  // One user per role holding exactly that role (other test files change the demo users' roles).
  const dept = await db.department.findFirstOrThrow({ where: { code: "jjfz" } });
  for (const role of ROLES) {
    const departmentId = role === "STAFF" || role === "DEPT_HEAD" ? dept.id : null;
    const u = await db.user.upsert({
      where: { username: `matrix-${role.toLowerCase()}` },
      update: {},
      create: { username: `matrix-${role.toLowerCase()}`, displayName: `矩阵${role}`, passwordHash: "unused", departmentId },
    });
    await db.userRole.deleteMany({ where: { userId: u.id } });
    await db.userRole.create({ data: { userId: u.id, role, departmentId } });
    ids[role] = u.id;
  }
}, 120_000);
afterAll(async () => {
  await db.$disconnect();
  const { getRedis } = await import("../../lib/redis/connection");
  await getRedis().quit();
});

describe("the access table covers the route tree", () => {
  it("finds pages, route handlers and server actions", () => {
    expect(targets.filter((t) => t.kind === "page").length).toBeGreaterThan(25);
    expect(targets.filter((t) => t.kind === "route").length).toBeGreaterThan(15);
    expect(targets.filter((t) => t.kind === "action").length).toBeGreaterThan(60);
  });

  it("has a rule for every page, route handler and server action", () => {
    const missing = targets.filter((t) => ruleOf(t) === undefined).map((t) => `${t.kind} ${t.routePath}${t.name ? `#${t.name}` : ""}`);
    expect(missing).toEqual([]);
  });

  it("has no rule for something that no longer exists", () => {
    const pages = new Set(targets.filter((t) => t.kind === "page").map((t) => t.routePath));
    const routes = new Set(targets.filter((t) => t.kind === "route").map((t) => t.routePath));
    const actions = new Set(targets.filter((t) => t.kind === "action").flatMap((t) => [`${t.routePath}#${t.name}`, `${t.routePath}#*`]));
    expect(Object.keys(PAGE_ACCESS).filter((k) => !pages.has(k))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !routes.has(k))).toEqual([]);
    expect(Object.keys(ACTION_ACCESS).filter((k) => !actions.has(k))).toEqual([]);
  });
});

describe("every target × every role, as the table says", () => {
  const who: (Role | "anonymous")[] = ["anonymous", ...ROLES];
  for (const role of who) {
    it(`${role}`, async () => {
      const perms: ReadonlySet<Permission> | null = role === "anonymous" ? null : permissionsOf([{ role, departmentId: null }]);
      const wrong: string[] = [];
      for (const t of targets) {
        const rule = ruleOf(t);
        if (rule === undefined) continue;
        if (role === "anonymous") request.session = null;
        else request.session = { claims: await startSession(sessionDeps(), ids[role]!) };
        const got = await reaches(t);
        const expected = passes(rule, perms);
        if (got !== expected) wrong.push(`${t.kind} ${t.routePath}${t.name ? `#${t.name}` : ""}: expected ${expected ? "allowed" : "refused"}, got ${got ? "allowed" : "refused"}`);
      }
      expect(wrong).toEqual([]);
    }, 600_000);
  }
});

