import sanitizeHtml from "sanitize-html";

/**
 * Converts an item's HTML into what a WeChat article accepts.
 *
 * - WeChat drops <style> blocks and class-based CSS, so every block element gets an inline style.
 * - Scripts, iframes, forms and event handlers are removed (the platform strips them anyway; we
 *   remove them so what staff preview is what readers get).
 * - Article HTML may only reference images uploaded through /cgi-bin/media/uploadimg; others are
 *   stripped by the platform. Images are therefore replaced by placeholders and listed in
 *   `imageSources`; `withImages(urls)` puts the re-hosted URLs in and removes images that could not
 *   be re-hosted.
 * - Links: in article bodies WeChat only keeps links to other mp.weixin.qq.com articles (and only
 *   for some accounts); external <a href> are removed, leaving bare text. So a link becomes its
 *   text followed by the address in full-width brackets, "文字（https://…）", which readers can
 *   still copy. In-page anchors and javascript: links keep only their text. The item's portal page
 *   is also linked through content_source_url ("阅读原文").
 */

export interface WeChatHtml {
  /** Sanitised, inline-styled HTML with image placeholders. */
  html: string;
  /** Absolute image sources to re-host, in document order, without duplicates. */
  imageSources: string[];
  /** Final HTML: placeholders replaced by re-hosted URLs; images missing from `urls` are removed. */
  withImages(urls: ReadonlyMap<string, string> | Record<string, string>): string;
}

export interface ToWeChatHtmlOptions {
  /** Base for relative image and link URLs (the item's portal URL). */
  baseUrl?: string;
}

const TEXT = "color:#333333;font-size:16px;line-height:1.75;";
const CELL = "border:1px solid #d9d9d9;padding:6px 8px;font-size:14px;line-height:1.6;";

export const WECHAT_INLINE_STYLES: Record<string, string> = {
  p: `margin:0 0 16px 0;${TEXT}text-align:justify;`,
  section: `margin:0 0 16px 0;${TEXT}`,
  h1: "margin:24px 0 12px 0;font-size:20px;font-weight:bold;line-height:1.4;color:#1a1a1a;",
  h2: "margin:24px 0 12px 0;font-size:19px;font-weight:bold;line-height:1.4;color:#1a1a1a;",
  h3: "margin:20px 0 10px 0;font-size:18px;font-weight:bold;line-height:1.4;color:#1a1a1a;",
  h4: "margin:16px 0 8px 0;font-size:16px;font-weight:bold;line-height:1.5;color:#1a1a1a;",
  h5: "margin:16px 0 8px 0;font-size:16px;font-weight:bold;line-height:1.5;color:#1a1a1a;",
  h6: "margin:16px 0 8px 0;font-size:16px;font-weight:bold;line-height:1.5;color:#1a1a1a;",
  ul: `margin:0 0 16px 0;padding-left:2em;${TEXT}`,
  ol: `margin:0 0 16px 0;padding-left:2em;${TEXT}`,
  li: "margin:0 0 4px 0;",
  blockquote: `margin:0 0 16px 0;padding:8px 12px;border-left:4px solid #b71c1c;background:#f7f7f7;${TEXT}color:#555555;`,
  table: "width:100%;border-collapse:collapse;margin:0 0 16px 0;",
  caption: "padding:4px 0;font-size:14px;font-weight:bold;text-align:center;",
  th: `${CELL}background:#f5f5f5;font-weight:bold;text-align:center;`,
  td: CELL,
  img: "max-width:100%;height:auto;display:block;margin:12px auto;",
  hr: "border:0;border-top:1px solid #e5e5e5;margin:16px 0;",
};

const ALLOWED_TAGS = [
  ...Object.keys(WECHAT_INLINE_STYLES),
  "br",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "s",
  "sub",
  "sup",
  "span",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "wxlink",
];

const PLACEHOLDER_HOST = "wximg.invalid";
const PLACEHOLDER_RE = /<img\b[^>]*?\ssrc="https:\/\/wximg\.invalid\/(\d+)"[^>]*>/g;
const LINK_RE = /<wxlink data-n="(\d+)">([\s\S]*?)<\/wxlink>/g;

/** Keeps only the author's text-align from an existing style (centred titles, right-aligned dates). */
function keptAlignment(style: string | undefined): string {
  const m = /(?:^|;)\s*text-align\s*:\s*(left|right|center|justify)\s*(?:;|$)/i.exec(style ?? "");
  return m ? `text-align:${m[1].toLowerCase()};` : "";
}

function resolveUrl(raw: string, baseUrl: string | undefined): string | null {
  const value = raw.trim();
  if (!value) return null;
  try {
    return new URL(value, baseUrl).toString();
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .trim();
}

export function toWeChatHtml(bodyHtml: string, options: ToWeChatHtmlOptions = {}): WeChatHtml {
  const { baseUrl } = options;
  const imageSources: string[] = [];
  const links: (string | null)[] = [];

  const styled = (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    const out: sanitizeHtml.Attributes = {};
    const align = keptAlignment(attribs.style);
    const base = (WECHAT_INLINE_STYLES[tagName] ?? "").replace(align ? /text-align:[a-z]+;/ : /$^/, "");
    const style = `${base}${align}`;
    if (style) out.style = style;
    if ((tagName === "td" || tagName === "th") && /^\d{1,3}$/.test(attribs.colspan ?? "")) out.colspan = attribs.colspan;
    if ((tagName === "td" || tagName === "th") && /^\d{1,3}$/.test(attribs.rowspan ?? "")) out.rowspan = attribs.rowspan;
    return { tagName, attribs: out };
  };

  const transformTags: Record<string, sanitizeHtml.Transformer> = {
    div: (_t, a) => styled("section", a),
    article: (_t, a) => styled("section", a),
    img: (_t, attribs) => {
      const src = resolveUrl(attribs.src ?? "", baseUrl);
      const usable = src && /^(https?:|data:image\/)/i.test(src);
      if (!usable) return { tagName: "img", attribs: {} };
      let n = imageSources.indexOf(src);
      if (n === -1) n = imageSources.push(src) - 1;
      const out: sanitizeHtml.Attributes = {
        src: `https://${PLACEHOLDER_HOST}/${n}`,
        style: WECHAT_INLINE_STYLES.img,
      };
      if (attribs.alt) out.alt = attribs.alt;
      return { tagName: "img", attribs: out };
    },
    a: (_t, attribs) => {
      const href = resolveUrl(attribs.href ?? "", baseUrl);
      const keep = href && /^https?:/i.test(href) && !(attribs.href ?? "").trim().startsWith("#");
      const n = links.push(keep ? href : null) - 1;
      return { tagName: "wxlink", attribs: { "data-n": String(n) } };
    },
  };
  for (const tag of ALLOWED_TAGS) {
    if (!transformTags[tag] && tag !== "wxlink") transformTags[tag] = (t, a) => styled(t, a);
  }

  let html = sanitizeHtml(bodyHtml, {
    allowedTags: [...ALLOWED_TAGS, "img"],
    allowedAttributes: {
      "*": ["style"],
      td: ["style", "colspan", "rowspan"],
      th: ["style", "colspan", "rowspan"],
      img: ["src", "alt", "style"],
      wxlink: ["data-n"],
    },
    allowedSchemes: ["http", "https"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    // Text inside these is never content (sanitize-html would otherwise keep e.g. button labels).
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "select", "button", "template", "svg", "math"],
    transformTags,
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  });

  html = html.replace(LINK_RE, (_m, n: string, inner: string) => {
    const href = links[Number(n)];
    if (!href) return inner;
    const text = textOf(inner);
    if (!text) return escapeHtml(href);
    if (text === href || text === href.replace(/\/$/, "")) return inner;
    return `${inner}（${escapeHtml(href)}）`;
  });

  // Drop blocks left empty by the removal of scripts, forms or unusable images.
  html = html.replace(/<(p|section)[^>]*>\s*<\/\1>/g, "").trim();

  return {
    html,
    imageSources,
    withImages(urls) {
      const lookup = urls instanceof Map ? (src: string) => urls.get(src) : (src: string) => (urls as Record<string, string>)[src];
      const replaced = html.replace(PLACEHOLDER_RE, (tag, n: string) => {
        const target = lookup(imageSources[Number(n)]);
        if (!target) return "";
        return tag.replace(`https://${PLACEHOLDER_HOST}/${n}`, escapeHtml(target));
      });
      return replaced.replace(/<(p|section)[^>]*>\s*<\/\1>/g, "");
    },
  };
}

/** Characters as WeChat counts them (code points, so a CJK character or an emoji is one). */
export function weChatLength(s: string): number {
  return Array.from(s).length;
}
