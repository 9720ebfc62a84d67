import type { Db, Prisma } from "../db/client";

/** Items the public may see: published at least once (withdrawn ones keep their page, with a notice). */
const PUBLIC: Prisma.ItemWhereInput = { publishedVersionNo: { not: null } };

export async function categoryWithDescendants(db: Db, code: string) {
  const all = await db.category.findMany({ where: { active: true } });
  const root = all.find((c) => c.code === code);
  if (!root) return null;
  const ids = new Set([root.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of all) if (c.parentId && ids.has(c.parentId) && !ids.has(c.id)) (ids.add(c.id), (grew = true));
  }
  return { category: root, ids: [...ids], children: all.filter((c) => c.parentId === root.id).sort((a, b) => a.sortOrder - b.sortOrder) };
}

export interface PublicListFilter {
  categoryIds?: string[];
  year?: number;
  departmentId?: string;
  page?: number;
  pageSize?: number;
}

export async function listPublicItems(db: Db, f: PublicListFilter) {
  const pageSize = f.pageSize ?? 20;
  const page = Math.max(1, f.page ?? 1);
  const where: Prisma.ItemWhereInput = {
    ...PUBLIC,
    state: { not: "WITHDRAWN" },
    ...(f.categoryIds ? { categoryId: { in: f.categoryIds } } : {}),
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    ...(f.year ? { generatedDate: { gte: new Date(`${f.year}-01-01T00:00:00Z`), lt: new Date(`${f.year + 1}-01-01T00:00:00Z`) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.item.findMany({
      where,
      include: { department: true, versions: true },
      orderBy: [{ firstPublishedAt: "desc" }],
      take: pageSize,
      skip: (page - 1) * pageSize,
    }),
    db.item.count({ where }),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((r) => {
      const v = r.versions.find((x) => x.number === r.publishedVersionNo)!;
      return {
        id: r.id,
        indexNo: r.indexNo!,
        title: v.title,
        summary: v.summary,
        generatedDate: v.generatedDate.toISOString().slice(0, 10),
        publishedAt: r.firstPublishedAt,
        department: r.department.name,
      };
    }),
  };
}

export async function getPublicItem(db: Db, id: string) {
  const item = await db.item.findFirst({
    where: { id, ...PUBLIC },
    include: {
      department: true,
      category: true,
      versions: { orderBy: { number: "asc" }, include: { attachments: { orderBy: { sortOrder: "asc" } } } },
    },
  });
  if (!item) return null;
  const current = item.versions.find((v) => v.number === item.publishedVersionNo)!;
  const history = item.versions
    .filter((v) => v.publishedAt && v.number <= item.publishedVersionNo!)
    .map((v) => ({ number: v.number, publishedAt: v.publishedAt!, changeNote: v.changeNote ?? (v.number === 1 ? "首次发布" : "") }));
  return { item, current, history };
}
