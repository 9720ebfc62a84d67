import type { Db } from "../db/client";
import { getEnv } from "../config/env";

/**
 * Site identity for the intensive-platform <meta> tags (政府网站集约化平台 / 国办政府网站发展指引):
 * every page carries SiteName, SiteDomain and SiteIDCode; list pages add the Column* tags and item
 * pages the Article* ones. Stored in the Setting table under this key; anything not saved falls
 * back to the defaults below.
 */
export const SITE_SETTINGS_KEY = "portalSite";

export interface SiteSettings {
  siteName: string;
  siteDomain: string;
  /** 网站标识码, assigned by the 全国政府网站信息报送系统. */
  siteIdCode: string;
  /** ColumnType of the disclosure columns. */
  columnType: string;
  /** Keywords every column adds to its own name. */
  keywords: string;
  description: string;
}

export function defaultSiteSettings(orgName: string, publicBaseUrl: string): SiteSettings {
  return {
    siteName: `${orgName}政务公开`,
    siteDomain: new URL(publicBaseUrl).host,
    // DEMO value in the code's format (10 digits); the real 网站标识码 is set in the Setting table.
    siteIdCode: "3703000000",
    columnType: "政务公开",
    keywords: `${orgName},政府信息公开,政务公开`,
    description: `${orgName}政府信息公开专栏：公开指南、公开制度、法定主动公开内容、年度报告和依申请公开。`,
  };
}

export async function getSiteSettings(db: Pick<Db, "setting">, orgName: string): Promise<SiteSettings> {
  const defaults = defaultSiteSettings(orgName, getEnv().PUBLIC_BASE_URL);
  const row = await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY } });
  const saved = row?.value && typeof row.value === "object" && !Array.isArray(row.value) ? (row.value as Record<string, unknown>) : {};
  const pick = (k: keyof SiteSettings) => (typeof saved[k] === "string" && (saved[k] as string).trim() ? (saved[k] as string).trim() : defaults[k]);
  return {
    siteName: pick("siteName"),
    siteDomain: pick("siteDomain"),
    siteIdCode: pick("siteIdCode"),
    columnType: pick("columnType"),
    keywords: pick("keywords"),
    description: pick("description"),
  };
}

export interface ColumnInfo {
  name: string;
  description?: string;
  keywords?: string[];
}

export interface ArticleInfo {
  title: string;
  publishedAt: Date;
  /** 发布机构 as shown in the metadata table. */
  source: string;
}

/** "2026-11-26 09:30" in China time, the form the platforms' crawlers read. */
export function formatPubDate(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The <meta name=… content=…> pairs of a page, in the platforms' spelling. */
export function platformMeta(site: SiteSettings, page: { column?: ColumnInfo; article?: ArticleInfo } = {}): Record<string, string> {
  const meta: Record<string, string> = { SiteName: site.siteName, SiteDomain: site.siteDomain, SiteIDCode: site.siteIdCode };
  if (page.column) {
    meta.ColumnName = page.column.name;
    meta.ColumnDescription = page.column.description?.trim() || `${site.siteName}${page.column.name}栏目`;
    meta.ColumnKeywords = [page.column.name, ...(page.column.keywords ?? []), site.keywords].filter(Boolean).join(",");
    meta.ColumnType = site.columnType;
  }
  if (page.article) {
    meta.ArticleTitle = page.article.title;
    meta.PubDate = formatPubDate(page.article.publishedAt);
    meta.ContentSource = page.article.source;
  }
  return meta;
}
