/**
 * Who may reach what: ONE table for every console page, every route handler and every server
 * action, keyed by the route path (route groups removed). tests/integration/authz-matrix.test.ts
 * walks the app/ tree, fails for any page, route handler or action without a rule here (and for
 * rules whose target no longer exists), and calls each one as every role and as an anonymous
 * visitor, expecting exactly what this table says.
 *
 * Rules:
 *   "public"          anyone, signed in or not (portal, open data, feeds, the sign-in page);
 *   "signed-in"       any signed-in staff member;
 *   a Permission      staff holding it (lib/auth/roles.ts);
 *   Permission[]      staff holding any of them;
 *   "internal-secret" nobody without the INTERNAL_API_SECRET header (no role opens it);
 *   "tracking-session" the applicant holding the signed tracking cookie of that application (no staff role opens it).
 * Pages, routes and actions check this themselves (requirePage / requireAction); the table is what
 * the test holds them to. Finer rules (own department, two-person rule) live in the domain code.
 */
import type { Permission } from "./roles";

export type AccessRule = "public" | "signed-in" | "internal-secret" | "tracking-session" | Permission | readonly Permission[];

/** Console pages: `/console/...` path → rule. */
export const PAGE_ACCESS: Record<string, AccessRule> = {
  "/console": "signed-in",
  "/console/sign-in": "public",
  "/console/account": "signed-in",
  "/console/admin/calendar": "admin.settings",
  "/console/admin/departments": "admin.users",
  "/console/admin/organisation": "admin.settings",
  "/console/admin/queues": "admin.settings",
  "/console/admin/sensitive-words": "admin.settings",
  "/console/admin/settings": "admin.settings",
  "/console/admin/wording": "admin.settings",
  "/console/admin/columns": "admin.settings",
  "/console/admin/users": "admin.users",
  "/console/admin/users/[id]": "admin.users",
  "/console/applications": "application.handle",
  "/console/applications/[id]": ["application.handle", "application.extend"],
  "/console/applications/extensions": "application.extend",
  "/console/applications/new": "application.handle",
  "/console/audit": "audit.read",
  "/console/boards": "board.post",
  "/console/boards/[id]": "board.post",
  "/console/cases": "report.read",
  "/console/channels": "channel.monitor",
  "/console/items": "item.read",
  "/console/items/new": "item.draft",
  "/console/items/[id]": "item.read",
  "/console/items/[id]/edit": "item.draft",
  "/console/items/import": "item.import",
  "/console/items/import/[id]": "item.import",
  "/console/reports": "report.read",
  "/console/reports/[year]": "report.read",
  "/console/reports/mapping": "admin.settings",
  "/console/supervision": "report.read",
  "/console/supervision/[id]": "report.read",
  "/console/supervision/scorecard": "report.read",
  "/console/supervision/improvements": "report.read",
  "/console/training": "report.read",
  "/console/self-check": "selfcheck.read",
};

/** Route handlers: path → rule (every exported method). */
export const ROUTE_ACCESS: Record<string, AccessRule> = {
  "/catalogue/[code]/filter": "public",
  "/items/[id]/attachments/[attachmentId]": "public",
  // The applicant's own letters: a signed tracking cookie, checked by the route (not a staff role).
  "/track/letters/[letterId]/[format]": "tracking-session",
  // Files released with a reply (在本平台查询下载): the same signed tracking cookie.
  "/track/files/[fileId]": "tracking-session",
  "/api/auth/[...nextauth]": "public",
  "/api/health": "public",
  "/api/internal/revalidate": "internal-secret",
  "/api/internal/taken-down": "internal-secret",
  "/api/open/v1/categories": "public",
  "/api/open/v1/items": "public",
  "/api/open/v1/items/[prefix]/[serial]": "public",
  "/api/open/v1/openapi.json": "public",
  "/care": "public",
  "/console/applications/[id]/attachments/[attachmentId]": "application.handle",
  "/console/applications/[id]/letters/[letterId]/[format]": "application.handle",
  "/console/applications/ledger": ["application.handle", "oversight.read"],
  "/console/items/export": "item.read",
  "/console/items/import/template": "item.import",
  "/console/items/import/upload": "item.import",
  "/console/boards/[id]/print": "board.post",
  "/console/boards/[id]/sheets/[postingId]": "board.post",
  "/console/reports/[year]/export/[format]": "report.read",
  "/console/self-check/reports/[id]/[format]": "selfcheck.read",
  "/feed": "public",
  "/feed/[code]": "public",
  "/robots.txt": "public",
  "/sitemap.xml": "public",
  "/sitemaps/[file]": "public",
};

/** Server actions: `path#functionName` → rule; `path#*` is the rule for the file's other actions. */
export const ACTION_ACCESS: Record<string, AccessRule> = {
  "/apply#*": "public",
  "/track#*": "public",
  "/console/account#*": "signed-in",
  "/console/admin/departments#createDepartmentAction": "admin.users",
  "/console/admin/departments#updateDepartmentAction": "admin.users",
  "/console/admin/departments#*": "admin.settings",
  "/console/admin/calendar#*": "admin.settings",
  "/console/admin/queues#*": "admin.settings",
  "/console/admin/settings#*": "admin.settings",
  "/console/admin/users#*": "admin.users",
  "/console/applications#grantExtensionAction": "application.extend",
  "/console/applications#declineExtensionAction": "application.extend",
  "/console/applications#*": "application.handle",
  "/console/boards#createBoardAction": "admin.settings",
  "/console/boards#updateBoardAction": "admin.settings",
  "/console/boards#setBoardDefaultsAction": "admin.settings",
  "/console/boards#*": "board.post",
  "/console/cases#*": "report.edit",
  "/console/channels#*": "item.publish",
  "/console/items#createItemAction": "item.draft",
  "/console/items#updateItemAction": "item.draft",
  "/console/items#uploadAttachmentAction": "item.draft",
  "/console/items#removeAttachmentAction": "item.draft",
  "/console/items#dismissFindingAction": "scan.dismiss",
  "/console/items#retryTakedownDeliveryAction": "item.takedown",
  "/console/items#*": "item.read",
  "/console/items/import#*": "item.import",
  "/console/reports#approveReportAction": "report.approve",
  "/console/reports#returnReportAction": "report.approve",
  "/console/reports#setReportRowAction": "admin.settings",
  "/console/reports#*": "report.edit",
  "/console/supervision#*": "report.edit",
  "/console/supervision/improvements#*": "report.edit",
  "/console/training#*": "report.edit",
  "/console/self-check#*": "selfcheck.run",
  "/console/admin/wording#*": "admin.settings",
  "/console/admin/columns#*": "admin.settings",
};

/** The rule for a server action, or undefined when the table has none. */
export function actionRule(routePath: string, name: string): AccessRule | undefined {
  return ACTION_ACCESS[`${routePath}#${name}`] ?? ACTION_ACCESS[`${routePath}#*`];
}

/** Whether a user holding `permissions` (null: anonymous) passes the rule. */
export function passes(rule: AccessRule, permissions: ReadonlySet<Permission> | null): boolean {
  if (rule === "public") return true;
  if (rule === "internal-secret" || rule === "tracking-session") return false;
  if (!permissions) return false;
  if (rule === "signed-in") return true;
  return typeof rule === "string" ? permissions.has(rule) : rule.some((p) => permissions.has(p));
}
