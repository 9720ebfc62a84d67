import type { Redis } from "ioredis";
import { ChannelError } from "../errors";
import { CONFIG_ERRCODES, TOKEN_ERRCODES, WECHAT_CHANNEL, weChatApiError, weChatError, weChatTokenEndpointError } from "./errors";
import { createWeChatTokenStore, type WeChatTokenStore } from "./token";

/**
 * HTTP client for the WeChat Official Account publishing API (docs/channels.md). It only speaks
 * HTTP: mapping an item to an article lives in to-wechat-article.ts / to-wechat-html.ts, and the
 * publishing steps in deliver.ts.
 */

export interface WeChatImageFile {
  data: Buffer;
  filename: string;
  contentType: string;
}

export interface WeChatDraftArticle {
  article_type: "news";
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: 0 | 1;
  only_fans_can_comment: 0 | 1;
}

/** freepublish/get publish_status: 0 success, 1 publishing, 2 originality, 3 failed, 4 rejected, 5 deleted, 6 banned. */
export type WeChatPublishStatusCode = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WeChatPublishStatus {
  publishId: string;
  status: WeChatPublishStatusCode;
  articleId: string | null;
  /** URL of the first article (we publish one article per draft). */
  articleUrl: string | null;
  articleUrls: { idx: number; url: string }[];
  failIdx: number[];
}

export interface WeChatPublishedList {
  totalCount: number;
  items: {
    articleId: string;
    /** update_time (Unix seconds); 0 when absent. */
    updateTime: number;
    articles: { title: string; digest: string; contentSourceUrl: string; url: string; isDeleted: boolean }[];
  }[];
}

export interface WeChatClient {
  readonly appId: string;
  uploadImg(image: WeChatImageFile): Promise<{ url: string }>;
  addMaterial(type: "image" | "thumb", image: WeChatImageFile): Promise<{ mediaId: string; url: string }>;
  addDraft(articles: WeChatDraftArticle[]): Promise<{ mediaId: string }>;
  submitPublish(mediaId: string): Promise<{ publishId: string; msgDataId: string | null }>;
  getPublishStatus(publishId: string): Promise<WeChatPublishStatus>;
  /** index is 1-based; 0 deletes every article of the publication. Irreversible. */
  deletePublished(articleId: string, index?: number): Promise<void>;
  /** draft/delete: removes a draft that will not be published. Irreversible. */
  deleteDraft(mediaId: string): Promise<void>;
  /** freepublish/batchget: successful publications, newest first (count 1..20). */
  listPublished(offset: number, count: number): Promise<WeChatPublishedList>;
  /** The shared token (mainly for diagnostics and tests). */
  tokens: WeChatTokenStore;
  /** Permanent materials already on the account, by content hash (the per-office cover). */
  materials: WeChatMaterialCache;
}

/** sha256 of an image → the permanent media_id it was uploaded as, shared by every worker. */
export interface WeChatMaterialCache {
  get(sha256: string): Promise<string | null>;
  set(sha256: string, mediaId: string): Promise<void>;
  forget(sha256: string): Promise<void>;
  /** Forgets every hash that points at this media_id (it no longer exists on the account). */
  forgetMediaId(mediaId: string): Promise<void>;
}

export interface CreateWeChatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  redis: Redis;
  /** Redis key prefix for the shared token, e.g. "gk:wechat:". */
  keyPrefix: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Token store tuning (tests shorten these). */
  tokenOptions?: {
    refreshAheadMs?: number;
    lockTtlMs?: number;
    lockWaitMs?: number;
    configErrorCacheMs?: number;
  };
}

type Body = { json: unknown } | { form: FormData } | undefined;

export function createWeChatClient(options: CreateWeChatClientOptions): WeChatClient {
  const { appId, appSecret, redis, keyPrefix, timeoutMs = 15_000, tokenOptions = {} } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;

  async function httpJson(
    endpoint: string,
    method: "GET" | "POST",
    query: Record<string, string>,
    body: Body,
  ): Promise<Record<string, unknown>> {
    const url = new URL(`${baseUrl}/${endpoint}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: body && "json" in body ? { "content-type": "application/json; charset=utf-8" } : undefined,
        // JSON.stringify keeps CJK as UTF-8 text; WeChat shows \uXXXX escapes literally in some fields.
        body: body ? ("json" in body ? JSON.stringify(body.json) : body.form) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw weChatError({
          code: "TIMEOUT",
          permanent: false,
          message: "微信公众平台响应超时",
          vendor: { extra: { endpoint } },
          cause: e,
        });
      }
      // Errors before a connection exists mean the request never left: nothing can have happened.
      const causeCode = String(((e as { cause?: { code?: unknown } })?.cause?.code ?? "") as string);
      const notSent = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(causeCode);
      throw weChatError({
        code: "NETWORK",
        permanent: false,
        message: "无法连接微信公众平台",
        vendor: { message: String((e as Error)?.message ?? e), extra: { endpoint, notSent, causeCode } },
        cause: e,
      });
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 500) {
      throw weChatError({
        code: "UNAVAILABLE",
        permanent: false,
        message: `微信公众平台暂时不可用（HTTP ${res.status}）`,
        vendor: { httpStatus: res.status, message: text.slice(0, 300), extra: { endpoint } },
      });
    }
    if (res.status >= 400) {
      // The real API answers errors with HTTP 200; a 4xx means the base URL or a proxy is wrong.
      throw weChatError({
        code: "CONFIGURATION",
        permanent: true,
        message: `公众号接口地址配置错误（HTTP ${res.status}），请检查公众号接口地址设置`,
        vendor: { httpStatus: res.status, message: text.slice(0, 300), extra: { endpoint } },
      });
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw weChatError({
      code: "UNEXPECTED_RESPONSE",
      permanent: false,
      message: "微信公众平台返回了无法识别的内容",
      vendor: { httpStatus: res.status, message: text.slice(0, 300), extra: { endpoint } },
    });
  }

  function errorOf(data: Record<string, unknown>, endpoint: string): ChannelError | null {
    const errcode = Number(data.errcode ?? 0);
    if (!errcode) return null;
    return weChatApiError(errcode, String(data.errmsg ?? ""), endpoint);
  }

  async function fetchToken() {
    const endpoint = "cgi-bin/token";
    const data = await httpJson(endpoint, "GET", { grant_type: "client_credential", appid: appId, secret: appSecret }, undefined);
    const errcode = Number(data.errcode ?? 0);
    if (errcode) throw weChatTokenEndpointError(errcode, String(data.errmsg ?? ""));
    if (typeof data.access_token !== "string" || !data.access_token) {
      throw weChatError({
        code: "UNEXPECTED_RESPONSE",
        permanent: false,
        message: "微信公众平台未返回 access_token",
        vendor: { extra: { endpoint } },
      });
    }
    return { accessToken: data.access_token, expiresInSec: Number(data.expires_in ?? 7200) };
  }

  const tokens = createWeChatTokenStore({ redis, keyPrefix, appId, fetchToken, ...tokenOptions });
  const materialsKey = `${keyPrefix}materials:${appId}`;
  const materials: WeChatMaterialCache = {
    async get(sha256) {
      return redis.hget(materialsKey, sha256);
    },
    async set(sha256, mediaId) {
      await redis.hset(materialsKey, sha256, mediaId);
    },
    async forget(sha256) {
      await redis.hdel(materialsKey, sha256);
    },
    async forgetMediaId(mediaId) {
      const all = await redis.hgetall(materialsKey);
      const stale = Object.keys(all).filter((k) => all[k] === mediaId);
      if (stale.length) await redis.hdel(materialsKey, ...stale);
    },
  };

  /**
   * One authenticated call. On 40001/40014/42001 the token is refreshed centrally (only if the
   * cached token is still the one that failed) and the call retried exactly once.
   */
  async function call(
    endpoint: string,
    body: () => Body,
    query: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      const data = await httpJson(endpoint, "POST", { ...query, access_token: token }, body());
      const e = errorOf(data, endpoint);
      if (!e) return data;
      const errcode = Number(data.errcode);
      if (TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        await tokens.invalidate(token);
        continue;
      }
      if (CONFIG_ERRCODES.has(errcode)) await tokens.rememberConfigError(e);
      throw e;
    }
  }

  function form(image: WeChatImageFile): FormData {
    const fd = new FormData();
    fd.append("media", new Blob([new Uint8Array(image.data)], { type: image.contentType }), image.filename);
    return fd;
  }

  function requireString(data: Record<string, unknown>, field: string, endpoint: string): string {
    const v = data[field];
    if ((typeof v === "string" && v) || typeof v === "number") return String(v);
    throw weChatError({
      code: "UNEXPECTED_RESPONSE",
      permanent: false,
      message: `微信公众平台的应答缺少 ${field}`,
      vendor: { extra: { endpoint, body: data } },
    });
  }

  return {
    appId,
    tokens,
    materials,

    async uploadImg(image) {
      const endpoint = "cgi-bin/media/uploadimg";
      const data = await call(endpoint, () => ({ form: form(image) }));
      return { url: requireString(data, "url", endpoint) };
    },

    async addMaterial(type, image) {
      const endpoint = "cgi-bin/material/add_material";
      const data = await call(endpoint, () => ({ form: form(image) }), { type });
      return { mediaId: requireString(data, "media_id", endpoint), url: String(data.url ?? "") };
    },

    async addDraft(articles) {
      const endpoint = "cgi-bin/draft/add";
      const data = await call(endpoint, () => ({ json: { articles } }));
      return { mediaId: requireString(data, "media_id", endpoint) };
    },

    async submitPublish(mediaId) {
      const endpoint = "cgi-bin/freepublish/submit";
      const data = await call(endpoint, () => ({ json: { media_id: mediaId } }));
      return {
        publishId: requireString(data, "publish_id", endpoint),
        msgDataId: data.msg_data_id === undefined ? null : String(data.msg_data_id),
      };
    },

    async getPublishStatus(publishId) {
      const endpoint = "cgi-bin/freepublish/get";
      const data = await call(endpoint, () => ({ json: { publish_id: publishId } }));
      const status = Number(data.publish_status);
      if (!Number.isInteger(status) || status < 0 || status > 6) {
        throw weChatError({
          code: "UNEXPECTED_RESPONSE",
          permanent: false,
          message: "微信公众平台返回了未知的发布状态",
          vendor: { extra: { endpoint, body: data } },
        });
      }
      const detail = (data.article_detail ?? {}) as { item?: { idx?: number; article_url?: string }[] };
      const articleUrls = (detail.item ?? [])
        .filter((i) => typeof i.article_url === "string" && i.article_url)
        .map((i) => ({ idx: Number(i.idx ?? 1), url: String(i.article_url) }));
      return {
        publishId: String(data.publish_id ?? publishId),
        status: status as WeChatPublishStatusCode,
        articleId: data.article_id ? String(data.article_id) : null,
        articleUrl: articleUrls.find((a) => a.idx === 1)?.url ?? articleUrls[0]?.url ?? null,
        articleUrls,
        failIdx: Array.isArray(data.fail_idx) ? data.fail_idx.map(Number) : [],
      };
    },

    async deletePublished(articleId, index = 0) {
      await call("cgi-bin/freepublish/delete", () => ({ json: { article_id: articleId, index } }));
    },

    async deleteDraft(mediaId) {
      await call("cgi-bin/draft/delete", () => ({ json: { media_id: mediaId } }));
    },

    async listPublished(offset, count) {
      const data = await call("cgi-bin/freepublish/batchget", () => ({ json: { offset, count, no_content: 1 } }));
      const items = Array.isArray(data.item) ? (data.item as Record<string, unknown>[]) : [];
      return {
        totalCount: Number(data.total_count ?? 0),
        items: items.map((i) => {
          const news = ((i.content as { news_item?: Record<string, unknown>[] } | undefined)?.news_item ?? []);
          return {
            articleId: String(i.article_id ?? ""),
            updateTime: Number(i.update_time ?? 0) || 0,
            articles: news.map((n) => ({
              title: String(n.title ?? ""),
              digest: String(n.digest ?? ""),
              contentSourceUrl: String(n.content_source_url ?? ""),
              url: String(n.url ?? ""),
              isDeleted: Boolean(n.is_deleted),
            })),
          };
        }),
      };
    },
  };
}

export { WECHAT_CHANNEL };
