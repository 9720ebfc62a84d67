import { z } from "zod";
import type { Db, Prisma } from "../db/client";
import { getEnv } from "../config/env";
import { AppError } from "../errors/app-error";
import { sanitizeBody } from "../items/item-input";
import { getOrganisation } from "../org/get-organisation";
import { categoryWithDescendants } from "./public-items";

// The read-only open-data API (/api/open/v1, described by ./openapi.ts). It serves what the portal
// shows and nothing more: published versions, withdrawal notices, never drafts or staff data.

export const OPEN_API_BASE = "/api/open/v1";

const day = (d: Date) => d.toISOString().slice(0, 10);
const base = () => getEnv().PUBLIC_BASE_URL.replace(/\/$/, "");

const listQuerySchema = z.object({
  page: z.coerce.number({ message: "page 须为正整数" }).int("page 须为正整数").min(1, "page 须为正整数").max(100_000).default(1),
  pageSize: z.coerce.number({ message: "pageSize 须为 1–100 的整数" }).int().min(1, "pageSize 须为 1–100 的整数").max(100, "pageSize 须为 1–100 的整数").default(20),
  category: z.string().regex(/^[a-z0-9]{1,40}$/i, "category 须为栏目代码").optional(),
  department: z.string().regex(/^[a-z0-9]{1,40}$/i, "department 须为科室代码").optional(),
  year: z.coerce.number({ message: "year 须为四位年份" }).int().min(1990, "year 须为四位年份").max(2100, "year 须为四位年份").optional(),
  updatedSince: z.iso.datetime({ offset: true, message: "updatedSince 须为 ISO 8601 时间，如 2026-01-01T00:00:00+08:00" }).optional(),
  includeWithdrawn: z.enum(["true", "false"], { message: "includeWithdrawn 须为 true 或 false" }).default("false"),
});

export type OpenListQuery = z.infer<typeof listQuerySchema>;

/** Query parameters → validated filter; unknown parameters are refused so typos do not go unnoticed. */
export function parseListQuery(params: URLSearchParams): OpenListQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (!(k in listQuerySchema.shape)) throw new AppError("INVALID_INPUT", `不支持的参数：${k}`);
    if (v !== "") raw[k] = v;
  }
  const parsed = listQuerySchema.safeParse(raw);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues.map((i) => i.message).join("；"));
  return parsed.data;
}

interface Lookups {
  categories: Map<string, { code: string; name: string }>;
  departments: Map<string, string>;
  orgName: string;
}

async function lookups(db: Db): Promise<Lookups> {
  const [org, categories, departments] = await Promise.all([
    getOrganisation(db),
    db.category.findMany({ select: { id: true, code: true, name: true } }),
    db.department.findMany({ select: { id: true, name: true } }),
  ]);
  return {
    orgName: org.name,
    categories: new Map(categories.map((c) => [c.id, { code: c.code, name: c.name }])),
    departments: new Map(departments.map((d) => [d.id, d.name])),
  };
}

type SummaryRow = Prisma.PublicItemGetPayload<{
  select: {
    itemId: true; indexNo: true; title: true; summary: true; documentNumber: true; topic: true; validity: true;
    categoryId: true; departmentId: true; generatedDate: true; firstPublishedAt: true; lastPublishedAt: true;
    withdrawnAt: true; withdrawnReason: true;
  };
}>;

const SUMMARY_SELECT = {
  itemId: true, indexNo: true, title: true, summary: true, documentNumber: true, topic: true, validity: true,
  categoryId: true, departmentId: true, generatedDate: true, firstPublishedAt: true, lastPublishedAt: true,
  withdrawnAt: true, withdrawnReason: true,
} as const;

function toSummary(r: SummaryRow, l: Lookups) {
  return {
    indexNo: r.indexNo,
    title: r.title,
    summary: r.summary,
    documentNumber: r.documentNumber,
    topic: r.topic,
    validity: r.validity === "VALID" ? ("valid" as const) : ("repealed" as const),
    category: l.categories.get(r.categoryId) ?? { code: "", name: "" },
    publisher: `${l.orgName}${l.departments.get(r.departmentId) ?? ""}`,
    generatedDate: day(r.generatedDate),
    firstPublishedAt: r.firstPublishedAt.toISOString(),
    lastPublishedAt: r.lastPublishedAt.toISOString(),
    status: r.withdrawnAt ? ("withdrawn" as const) : ("published" as const),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: r.withdrawnAt ? (r.withdrawnReason ?? "") : null,
    url: `${base()}/items/${r.itemId}`,
    apiUrl: `${base()}${OPEN_API_BASE}/items/${r.indexNo}`,
  };
}

export async function listOpenItems(db: Db, q: OpenListQuery) {
  const l = await lookups(db);
  const where: Prisma.PublicItemWhereInput = {};
  if (q.includeWithdrawn !== "true") where.withdrawnAt = null;
  if (q.category) {
    const scope = await categoryWithDescendants(db, q.category);
    if (!scope) throw new AppError("NOT_FOUND", `栏目不存在：${q.category}`);
    where.categoryId = { in: scope.ids };
  }
  if (q.department) {
    const dept = await db.department.findFirst({ where: { code: q.department } });
    if (!dept) throw new AppError("NOT_FOUND", `科室不存在：${q.department}`);
    where.departmentId = dept.id;
  }
  if (q.year) where.generatedDate = { gte: new Date(Date.UTC(q.year, 0, 1)), lt: new Date(Date.UTC(q.year + 1, 0, 1)) };
  if (q.updatedSince) {
    const since = new Date(q.updatedSince);
    where.OR = [{ lastPublishedAt: { gte: since } }, { withdrawnAt: { gte: since } }];
  }
  const [rows, total] = await Promise.all([
    db.publicItem.findMany({
      where,
      select: SUMMARY_SELECT,
      orderBy: [{ firstPublishedAt: "desc" }, { itemId: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.publicItem.count({ where }),
  ]);
  const totalPages = Math.max(1, Math.ceil(total / q.pageSize));
  const link = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, page })) if (v !== undefined && !(k === "includeWithdrawn" && v === "false")) p.set(k, String(v));
    return `${base()}${OPEN_API_BASE}/items?${p}`;
  };
  return {
    data: rows.map((r) => toSummary(r, l)),
    page: q.page,
    pageSize: q.pageSize,
    total,
    totalPages,
    links: { self: link(q.page), next: q.page < totalPages ? link(q.page + 1) : null, prev: q.page > 1 ? link(q.page - 1) : null },
  };
}

/** One item by its 索引号 (前段码/后段码), with body, attachments and change history. */
export async function getOpenItem(db: Db, indexNo: string) {
  const row = await db.publicItem.findUnique({ where: { indexNo }, select: { ...SUMMARY_SELECT, versionNo: true } });
  if (!row) throw new AppError("NOT_FOUND", `未找到索引号为 ${indexNo} 的政府信息`);
  const l = await lookups(db);
  const versions = await db.itemVersion.findMany({
    where: { itemId: row.itemId, publishedAt: { not: null } },
    orderBy: { number: "asc" },
    include: { attachments: { orderBy: { sortOrder: "asc" } } },
  });
  const current = versions.find((v) => v.number === row.versionNo)!;
  return {
    ...toSummary(row, l),
    bodyHtml: sanitizeBody(current.bodyHtml),
    attachments: current.attachments.map((a) => ({
      name: a.name,
      mimeType: a.mime,
      size: a.size,
      url: `${base()}/items/${row.itemId}/attachments/${a.id}`,
    })),
    history: versions
      .filter((v) => v.number <= current.number)
      .map((v) => ({ version: v.number, publishedAt: v.publishedAt!.toISOString(), changeNote: v.changeNote ?? (v.number === 1 ? "首次发布" : "") })),
  };
}

/** The 公开目录 tree, flat, with each category's count of published (not withdrawn) items. */
export async function listOpenCategories(db: Db) {
  const org = await getOrganisation(db);
  const [rows, counts] = await Promise.all([
    db.category.findMany({ where: { organisationId: org.id, active: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    db.publicItem.groupBy({ by: ["categoryId"], where: { withdrawnAt: null }, _count: { _all: true } }),
  ]);
  const count = new Map(counts.map((c) => [c.categoryId, c._count._all]));
  const code = new Map(rows.map((r) => [r.id, r.code]));
  return {
    data: rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind === "NATIONAL" ? ("national" as const) : ("local" as const),
      description: r.description,
      parentCode: r.parentId ? (code.get(r.parentId) ?? null) : null,
      itemCount: count.get(r.id) ?? 0,
      url: `${base()}/catalogue/${r.code}`,
    })),
  };
}
