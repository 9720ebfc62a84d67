import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import { seedBoards } from "./seed-boards";
import { seedReportRows } from "./seed-report-rows";
import { COLUMN_DEFAULTS } from "../self-check/column-kinds";
import {
  CATEGORY_TREE,
  DEMO_DEPARTMENTS,
  DEMO_ORGANISATION,
  DEMO_PASSWORD,
  DEMO_USERS,
  type CategorySeed,
} from "./demo-data";

/**
 * Idempotent: running it again leaves existing rows (and anything staff changed in them) alone,
 * adding only what is missing.
 */
export async function seedDemo(db: Db): Promise<{ organisationId: string; created: number }> {
  let created = 0;
  let org = await db.organisation.findFirst({ orderBy: { createdAt: "asc" } });
  if (!org) {
    org = await db.organisation.create({ data: DEMO_ORGANISATION });
    created++;
  }
  const deptIds = new Map<string, string>();
  for (const [i, d] of DEMO_DEPARTMENTS.entries()) {
    const existing = await db.department.findUnique({
      where: { organisationId_code: { organisationId: org.id, code: d.code } },
    });
    const row =
      existing ??
      (await db.department.create({
        data: {
          organisationId: org.id,
          code: d.code,
          name: d.name,
          sortOrder: i,
          isDisclosureOffice: "isDisclosureOffice" in d ? d.isDisclosureOffice : false,
        },
      }));
    if (!existing) created++;
    deptIds.set(d.code, row.id);
  }

  const insertCategory = async (c: CategorySeed, parentId: string | null, order: number) => {
    let row = await db.category.findUnique({
      where: { organisationId_code: { organisationId: org!.id, code: c.code } },
    });
    if (!row) {
      row = await db.category.create({
        data: {
          organisationId: org!.id,
          code: c.code,
          name: c.name,
          kind: c.kind,
          parentId,
          sortOrder: order,
          description: c.description ?? "",
          // 自查: how often the column must be updated, and whether its items need a 发文字号.
          updateKind: COLUMN_DEFAULTS[c.code]?.kind ?? "NOTICE",
          requiresDocumentNumber: COLUMN_DEFAULTS[c.code]?.requiresDocumentNumber ?? false,
        },
      });
      created++;
    }
    for (const [i, child] of (c.children ?? []).entries()) await insertCategory(child, row.id, i);
  };
  for (const [i, c] of CATEGORY_TREE.entries()) await insertCategory(c, null, i);

  let passwordHash: string | undefined;
  for (const u of DEMO_USERS) {
    if (await db.user.findUnique({ where: { username: u.username } })) continue;
    passwordHash ??= await hashPassword(DEMO_PASSWORD);
    await db.user.create({
      data: {
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        departmentId: deptIds.get(u.department) ?? null,
        roles: {
          create: u.roles.map((r) => ({
            role: r.role,
            departmentId: r.department ? (deptIds.get(r.department) ?? null) : null,
          })),
        },
      },
    });
    created++;
  }
  created += await seedBoards(db, org.id);
  await seedReportRows(db, org.id);
  return { organisationId: org.id, created };
}
