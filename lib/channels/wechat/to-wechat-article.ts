import type { PublishedItemDTO } from "../types";
import type { WeChatDraftArticle } from "./client";
import { weChatError } from "./errors";
import { toWeChatHtml, weChatLength } from "./to-wechat-html";

/**
 * Pure mapping from a published item to a WeChat draft article (POST /cgi-bin/draft/add), and the
 * review-time check of the platform's limits (docs/channels.md "Draft and publish"):
 * title ≤ 32 characters, author ≤ 16, digest ≤ 128, content < 20,000 characters and < 1 MB,
 * content_source_url ≤ 1 KB.
 */

export const WECHAT_LIMITS = {
  title: 32,
  author: 16,
  digest: 128,
  contentChars: 20_000,
  contentBytes: 1024 * 1024,
  sourceUrlBytes: 1024,
} as const;

export const DEFAULT_OFFICE_NAME = "四宝山街道办事处";

/** A re-hosted mmbiz image URL is about this long; used to estimate the final length at review. */
const TYPICAL_IMAGE_URL_LENGTH = 130;

export type WeChatItem = Pick<
  PublishedItemDTO,
  | "title"
  | "summary"
  | "bodyHtml"
  | "departmentName"
  | "portalUrl"
  | "indexNo"
  | "documentNumber"
  | "generatedDate"
  | "attachments"
  | "category"
>;

export interface ToWeChatArticleOptions {
  /** Final article HTML (from buildWeChatContent(...).withImages(...)). */
  content: string;
  /** Permanent media_id of the cover. */
  thumbMediaId: string;
  officeName?: string;
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The article body: a small catalogue block (索引号, 发布机构, 文号, 生成日期) as on the portal, the
 * converted text, and the attachment names. WeChat articles cannot carry files, so readers are
 * pointed to "阅读原文" (content_source_url) for downloads.
 */
export function buildWeChatContent(item: WeChatItem, options: { officeName?: string } = {}) {
  const body = toWeChatHtml(item.bodyHtml, { baseUrl: item.portalUrl });
  const meta = [
    `索引号：${item.indexNo}`,
    `发布机构：${item.departmentName || options.officeName || DEFAULT_OFFICE_NAME}`,
    item.documentNumber ? `文号：${item.documentNumber}` : null,
    `生成日期：${item.generatedDate}`,
  ].filter((x): x is string => Boolean(x));
  const metaHtml = `<section style="margin:0 0 20px 0;padding:8px 12px;background:#f7f7f7;color:#666666;font-size:13px;line-height:1.7;">${meta
    .map(escapeHtml)
    .join("<br />")}</section>`;
  const attachmentsHtml =
    item.attachments.length > 0
      ? `<section style="margin:16px 0 0 0;padding-top:8px;border-top:1px solid #e5e5e5;color:#666666;font-size:14px;line-height:1.7;">附件：${item.attachments
          .map((a) => escapeHtml(a.name))
          .join("；")}<br />请点击文末“阅读原文”到四宝山街道政务公开网站查看和下载附件。</section>`
      : "";
  return {
    imageSources: body.imageSources,
    /** The whole body, whatever its length (for the review-time check). */
    full(urls: ReadonlyMap<string, string> | Record<string, string>): string {
      return `${metaHtml}${body.withImages(urls)}${attachmentsHtml}`;
    },
    withImages(urls: ReadonlyMap<string, string> | Record<string, string>): string {
      const full = `${metaHtml}${body.withImages(urls)}${attachmentsHtml}`;
      if (fitsWeChat(full)) return full;
      // Too long for one article (long tables cost many inline styles): publish a condensed edition
      // — the summary and the opening text, tables left out — pointing readers to 阅读原文 for the
      // full document, rather than leaving the account without the item.
      return `${metaHtml}${condensedBody(item)}${attachmentsHtml}`;
    },
  };
}

const CONDENSED_TEXT_CHARS = 8_000;
const P_STYLE = "margin:0 0 12px 0;font-size:16px;line-height:1.8;";

function fitsWeChat(html: string): boolean {
  return weChatLength(html) < WECHAT_LIMITS.contentChars && Buffer.byteLength(html, "utf8") < WECHAT_LIMITS.contentBytes;
}

/** Paragraph texts of the body, tables dropped (they are what makes long items overflow). */
function bodyParagraphs(html: string): string[] {
  return html
    .replace(/<table[\s\S]*?<\/table>/gi, "\n")
    .replace(/<\/(p|h[1-6]|li|div|blockquote)>|<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

function condensedBody(item: Pick<WeChatItem, "summary" | "bodyHtml">): string {
  const out: string[] = [`<p style="${P_STYLE}font-weight:bold;">内容概述：${escapeHtml(item.summary)}</p>`];
  let used = 0;
  for (const para of bodyParagraphs(item.bodyHtml)) {
    if (used + para.length > CONDENSED_TEXT_CHARS) break;
    out.push(`<p style="${P_STYLE}">${escapeHtml(para)}</p>`);
    used += para.length;
  }
  out.push(
    `<p style="${P_STYLE}color:#a4161a;">本文篇幅较长（含表格），以上为节选，完整内容请点击文末“阅读原文”到政务公开网站查看。</p>`,
  );
  return out.join("");
}

/** Department name if it fits WeChat's 16-character author field, else the office's name. */
export function weChatAuthor(item: Pick<WeChatItem, "departmentName">, officeName = DEFAULT_OFFICE_NAME): string {
  const dept = item.departmentName?.trim();
  if (dept && weChatLength(dept) <= WECHAT_LIMITS.author) return dept;
  return truncate(officeName, WECHAT_LIMITS.author);
}

/**
 * Checks that would make draft/add fail, thrown as permanent INVALID_PAYLOAD errors before any
 * upload is spent. A title is never shortened silently: it is the document's name.
 */
export function assertWeChatTitle(item: Pick<WeChatItem, "title">): void {
  const title = item.title.trim();
  if (!title) {
    throw weChatError({ code: "INVALID_PAYLOAD", permanent: true, message: "标题为空，无法发布到公众号" });
  }
  if (weChatLength(title) > WECHAT_LIMITS.title) {
    throw weChatError({
      code: "INVALID_PAYLOAD",
      permanent: true,
      message: `标题${weChatLength(title)}个字，超过公众号32个字的上限，请精简标题后重新发布`,
    });
  }
}

export function toWeChatArticle(item: WeChatItem, options: ToWeChatArticleOptions): WeChatDraftArticle {
  assertWeChatTitle(item);
  const { content } = options;
  if (weChatLength(content) >= WECHAT_LIMITS.contentChars || Buffer.byteLength(content, "utf8") >= WECHAT_LIMITS.contentBytes) {
    throw weChatError({
      code: "INVALID_PAYLOAD",
      permanent: true,
      message: "正文过长，公众号要求少于2万字且小于1MB，请精简正文或只在门户网站发布",
    });
  }
  // content_source_url is optional: when the portal URL is too long, the article goes out without
  // the "阅读原文" link rather than not at all.
  const sourceUrl = Buffer.byteLength(item.portalUrl, "utf8") <= WECHAT_LIMITS.sourceUrlBytes ? item.portalUrl : "";
  return {
    article_type: "news",
    title: item.title.trim(),
    author: weChatAuthor(item, options.officeName),
    // The digest is a summary: shortening it is harmless, and an empty one lets WeChat use the
    // opening of the text.
    digest: truncate(item.summary.replace(/\s+/g, " ").trim(), WECHAT_LIMITS.digest),
    content,
    content_source_url: sourceUrl,
    thumb_media_id: options.thumbMediaId,
    // Comments stay closed: replies to the public go through 依申请公开 and 政民互动, not comments.
    need_open_comment: 0,
    only_fans_can_comment: 0,
  };
}

export interface WeChatLimitWarning {
  field: "title" | "author" | "digest" | "content" | "content_source_url" | "images" | "links";
  /** True when publishing to WeChat will fail unless the item is changed. */
  blocking: boolean;
  message: string;
}

/** Limits checked at REVIEW time so they are fixed before delivery, in zh-CN for staff. */
export function checkWeChatLimits(item: WeChatItem, options: { officeName?: string } = {}): WeChatLimitWarning[] {
  const warnings: WeChatLimitWarning[] = [];
  const title = item.title.trim();
  const titleLength = weChatLength(title);
  if (!title) {
    warnings.push({ field: "title", blocking: true, message: "标题为空，公众号发布时将无法提交" });
  } else if (titleLength > WECHAT_LIMITS.title) {
    warnings.push({
      field: "title",
      blocking: true,
      message: `标题超过32个字（当前${titleLength}个字），公众号发布时将无法提交，请精简标题`,
    });
  }

  const dept = item.departmentName?.trim() ?? "";
  if (dept && weChatLength(dept) > WECHAT_LIMITS.author) {
    warnings.push({
      field: "author",
      blocking: false,
      message: `发布机构名称超过16个字，公众号作者栏将显示为“${weChatAuthor(item, options.officeName)}”`,
    });
  }

  const summaryLength = weChatLength(item.summary.replace(/\s+/g, " ").trim());
  if (summaryLength > WECHAT_LIMITS.digest) {
    warnings.push({
      field: "digest",
      blocking: false,
      message: `内容概述超过128个字（当前${summaryLength}个字），公众号摘要将被截断`,
    });
  }

  const content = buildWeChatContent(item, options);
  const estimateUrls = Object.fromEntries(content.imageSources.map((src) => [src, "x".repeat(TYPICAL_IMAGE_URL_LENGTH)]));
  const estimated = content.full(estimateUrls);
  const contentLength = weChatLength(estimated);
  if (contentLength >= WECHAT_LIMITS.contentChars || Buffer.byteLength(estimated, "utf8") >= WECHAT_LIMITS.contentBytes) {
    warnings.push({
      field: "content",
      blocking: false,
      message: `正文转换后约${contentLength}个字符，超过公众号2万字符的上限，公众号将发布不含表格的节选版，并提示读者点击“阅读原文”查看全文`,
    });
  }

  if (Buffer.byteLength(item.portalUrl, "utf8") > WECHAT_LIMITS.sourceUrlBytes) {
    warnings.push({
      field: "content_source_url",
      blocking: false,
      message: "门户网址超过1KB，公众号文章将不显示“阅读原文”链接",
    });
  }

  const unsupported = content.imageSources.filter((src) => /\.(gif|webp|bmp|svg|tiff?)(\?|#|$)/i.test(src));
  if (unsupported.length > 0) {
    warnings.push({
      field: "images",
      blocking: false,
      message: `正文中有${unsupported.length}张图片不是JPG/PNG格式，发布到公众号时将尝试转换，无法转换的图片将被移除`,
    });
  }

  if (/<a\s[^>]*href\s*=\s*["']?https?:/i.test(item.bodyHtml)) {
    warnings.push({
      field: "links",
      blocking: false,
      message: "正文中的外部链接在公众号中无法点击，将显示为“文字（网址）”",
    });
  }
  return warnings;
}
