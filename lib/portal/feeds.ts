import { Prisma as P } from "../generated/prisma/client";
import type { Db } from "../db/client";
import { getEnv } from "../config/env";
import { getOrganisation } from "../org/get-organisation";
import { buildAtomFeed, itemEntryId, type FeedEntry } from "./atom-feed";
import { categoryWithDescendants } from "./public-items";
import { getSiteSettings } from "./site-settings";

const FEED_SIZE = 50;

interface FeedRow {
  itemId: string;
  indexNo: string;
  title: string;
  summary: string;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  categoryId: string;
  departmentId: string;
}

const cnDate = (d: Date) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });

/**
 * The Atom feed of the whole column or of one category (with its sub-categories), as XML, or null
 * for an unknown category. Entries are the latest publications, revisions and withdrawals: a
 * withdrawn item stays in the feed with 【已撤回】 and the reason, so readers learn of it.
 */
export async function renderFeed(db: Db, categoryCode?: string): Promise<string | null> {
  const base = getEnv().PUBLIC_BASE_URL.replace(/\/$/, "");
  const org = await getOrganisation(db);
  const site = await getSiteSettings(db, org.name);
  const scope = categoryCode ? await categoryWithDescendants(db, categoryCode) : null;
  if (categoryCode && !scope) return null;
  const where = scope ? P.sql`WHERE p."categoryId" IN (${P.join(scope.ids)})` : P.empty;
  const rows = await db.$queryRaw<FeedRow[]>`
    SELECT p."itemId", p."indexNo", p.title, p.summary, p."firstPublishedAt", p."lastPublishedAt", p."withdrawnAt",
           p."withdrawnReason", p."categoryId", p."departmentId"
      FROM "PublicItem" p ${where}
     ORDER BY GREATEST(p."lastPublishedAt", COALESCE(p."withdrawnAt", p."lastPublishedAt")) DESC, p."itemId" DESC
     LIMIT ${FEED_SIZE}`;
  const [categories, departments] = await Promise.all([
    db.category.findMany({ select: { id: true, code: true, name: true } }),
    db.department.findMany({ select: { id: true, name: true } }),
  ]);
  const category = new Map(categories.map((c) => [c.id, c]));
  const department = new Map(departments.map((d) => [d.id, d.name]));
  const entries = rows.map((r): FeedEntry => {
    const c = category.get(r.categoryId);
    const withdrawn = r.withdrawnAt !== null;
    return {
      id: itemEntryId(site.siteDomain, r.firstPublishedAt, r.indexNo),
      title: withdrawn ? `【已撤回】${r.title}` : r.title,
      url: `${base}/items/${r.itemId}`,
      published: r.firstPublishedAt,
      updated: withdrawn && r.withdrawnAt! > r.lastPublishedAt ? r.withdrawnAt! : r.lastPublishedAt,
      summary: withdrawn ? `本信息已于${cnDate(r.withdrawnAt!)}撤回。撤回原因：${r.withdrawnReason ?? ""}` : r.summary,
      author: `${org.name}${department.get(r.departmentId) ?? ""}`,
      category: c ? { term: c.code, label: c.name } : undefined,
    };
  });
  const title = scope ? `${org.name}政府信息公开 - ${scope.category.name}` : `${org.name}政府信息公开`;
  return buildAtomFeed({
    id: `${base}/feed${scope ? `/${scope.category.code}` : ""}`,
    title,
    subtitle: scope?.category.description || site.description,
    selfUrl: `${base}/feed${scope ? `/${scope.category.code}` : ""}`,
    htmlUrl: scope ? `${base}/catalogue/${scope.category.code}` : `${base}/`,
    author: org.name,
    entries,
    fallbackUpdated: org.updatedAt,
  });
}
