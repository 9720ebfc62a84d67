import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import { isValidUscc } from "../validation/ids";
import type { Actor } from "./manage-users";

export const departmentSchema = z.object({
  name: z.string().trim().min(2, "请填写科室名称").max(40, "科室名称不能超过40个字"),
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9]{1,15}$/, "科室代码须为2至16位字母或数字，以字母开头"),
  sortOrder: z.coerce.number().int().min(0).max(999).default(0),
});

export async function createDepartment(db: Db, actor: Actor, organisationId: string, input: unknown) {
  const data = parseInput(departmentSchema, input);
  const clash = await db.department.findFirst({
    where: { organisationId, OR: [{ name: data.name }, { code: data.code }] },
  });
  if (clash) throw new AppError("CONFLICT", "科室名称或代码已存在");
  return db.$transaction(async (tx) => {
    const dept = await tx.department.create({ data: { ...data, organisationId } });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "department.create",
      entityType: "Department",
      entityId: dept.id,
      after: data,
    });
    return dept;
  });
}

export async function updateDepartment(db: Db, actor: Actor, id: string, input: unknown) {
  const data = parseInput(departmentSchema.extend({ active: z.enum(["on"]).optional() }), input);
  return db.$transaction(async (tx) => {
    const before = await tx.department.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "科室不存在");
    const clash = await tx.department.findFirst({
      where: { organisationId: before.organisationId, id: { not: id }, OR: [{ name: data.name }, { code: data.code }] },
    });
    if (clash) throw new AppError("CONFLICT", "科室名称或代码已存在");
    const after = await tx.department.update({
      where: { id },
      data: { name: data.name, code: data.code, sortOrder: data.sortOrder, active: data.active === "on" },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "department.update",
      entityType: "Department",
      entityId: id,
      before: { name: before.name, code: before.code, sortOrder: before.sortOrder, active: before.active },
      after: { name: after.name, code: after.code, sortOrder: after.sortOrder, active: after.active },
    });
    return after;
  });
}

export const organisationSchema = z.object({
  name: z.string().trim().min(2, "请填写单位名称").max(60),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "统一社会信用代码格式不正确（18位）")
    .refine((v) => isValidUscc(v), "统一社会信用代码校验位不正确，请核对"),
  superior: z.string().trim().min(2, "请填写上级机关").max(80),
  address: z.string().trim().min(4, "请填写办公地址").max(120),
  postcode: z.string().trim().regex(/^\d{6}$/, "邮政编码为6位数字"),
  officeHours: z.string().trim().min(2, "请填写办公时间").max(120),
  phone: z.string().trim().regex(/^[\d\-() ]{7,20}$/, "联系电话格式不正确"),
  fax: z.string().trim().regex(/^[\d\-() ]{7,20}$/, "传真号码格式不正确"),
  email: z.string().trim().email("电子邮箱格式不正确"),
  // Only http(s): the address is shown as a link on the portal, so `javascript:` and the like are refused.
  website: z
    .string()
    .trim()
    .max(200, "网址不能超过200个字符")
    .url("网址格式不正确")
    .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v) && URL.canParse(v) && ["http:", "https:"].includes(new URL(v).protocol), "网址须以 http:// 或 https:// 开头"),
});

export async function updateOrganisation(db: Db, actor: Actor, id: string, input: unknown) {
  const data = parseInput(organisationSchema, input);
  return db.$transaction(async (tx) => {
    const before = await tx.organisation.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", "单位不存在");
    const after = await tx.organisation.update({ where: { id }, data });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "organisation.update",
      entityType: "Organisation",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
