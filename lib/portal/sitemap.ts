import type { Db } from "../db/client";
import { xmlEscape } from "./atom-feed";

// sitemaps.org: at most 50,000 URLs per file; items go in files of 10,000 listed by a sitemap index.
export const ITEMS_PER_SITEMAP = 10_000;

const STATIC_PAGES = ["/", "/guide", "/rules", "/catalogue", "/reports", "/apply", "/open-data"];

export async function sitemapIndexXml(db: Db, base: string): Promise<string> {
  const count = await db.publicItem.count();
  const files = ["pages", ...Array.from({ length: Math.ceil(count / ITEMS_PER_SITEMAP) }, (_, i) => `items-${i + 1}`)];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map((f) => `  <sitemap><loc>${xmlEscape(`${base}/sitemaps/${f}.xml`)}</loc></sitemap>`),
    "</sitemapindex>",
    "",
  ].join("\n");
}

const urlset = (urls: { loc: string; lastmod?: Date }[]) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `  <url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ""}</url>`),
    "</urlset>",
    "",
  ].join("\n");

/** One file of the sitemap: "pages" (fixed pages and catalogue lists) or "items-N"; null if unknown. */
export async function sitemapFileXml(db: Db, base: string, file: string): Promise<string | null> {
  if (file === "pages") {
    const categories = await db.category.findMany({ where: { active: true }, select: { code: true }, orderBy: { sortOrder: "asc" } });
    return urlset([...STATIC_PAGES.map((p) => ({ loc: `${base}${p === "/" ? "/" : p}` })), ...categories.map((c) => ({ loc: `${base}/catalogue/${c.code}` }))]);
  }
  const m = file.match(/^items-([1-9]\d{0,4})$/);
  if (!m) return null;
  const rows = await db.publicItem.findMany({
    select: { itemId: true, lastPublishedAt: true, withdrawnAt: true },
    orderBy: { itemId: "asc" },
    skip: (Number(m[1]) - 1) * ITEMS_PER_SITEMAP,
    take: ITEMS_PER_SITEMAP,
  });
  if (!rows.length) return null;
  return urlset(
    rows.map((r) => ({
      loc: `${base}/items/${r.itemId}`,
      lastmod: r.withdrawnAt && r.withdrawnAt > r.lastPublishedAt ? r.withdrawnAt : r.lastPublishedAt,
    })),
  );
}

export function robotsTxt(base: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Allow: /api/open/",
    "Disallow: /api/",
    "Disallow: /console",
    "Disallow: /track",
    "Disallow: /search",
    "Disallow: /care",
    "",
    `Sitemap: ${base}/sitemap.xml`,
    "",
  ].join("\n");
}
