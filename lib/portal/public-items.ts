import type { Db, Prisma } from "../db/client";

/** Items the public may see: published at least once (withdrawn ones keep their page, with a notice), not taken down (紧急下架). */
const PUBLIC: Prisma.ItemWhereInput = { publishedVersionNo: { not: null }, takenDownAt: null };

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
  const parent = root.parentId ? (all.find((c) => c.id === root.parentId) ?? null) : null;
  return { category: root, parent, ids: [...ids], children: all.filter((c) => c.parentId === root.id).sort((a, b) => a.sortOrder - b.sortOrder) };
}

export interface PublicListFilter {
  categoryIds?: string[];
  year?: number;
  departmentId?: string;
  page?: number;
  pageSize?: number;
}

export interface PublicListRow {
  id: string;
  indexNo: string;
  title: string;
  summary: string;
  generatedDate: string;
  publishedAt: Date;
  department: string;
}

const yearRange = (year: number) => ({ gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) });

/** 公开目录 lists (条例第十二条: 索引, 名称, 内容概述, 生成日期), newest first, from the read model. */
export async function listPublicItems(db: Db, f: PublicListFilter) {
  const pageSize = f.pageSize ?? 20;
  const page = Math.max(1, f.page ?? 1);
  const where: Prisma.PublicItemWhereInput = {
    withdrawnAt: null,
    ...(f.categoryIds ? { categoryId: { in: f.categoryIds } } : {}),
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    ...(f.year ? { generatedDate: yearRange(f.year) } : {}),
  };
  const [rows, total] = await Promise.all([
    db.publicItem.findMany({
      where,
      select: { itemId: true, indexNo: true, title: true, summary: true, generatedDate: true, firstPublishedAt: true, departmentId: true },
      orderBy: [{ firstPublishedAt: "desc" }, { itemId: "desc" }],
      take: pageSize,
      skip: (page - 1) * pageSize,
    }),
    db.publicItem.count({ where }),
  ]);
  const departments = new Map((await db.department.findMany({ select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map(
      (r): PublicListRow => ({
        id: r.itemId,
        indexNo: r.indexNo,
        title: r.title,
        summary: r.summary,
        generatedDate: r.generatedDate.toISOString().slice(0, 10),
        publishedAt: r.firstPublishedAt,
        department: departments.get(r.departmentId) ?? "",
      }),
    ),
  };
}

/** Years of 生成日期 that have items in these categories, newest first (the list's year filter). */
export async function yearsWithItems(db: Db, categoryIds: string[]): Promise<number[]> {
  if (!categoryIds.length) return [];
  const rows = await db.$queryRaw<{ y: number }[]>`
    SELECT DISTINCT extract(year FROM "generatedDate")::int AS y FROM "PublicItem"
     WHERE "withdrawnAt" IS NULL AND "categoryId" = ANY(${categoryIds}) ORDER BY y DESC`;
  return rows.map((r) => r.y);
}

/** The newest publications for the home page (inspections fail a home page with nothing new in 2 weeks). */
export async function latestPublicItems(db: Db, take = 10) {
  const rows = await db.publicItem.findMany({
    where: { withdrawnAt: null },
    select: { itemId: true, title: true, firstPublishedAt: true, categoryId: true },
    orderBy: [{ firstPublishedAt: "desc" }, { itemId: "desc" }],
    take,
  });
  const categories = new Map((await db.category.findMany({ select: { id: true, name: true, code: true } })).map((c) => [c.id, c]));
  return rows.map((r) => ({ id: r.itemId, title: r.title, publishedAt: r.firstPublishedAt, category: categories.get(r.categoryId) ?? null }));
}

export async function getPublicItem(db: Db, id: string) {
  const item = await db.item.findFirst({
    where: { id, ...PUBLIC },
    include: {
      department: true,
      category: true,
      publicItem: { select: { categoryId: true, departmentId: true } },
      versions: { orderBy: { number: "asc" }, include: { attachments: { orderBy: { sortOrder: "asc" } } } },
    },
  });
  if (!item) return null;
  const current = item.versions.find((v) => v.number === item.publishedVersionNo)!;
  const history = item.versions
    .filter((v) => v.publishedAt && v.number <= item.publishedVersionNo!)
    .map((v) => ({ number: v.number, publishedAt: v.publishedAt!, changeNote: v.changeNote ?? (v.number === 1 ? "首次发布" : "") }));
  // A revision being drafted may already have moved the item to another category or department;
  // the public keeps seeing the published ones (kept in PublicItem).
  const [category, department] = await Promise.all([
    item.publicItem && item.publicItem.categoryId !== item.categoryId ? db.category.findUnique({ where: { id: item.publicItem.categoryId } }) : item.category,
    item.publicItem && item.publicItem.departmentId !== item.departmentId
      ? db.department.findUnique({ where: { id: item.publicItem.departmentId } })
      : item.department,
  ]);
  return { item, current, history, category: category ?? item.category, department: department ?? item.department };
}
