import { z } from "zod";
import type { Db } from "../db/client";
import { getEnv } from "../config/env";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../http/action-result";

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
  /** ICP 备案号 (e.g. 鲁ICP备12345678号-1) and where it links; shown in the footer when entered. */
  icpNumber: string;
  icpUrl: string;
  /** 公安机关备案号 (e.g. 鲁公网安备37030302000123号) and where it links; shown when entered. */
  psbNumber: string;
  psbUrl: string;
  /** The 我为政府网站找错 (纠错) entry of the 全国政府网站 platform for this site. */
  correctionUrl: string;
}

/** The 纠错 page of the national government-website error reporting platform for a 网站标识码. */
export const correctionUrlFor = (siteIdCode: string) => `https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=${encodeURIComponent(siteIdCode)}`;

export function defaultSiteSettings(orgName: string, publicBaseUrl: string): SiteSettings {
  return {
    siteName: `${orgName}政务公开`,
    siteDomain: new URL(publicBaseUrl).host,
    // DEMO value in the code's format (10 digits); the real 网站标识码 is set in the Setting table.
    siteIdCode: "3703000000",
    columnType: "政务公开",
    keywords: `${orgName},政府信息公开,政务公开`,
    description: `${orgName}政府信息公开专栏：公开指南、公开制度、法定主动公开内容、年度报告和依申请公开。`,
    // Not invented: the footer shows the 备案号 only once the office has entered them.
    icpNumber: "",
    icpUrl: "https://beian.miit.gov.cn/",
    psbNumber: "",
    psbUrl: "",
    correctionUrl: "",
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
    icpNumber: pick("icpNumber"),
    icpUrl: pick("icpUrl"),
    psbNumber: pick("psbNumber"),
    psbUrl: pick("psbUrl"),
    correctionUrl: pick("correctionUrl") || correctionUrlFor(pick("siteIdCode")),
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

function optionalUrl(label: string) {
  return z
    .string()
    .trim()
    .max(300, `${label}不能超过300个字符`)
    .refine((v) => !v || /^https?:\/\/[^\s]+$/.test(v), `${label}须为以 http:// 或 https:// 开头的网址`)
    .default("");
}

export const siteSettingsSchema = z.object({
  siteName: z.string().trim().min(2, "请填写网站名称").max(60, "网站名称不能超过60个字"),
  siteDomain: z.string().trim().regex(/^[a-z0-9.-]+(:\d+)?$/i, "网站域名格式不正确（如 www.example.gov.cn）"),
  siteIdCode: z.string().trim().regex(/^\d{10}$/, "网站标识码为10位数字（由全国政府网站信息报送系统分配）"),
  columnType: z.string().trim().min(2, "请填写栏目类型").max(30),
  keywords: z.string().trim().max(200, "关键词不能超过200个字"),
  description: z.string().trim().max(300, "网站描述不能超过300个字"),
  icpNumber: z
    .string()
    .trim()
    .max(40, "ICP备案号不能超过40个字")
    .refine((v) => !v || /ICP备\d+号/.test(v), "ICP备案号格式不正确（如 鲁ICP备12345678号-1）")
    .default(""),
  icpUrl: optionalUrl("ICP备案号链接"),
  psbNumber: z
    .string()
    .trim()
    .max(40, "公安机关备案号不能超过40个字")
    .refine((v) => !v || /公网安备\s*\d+号/.test(v), "公安机关备案号格式不正确（如 鲁公网安备37030302000123号）")
    .default(""),
  psbUrl: optionalUrl("公安机关备案号链接"),
  correctionUrl: optionalUrl("纠错入口链接"),
});

/** Saves the site identity; the Setting trigger tells every web process to refresh its cached pages. */
export async function saveSiteSettings(db: Db, actor: { user: { id: string; displayName: string }; ip?: string }, input: unknown) {
  const data = parseInput(siteSettingsSchema, input);
  await db.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: SITE_SETTINGS_KEY } });
    await tx.setting.upsert({
      where: { key: SITE_SETTINGS_KEY },
      create: { key: SITE_SETTINGS_KEY, value: data, updatedBy: actor.user.id },
      update: { value: data, updatedBy: actor.user.id },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "settings.portal-site",
      entityType: "Setting",
      entityId: SITE_SETTINGS_KEY,
      before: before?.value,
      after: data,
    });
  });
}
