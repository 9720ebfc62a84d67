import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { checkPasswordStrength, hashPassword } from "../auth/password";
import { DEPARTMENT_ROLES, ROLES, type Role, type SessionUser } from "../auth/roles";
import { parseInput } from "../http/action-result";

export interface Actor {
  user: Pick<SessionUser, "id" | "displayName">;
  ip?: string;
}

const password = z.string().superRefine((v, ctx) => {
  const problem = checkPasswordStrength(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, "用户名须以字母开头，由3至32位字母、数字、下划线、点或短横线组成"),
  displayName: z.string().trim().min(2, "请填写姓名").max(32, "姓名不能超过32个字"),
  departmentId: z.string().min(1, "请选择所在科室"),
  password,
});

export const roleGrantSchema = z
  .object({
    role: z.enum(ROLES as [Role, ...Role[]], { message: "请选择角色" }),
    departmentId: z.string().optional().transform((v) => (v ? v : null)),
  })
  .refine((g) => !DEPARTMENT_ROLES.includes(g.role) || g.departmentId, {
    message: "科室工作人员和科室负责人须指定所属科室",
    path: ["departmentId"],
  });

export async function createUser(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(createUserSchema, input);
  if (await db.user.findUnique({ where: { username: data.username } })) {
    throw new AppError("CONFLICT", `用户名“${data.username}”已被使用`, { fields: { username: "用户名已被使用" } });
  }
  const dept = await db.department.findUnique({ where: { id: data.departmentId } });
  if (!dept) throw new AppError("INVALID_INPUT", "所选科室不存在", { fields: { departmentId: "所选科室不存在" } });
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { username: data.username, displayName: data.displayName, departmentId: dept.id, passwordHash },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.create",
      entityType: "User",
      entityId: user.id,
      after: { username: user.username, displayName: user.displayName, department: dept.name },
    });
    return user;
  });
}

export async function grantRole(db: Db, actor: Actor, userId: string, input: unknown) {
  const grant = parseInput(roleGrantSchema, input);
  // Separation of duties: an administrator could otherwise make themselves a reviewer and approve
  // their own work. Another administrator has to grant it (audited).
  if (userId === actor.user.id) {
    await writeAudit(db, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.role-grant-refused",
      entityType: "User",
      entityId: userId,
      detail: { reason: "self-grant", ...grant },
    });
    throw new AppError("FORBIDDEN", "不能为自己授予角色，请由另一名系统管理员办理");
  }
  const user = await db.user.findUnique({ where: { id: userId }, include: { roles: true } });
  if (!user) throw new AppError("NOT_FOUND", "用户不存在");
  if (user.roles.some((r) => r.role === grant.role && r.departmentId === grant.departmentId)) {
    throw new AppError("CONFLICT", "该用户已拥有此角色");
  }
  await db.$transaction(async (tx) => {
    await tx.userRole.create({ data: { userId, role: grant.role, departmentId: grant.departmentId } });
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.role-grant",
      entityType: "User",
      entityId: userId,
      after: grant,
    });
  });
}

export async function revokeRole(db: Db, actor: Actor, roleId: string) {
  const role = await db.userRole.findUnique({ where: { id: roleId } });
  if (!role) throw new AppError("NOT_FOUND", "角色不存在");
  if (role.role === "ADMIN") {
    const admins = await db.userRole.count({ where: { role: "ADMIN", user: { active: true } } });
    if (admins <= 1) throw new AppError("INVALID_STATE", "系统至少需要保留一名系统管理员");
  }
  await db.$transaction(async (tx) => {
    await tx.userRole.delete({ where: { id: roleId } });
    await tx.user.update({ where: { id: role.userId }, data: { sessionVersion: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.role-revoke",
      entityType: "User",
      entityId: role.userId,
      before: { role: role.role, departmentId: role.departmentId },
    });
  });
}

async function existingUser(db: Db, userId: string) {
  const user = userId ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) throw new AppError("NOT_FOUND", "用户不存在");
  return user;
}

export async function resetPassword(db: Db, actor: Actor, userId: string, input: unknown) {
  const { password: pw } = parseInput(z.object({ password }), input);
  await existingUser(db, userId);
  const passwordHash = await hashPassword(pw);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.password-reset",
      entityType: "User",
      entityId: userId,
    });
  });
}

export async function unlockUser(db: Db, actor: Actor, userId: string) {
  await existingUser(db, userId);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: null } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.unlock",
      entityType: "User",
      entityId: userId,
    });
  });
}

export async function setUserActive(db: Db, actor: Actor, userId: string, active: boolean) {
  if (!active && userId === actor.user.id) throw new AppError("INVALID_STATE", "不能停用自己的账号");
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw new AppError("NOT_FOUND", "用户不存在");
    await tx.user.update({ where: { id: userId }, data: { active, ...(active ? {} : { sessionVersion: { increment: 1 } }) } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: active ? "user.activate" : "user.deactivate",
      entityType: "User",
      entityId: userId,
      before: { active: before.active },
      after: { active },
    });
  });
}

export async function changeOwnPassword(db: Db, actor: Actor, input: unknown, verify: (pw: string, hash: string) => Promise<boolean>) {
  const data = parseInput(
    z
      .object({ current: z.string().min(1, "请输入当前密码"), password, confirm: z.string() })
      .refine((d) => d.password === d.confirm, { message: "两次输入的新密码不一致", path: ["confirm"] }),
    input,
  );
  const user = await db.user.findUnique({ where: { id: actor.user.id } });
  if (!user || !(await verify(data.current, user.passwordHash))) {
    throw new AppError("INVALID_INPUT", "当前密码不正确", { fields: { current: "当前密码不正确" } });
  }
  const passwordHash = await hashPassword(data.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
    await writeAudit(tx, {
      actorId: user.id,
      actorName: user.displayName,
      ip: actor.ip,
      action: "user.password-change",
      entityType: "User",
      entityId: user.id,
    });
  });
}

/** 退出全部登录: every session of the user (on any computer) ends; they sign in again. */
export async function signOutEverywhere(db: Db, actor: Actor) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.user.id }, data: { sessionVersion: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "user.sign-out-everywhere",
      entityType: "User",
      entityId: actor.user.id,
    });
  });
}
