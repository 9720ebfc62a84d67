import sanitizeHtml from "sanitize-html";
import { z } from "zod";

/** 主题分类 (a subset of the national 公文主题词表 classes that a 街道 uses). */
export const TOPICS = [
  "综合政务",
  "国民经济管理",
  "财政、金融、审计",
  "城乡建设、环境保护",
  "农业、林业、水利",
  "工业、交通",
  "商贸、海关、旅游",
  "民政、扶贫、救灾",
  "劳动、人事、监察",
  "卫生、体育",
  "教育",
  "科技",
  "文化、广电、新闻出版",
  "公安、安全、司法",
  "市场监管、安全生产监管",
  "其他",
] as const;

export const DISCLOSURE_SCOPES = ["面向社会", "面向辖区居民", "面向特定群体"] as const;

export const CHANNELS = ["DISTRICT", "WECHAT", "BOARD"] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  DISTRICT: "淄博高新区政府信息公开系统",
  WECHAT: "微信公众号",
  BOARD: "政务公开栏",
};

// What staff may put in an item's body: text structure, tables and links — no scripts, styles,
// frames, forms or images from elsewhere. Applied on save and again on render.
export const BODY_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "div", "span"],
  allowedAttributes: { a: ["href", "title"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan", "scope"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: { b: "strong", i: "em", div: "p" },
};

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, BODY_SANITIZE_OPTIONS).trim();
}

/** Plain text typed into the editor (no tags) becomes paragraphs. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${sanitizeHtml(p, { allowedTags: [], allowedAttributes: {} }).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

export function bodyText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日")
  .refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()), "日期无效");

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const itemInputSchema = z
  .object({
    title: z.string().trim().min(4, "标题不能少于4个字").max(200, "标题不能超过200个字"),
    summary: z.string().trim().min(10, "内容概述不能少于10个字").max(500, "内容概述不能超过500个字"),
    bodyHtml: z.string().max(1_000_000, "正文过长"),
    categoryId: z.string().min(1, "请选择公开目录分类"),
    departmentId: z.string().min(1, "请选择发布机构"),
    generatedDate: isoDate,
    documentNumber: z.preprocess(emptyToUndefined, z.string().trim().max(60, "发文字号不能超过60个字").optional()),
    topic: z.enum(TOPICS, { message: "请选择主题分类" }),
    validity: z.enum(["VALID", "REPEALED"]).default("VALID"),
    repealedDate: z.preprocess(emptyToUndefined, isoDate.optional()),
    disclosureScope: z.enum(DISCLOSURE_SCOPES, { message: "请选择公开范围" }).default("面向社会"),
    channels: z.array(z.enum(CHANNELS)).default([...CHANNELS]),
    boardIds: z.array(z.string()).default([]),
    postingFrom: z.preprocess(emptyToUndefined, isoDate.optional()),
    postingTo: z.preprocess(emptyToUndefined, isoDate.optional()),
    changeNote: z.preprocess(emptyToUndefined, z.string().trim().max(500, "修订说明不能超过500个字").optional()),
  })
  .transform((v) => ({ ...v, bodyHtml: sanitizeBody(v.bodyHtml) }))
  .superRefine((v, ctx) => {
    if (bodyText(v.bodyHtml).length < 10) ctx.addIssue({ code: "custom", path: ["bodyHtml"], message: "正文不能少于10个字" });
    if (v.validity === "REPEALED" && !v.repealedDate) {
      ctx.addIssue({ code: "custom", path: ["repealedDate"], message: "已废止的信息须填写废止日期" });
    }
    if (v.postingFrom && v.postingTo && v.postingTo < v.postingFrom) {
      ctx.addIssue({ code: "custom", path: ["postingTo"], message: "公示期结束日期不能早于开始日期" });
    }
  });

export type ItemInput = z.infer<typeof itemInputSchema>;

/** FormData → plain input (multi-valued fields as arrays). */
export function itemFormToInput(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key === "channels" || key === "boardIds") out[key] = form.getAll(key).map(String);
    else {
      const v = form.get(key);
      if (typeof v === "string") out[key] = v;
    }
  }
  if (!form.has("channels") && form.has("channelsPresent")) out.channels = [];
  return out;
}
