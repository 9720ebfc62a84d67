import type { Db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { can, type SessionUser } from "../auth/roles";
import { ITEM_STATE_LABELS, type ItemState } from "./workflow";

/** Items a user may see in the console: all with item.read-all, else their departments' items. */
export function visibleItemsWhere(user: SessionUser): Prisma.ItemWhereInput {
  if (can(user, "item.read-all")) return {};
  const depts = user.roles.filter((r) => r.departmentId).map((r) => r.departmentId as string);
  return { departmentId: { in: depts } };
}

export interface ItemListFilter {
  state?: string;
  departmentId?: string;
  categoryId?: string;
  year?: string;
  q?: string;
  page?: number;
}

/** The console list's filter as a query (the list and its XLSX export share it). */
export function itemListWhere(user: SessionUser, filter: ItemListFilter): Prisma.ItemWhereInput {
  const where: Prisma.ItemWhereInput = { AND: [visibleItemsWhere(user)] };
  const and = where.AND as Prisma.ItemWhereInput[];
  if (filter.state && filter.state in ITEM_STATE_LABELS) and.push({ state: filter.state as ItemState });
  if (filter.departmentId) and.push({ departmentId: filter.departmentId });
  if (filter.categoryId) and.push({ categoryId: filter.categoryId });
  if (filter.year && /^\d{4}$/.test(filter.year)) {
    and.push({ generatedDate: { gte: new Date(`${filter.year}-01-01T00:00:00Z`), lt: new Date(`${Number(filter.year) + 1}-01-01T00:00:00Z`) } });
  }
  if (filter.q) and.push({ OR: [{ indexNo: { contains: filter.q } }, { versions: { some: { title: { contains: filter.q } } } }] });
  return where;
}

export async function listItems(db: Db, user: SessionUser, filter: ItemListFilter, pageSize = 30) {
  const where = itemListWhere(user, filter);
  const page = Math.max(1, filter.page ?? 1);
  const [rows, total] = await Promise.all([
    db.item.findMany({
      where,
      include: { department: true, category: true, versions: { select: { number: true, title: true } } },
      orderBy: { updatedAt: "desc" },
      take: pageSize,
      skip: (page - 1) * pageSize,
    }),
    db.item.count({ where }),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((r) => ({
      id: r.id,
      title: r.versions.find((v) => v.number === r.workingVersionNo)?.title ?? "",
      indexNo: r.indexNo,
      state: r.state,
      stateLabel: ITEM_STATE_LABELS[r.state],
      department: r.department.name,
      category: r.category.name,
      generatedDate: r.generatedDate.toISOString().slice(0, 10),
      updatedAt: r.updatedAt,
      revising: r.publishedVersionNo !== null && r.state !== "PUBLISHED" && r.state !== "WITHDRAWN" && r.state !== "TAKEN_DOWN",
    })),
  };
}

/** One item for the console, checked against the user's visibility. */
export async function getItemForUser(db: Db, user: SessionUser, itemId: string) {
  const item = await db.item.findFirst({
    where: { AND: [{ id: itemId }, visibleItemsWhere(user)] },
    include: {
      department: true,
      category: true,
      createdBy: { select: { displayName: true } },
      versions: { orderBy: { number: "asc" }, include: { attachments: { orderBy: { sortOrder: "asc" } } } },
      boards: { include: { board: true } },
      dismissals: true,
    },
  });
  if (!item) throw new AppError("NOT_FOUND", "信息不存在或您无权查看");
  return item;
}
