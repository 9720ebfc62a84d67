import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";

/** The disclosing body this installation serves (one per deployment). */
export async function getOrganisation(db: Db) {
  const org = await db.organisation.findFirst({ orderBy: { createdAt: "asc" } });
  if (!org) throw new AppError("NOT_FOUND", "尚未配置单位信息，请先运行初始化（npm start 会自动完成）。");
  return org;
}

export type Organisation = Awaited<ReturnType<typeof getOrganisation>>;

export interface CategoryNode {
  id: string;
  code: string;
  name: string;
  kind: "NATIONAL" | "LOCAL";
  description: string;
  children: CategoryNode[];
}

export async function getCategoryTree(db: Db, organisationId: string): Promise<CategoryNode[]> {
  const rows = await db.category.findMany({
    where: { organisationId, active: true },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
  });
  const byParent = new Map<string | null, typeof rows>();
  for (const r of rows) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const build = (parentId: string | null): CategoryNode[] =>
    (byParent.get(parentId) ?? []).map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      description: r.description,
      children: build(r.id),
    }));
  return build(null);
}
