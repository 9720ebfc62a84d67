import type { Role } from "../generated/prisma/enums";

export type { Role };

export const ROLES: readonly Role[] = [
  "STAFF",
  "DEPT_HEAD",
  "OFFICE_REVIEWER",
  "CONFIDENTIALITY_OFFICER",
  "SUPERVISOR",
  "ADMIN",
] as const;

export const ROLE_LABELS: Record<Role, string> = {
  STAFF: "科室工作人员",
  DEPT_HEAD: "科室负责人",
  OFFICE_REVIEWER: "党政办审核人员",
  CONFIDENTIALITY_OFFICER: "保密审查员",
  SUPERVISOR: "分管领导",
  ADMIN: "系统管理员",
};

/** Roles held within one department; the others are office-wide. */
export const DEPARTMENT_ROLES: readonly Role[] = ["STAFF", "DEPT_HEAD"];

export type Permission =
  | "console.access"
  | "item.read"
  | "item.draft"
  | "item.signoff"
  | "item.review"
  | "item.publish"
  | "item.read-all"
  /** 紧急下架: take content that must not be public off every public place. */
  | "item.takedown"
  | "scan.dismiss"
  | "application.handle"
  | "application.extend"
  | "oversight.read"
  | "report.edit"
  /** Annual reports and the records behind them (cases, inspections, trainings, scorecard). */
  | "report.read"
  /** 分管领导 approves the annual report (two-person rule: not the one who submitted it). */
  | "report.approve"
  | "audit.read"
  | "admin.users"
  | "admin.settings"
  /** Channel health and recent failures (发布渠道). */
  | "channel.monitor"
  /** A notice board's print queue: print sheets, record posting and taking down. */
  | "board.post"
  /** 历史信息导入: bring earlier years' catalogue in from a spreadsheet (published as history). */
  | "item.import"
  /** 自查: the indicators, findings, trend and weekly reports. */
  | "selfcheck.read"
  /** 自查: run the check now and generate the weekly report on demand. */
  | "selfcheck.run";

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  STAFF: ["console.access", "item.read", "item.draft"],
  DEPT_HEAD: ["console.access", "item.read", "item.draft", "item.signoff"],
  OFFICE_REVIEWER: [
    "console.access",
    "item.read",
    "item.review",
    "item.publish",
    "item.read-all",
    "item.takedown",
    "application.handle",
    "report.edit",
    "report.read",
    "channel.monitor",
    "board.post",
    "item.import",
    "selfcheck.read",
    "selfcheck.run",
  ],
  CONFIDENTIALITY_OFFICER: ["console.access", "item.read", "item.read-all", "scan.dismiss"],
  // 分管领导: read-only oversight of everything, approves extensions as the office head (条例第三十三条).
  SUPERVISOR: ["console.access", "item.read", "item.read-all", "oversight.read", "audit.read", "application.extend", "channel.monitor", "report.read", "report.approve", "selfcheck.read"],
  ADMIN: ["console.access", "item.read", "item.read-all", "item.takedown", "audit.read", "admin.users", "admin.settings", "board.post", "selfcheck.read", "selfcheck.run"],
};

export interface RoleGrant {
  role: Role;
  departmentId: string | null;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: RoleGrant[];
}

export function permissionsOf(roles: readonly RoleGrant[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const g of roles) for (const p of PERMISSIONS[g.role]) out.add(p);
  return out;
}

export function can(user: Pick<SessionUser, "roles"> | null | undefined, permission: Permission): boolean {
  if (!user) return false;
  return permissionsOf(user.roles).has(permission);
}

export function hasRole(user: Pick<SessionUser, "roles">, role: Role, departmentId?: string | null): boolean {
  return user.roles.some(
    (g) => g.role === role && (departmentId === undefined || g.departmentId === null || g.departmentId === departmentId),
  );
}

/** Departments in which the user holds the given department role. */
export function departmentsWithRole(user: Pick<SessionUser, "roles">, role: Role): string[] {
  return user.roles.filter((g) => g.role === role && g.departmentId).map((g) => g.departmentId as string);
}

export interface MenuEntry {
  href: string;
  label: string;
  permission: Permission;
}

/** The console menu. A user sees an entry when they hold its permission; every page checks again. */
export const CONSOLE_MENU: readonly MenuEntry[] = [
  { href: "/console", label: "工作台", permission: "console.access" },
  { href: "/console/items", label: "信息管理", permission: "item.read" },
  { href: "/console/items/new", label: "新建信息", permission: "item.draft" },
  { href: "/console/items/import", label: "历史信息导入", permission: "item.import" },
  { href: "/console/applications", label: "依申请公开", permission: "application.handle" },
  { href: "/console/applications/extensions", label: "延期审批", permission: "application.extend" },
  { href: "/console/self-check", label: "自查", permission: "selfcheck.read" },
  { href: "/console/channels", label: "发布渠道", permission: "channel.monitor" },
  { href: "/console/boards", label: "公开栏", permission: "board.post" },
  { href: "/console/reports", label: "年度报告", permission: "report.read" },
  { href: "/console/supervision", label: "督察检查", permission: "report.read" },
  { href: "/console/supervision/improvements", label: "问题与改进", permission: "report.read" },
  { href: "/console/training", label: "学习培训", permission: "report.read" },
  { href: "/console/cases", label: "复议诉讼", permission: "report.read" },
  { href: "/console/audit", label: "操作日志", permission: "audit.read" },
  { href: "/console/admin/users", label: "用户管理", permission: "admin.users" },
  { href: "/console/admin/departments", label: "科室管理", permission: "admin.users" },
  { href: "/console/admin/organisation", label: "单位信息", permission: "admin.settings" },
  { href: "/console/admin/calendar", label: "工作日历", permission: "admin.settings" },
  { href: "/console/admin/sensitive-words", label: "敏感词库", permission: "admin.settings" },
  { href: "/console/admin/wording", label: "错敏词库", permission: "admin.settings" },
  { href: "/console/admin/columns", label: "栏目更新要求", permission: "admin.settings" },
  { href: "/console/admin/settings", label: "期限设置", permission: "admin.settings" },
  { href: "/console/admin/queues", label: "任务队列", permission: "admin.settings" },
  { href: "/console/reports/mapping", label: "年报统计口径", permission: "admin.settings" },
];

export function menuFor(user: Pick<SessionUser, "roles">): MenuEntry[] {
  const perms = permissionsOf(user.roles);
  return CONSOLE_MENU.filter((m) => perms.has(m.permission));
}
