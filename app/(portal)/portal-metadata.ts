import type { Metadata } from "next";
import { getEnv } from "@/lib/config/env";
import { platformMeta, type ArticleInfo, type ColumnInfo } from "@/lib/portal/site-settings";
import { requestOrganisation, requestSiteSettings } from "./request-data";

/**
 * Metadata of a portal page with the intensive-platform <meta> tags. Next merges `other` shallowly
 * (a page's replaces its layout's), so every page builds the whole set here.
 */
export async function portalMetadata(page: {
  title?: string;
  description?: string;
  column?: ColumnInfo;
  article?: ArticleInfo;
  canonical?: string;
  feed?: { title: string; href: string };
}): Promise<Metadata> {
  const [org, site] = await Promise.all([requestOrganisation(), requestSiteSettings()]);
  return {
    metadataBase: new URL(getEnv().PUBLIC_BASE_URL),
    ...(page.title ? { title: page.title } : {}),
    description: page.description || page.column?.description || site.description,
    keywords: page.column ? [page.column.name, ...(page.column.keywords ?? []), ...site.keywords.split(",")] : site.keywords.split(","),
    alternates: {
      ...(page.canonical ? { canonical: page.canonical } : {}),
      types: { "application/atom+xml": [page.feed ?? { title: `${org.name}政府信息公开`, url: "/feed" }].map((f) => ({ title: f.title, url: "href" in f ? f.href : f.url })) },
    },
    other: platformMeta(site, { column: page.column, article: page.article }),
  };
}
