import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the WeChat Official Account publishing API (api.weixin.qq.com), faithful to the
 * behaviour the client must cope with: errors are HTTP 200 with {errcode, errmsg}; a new
 * /cgi-bin/token invalidates the previous token after an overlap; tokens expire (42001); the IP
 * whitelist (40164), quotas (45009), unauthorised APIs (48001) and "system busy" (-1) can be
 * switched on; publishing is asynchronous and its outcome is scripted.
 *
 * Errcodes used where the public docs name them: 40013 invalid appid, 40001 (the token page's
 * answer to a wrong AppSecret; real accounts also see 40125 — switch `wrongSecretErrcode`),
 * 40001 token not latest, 42001 token expired, 41001 token missing, 40005 bad file type,
 * 40009 image too large, 40007 invalid media_id, 45003 title too long, 45004 digest too long,
 * 45002 content too long, 45110 author too long, 53600 invalid article_id. The limit for
 * content_source_url has no documented errcode; 45005 ("url size out of limit") is used.
 *
 * Where the documentation is silent, the stand-in takes the reading least convenient for a client:
 *  - a submitted draft stays in the draft box and submitting it again publishes it again (nothing
 *    promises a 40007; `submitRemovesDraft` switches to the other reading);
 *  - deleting an article the account does not have (never had, or already deleted) answers an
 *    errcode (`unknownArticleErrcode`: 53600 or 40007), never "ok";
 *  - "system busy" (-1) comes at `busyRate` on any call, not applied;
 *  - an answer can be lost after the call took effect (`loseAnswerNext`), for any endpoint;
 *  - publishing can take time (`publishDelayMs`) and polls (`publishPendingPolls`);
 *  - quotas run out at a count per endpoint (`quotas`).
 */

export type PublishOutcome = 0 | 2 | 3 | 4;

export interface WeChatStandInConfig {
  appId: string;
  appSecret: string;
  /** How long a token is accepted (server side). */
  tokenLifetimeMs: number;
  /** What /cgi-bin/token reports as expires_in (seconds); real value 7200. */
  reportedExpiresInSec: number;
  /** How long the previous token keeps working after a new one is issued (real: ~5 min). */
  tokenOverlapMs: number;
  /** When false every call (token included) answers 40164. */
  ipWhitelisted: boolean;
  /** When true every token request answers 40243 (AppSecret frozen). */
  secretFrozen: boolean;
  /** Calls still allowed per endpoint before 45009; absent = unlimited. */
  quotas: Record<string, number>;
  /** Endpoints this account may not call (48001). */
  unauthorizedApis: string[];
  /** Errcodes to answer on the next calls to an endpoint, consumed one per call. */
  failNext: Record<string, number[]>;
  /** HTTP statuses (e.g. 502) to answer on the next calls to an endpoint. */
  httpFailNext: Record<string, number[]>;
  /** Delay before answering, per endpoint (to exercise client timeouts). */
  delayMs: Record<string, number>;
  /** freepublish/get answers publish_status 1 for this many polls, then the outcome. */
  publishPendingPolls: number;
  publishOutcome: PublishOutcome;
  /** Indices (1-based) reported in fail_idx when the outcome is a failure. */
  publishFailIdx: number[];
  /** Random faults on API calls (token included), for fault tests. */
  faults: WeChatFaults;
  /** What /cgi-bin/token answers to a wrong AppSecret: the docs' token page says 40001; 40125 is also seen. */
  wrongSecretErrcode: 40001 | 40125;
  /** When true a submitted draft leaves the draft box (a second submit gets 40007). Default false. */
  submitRemovesDraft: boolean;
  /** What freepublish/delete answers for an article the account does not hold (any more). */
  unknownArticleErrcode: 53600 | 40007;
  /** Share of API calls (token included) answered {errcode:-1} "system busy" without being applied. */
  busyRate: number;
  /**
   * The next N calls to an endpoint are carried out, then the answer is lost: the connection is
   * held for `loseAnswerHoldMs` and then dropped (the client times out, or is killed meanwhile).
   */
  loseAnswerNext: Record<string, number>;
  loseAnswerHoldMs: number;
  /** A publication stays "publishing" (status 1) at least this long after submit. */
  publishDelayMs: number;
}

export interface WeChatFaults {
  /** Share of calls answered HTTP 503 without being applied (0..1). */
  failureRate: number;
  /**
   * Share of calls held for hangMs and then dropped without an answer. Half of them are applied
   * first (the answer is lost on the way back), half never reach the platform.
   */
  timeoutRate: number;
  hangMs: number;
  /** Makes the fault sequence reproducible. */
  seed?: number;
}

interface TokenRecord {
  token: string;
  issuedAt: number;
  expiresAt: number;
  /** Set when a newer token was issued: the token dies at this time. */
  retiresAt?: number;
  /** Set by the admin "expire" action. */
  revoked?: boolean;
}

interface StoredImage {
  data: Buffer;
  contentType: string;
}

interface DraftArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: number;
  only_fans_can_comment: number;
}

interface PublishJob {
  publishId: string;
  mediaId: string;
  submittedAt: number;
  polls: number;
  pendingPolls: number;
  outcome: PublishOutcome;
  failIdx: number[];
  articleId?: string;
}

interface PublishedArticle {
  articleId: string;
  publishId: string;
  mediaId: string;
  articles: DraftArticle[];
  deletedIdx: number[];
  deletedAll: boolean;
  publishedAt: number;
}

export interface WeChatStandInState {
  config: WeChatStandInConfig;
  counters: {
    tokenRequests: number;
    calls: Record<string, number>;
    injectedFailures?: number;
    injectedTimeouts?: number;
    injectedBusy?: number;
    lostAnswers?: number;
  };
  tokens: { token: string; valid: boolean }[];
  images: string[];
  materials: { mediaId: string; type: string; url: string }[];
  drafts: { mediaId: string; articles: DraftArticle[]; inDraftBox: boolean; deleted: boolean }[];
  publishes: { publishId: string; mediaId: string; polls: number; articleId?: string }[];
  published: {
    articleId: string;
    publishId: string;
    titles: string[];
    articleUrls: string[];
    deletedIdx: number[];
    deletedAll: boolean;
  }[];
}

export interface WeChatStandIn {
  url: string;
  port: number;
  server: Server;
  state(): WeChatStandInState;
  configure(patch: Partial<WeChatStandInConfig>): void;
  /** Makes every issued token expired (next use answers 42001). */
  expireTokens(): void;
  reset(): void;
  close(): Promise<void>;
}

export interface StartWeChatStandInOptions extends Partial<WeChatStandInConfig> {
  port?: number;
  host?: string;
  /** Public base URL used in returned URLs (defaults to http://host:port). */
  publicUrl?: string;
}

const MB = 1024 * 1024;

function defaultConfig(appId: string, appSecret: string): WeChatStandInConfig {
  return {
    appId,
    appSecret,
    tokenLifetimeMs: 7200_000,
    reportedExpiresInSec: 7200,
    tokenOverlapMs: 5 * 60_000,
    ipWhitelisted: true,
    secretFrozen: false,
    quotas: {},
    unauthorizedApis: [],
    failNext: {},
    httpFailNext: {},
    delayMs: {},
    publishPendingPolls: 0,
    publishOutcome: 0,
    publishFailIdx: [1],
    faults: { failureRate: 0, timeoutRate: 0, hangMs: 30_000 },
    wrongSecretErrcode: 40001,
    submitRemovesDraft: false,
    unknownArticleErrcode: 53600,
    busyRate: 0,
    loseAnswerNext: {},
    loseAnswerHoldMs: 0,
    publishDelayMs: 0,
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40005: "invalid file type",
  40007: "invalid media_id",
  40009: "invalid image size",
  40013: "invalid appid",
  40125: "invalid appsecret",
  40243: "AppSecret已被冻结，请登录MP解冻后再次调用",
  41001: "access_token missing",
  42001: "access_token expired",
  45002: "content size out of limit",
  45003: "title size out of limit",
  45004: "description size out of limit",
  45005: "url size out of limit",
  45009: "reach max api daily quota limit",
  45110: "author size out of limit",
  47001: "data format error",
  48001: "api unauthorized",
  53600: "Article ID 无效",
};

const TOKEN_SECRET_ERRMSG: Record<number, string> = {
  40001: "invalid credential, access_token is invalid or not latest",
  40125: "invalid appsecret",
};

function err(errcode: number, extra = ""): { errcode: number; errmsg: string } {
  const rid = randomBytes(4).toString("hex");
  return { errcode, errmsg: `${ERRMSG[errcode] ?? "error"}${extra} rid: ${rid}` };
}

function charCount(s: string): number {
  return Array.from(s).length;
}

function detectImage(data: Buffer): "image/jpeg" | "image/png" | "image/gif" | "image/bmp" | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return "image/png";
  }
  if (data.length >= 6 && data.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d) return "image/bmp";
  return null;
}

async function readBody(req: IncomingMessage, limit = 20 * MB): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Minimal multipart/form-data parser: enough for the single `media` file part WeChat expects. */
function parseMultipart(body: Buffer, contentType: string): Map<string, { filename?: string; data: Buffer }> {
  const parts = new Map<string, { filename?: string; data: Buffer }>();
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return parts;
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const headerEnd = body.indexOf("\r\n\r\n", start);
    if (headerEnd === -1) break;
    const headers = body.subarray(start + 2, headerEnd).toString("utf8");
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next === -1) break;
    const data = body.subarray(headerEnd + 4, next - 2);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name) parts.set(name, { filename, data: Buffer.from(data) });
    pos = next;
  }
  return parts;
}

/** Swallows a response nobody will read (a call applied whose answer is "lost"). */
class PassThroughResponse {
  headersSent = false;
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  end(): void {}
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startWeChatStandIn(options: StartWeChatStandInOptions = {}): Promise<WeChatStandIn> {
  const { port = 0, host = "127.0.0.1", publicUrl, ...configPatch } = options;
  const appId = configPatch.appId ?? "wxstandin0000001";
  const appSecret = configPatch.appSecret ?? "standin-secret";
  const initialPatch = { ...configPatch };

  let config: WeChatStandInConfig;
  let tokens: TokenRecord[];
  let counters: WeChatStandInState["counters"];
  let images: Map<string, StoredImage>;
  let materials: Map<string, { type: string; url: string }>;
  let drafts: Map<string, DraftArticle[]>;
  let publishes: Map<string, PublishJob>;
  let published: Map<string, PublishedArticle>;
  /** Drafts that were submitted: the platform moves them out of the draft box (restored on failure). */
  let submittedDrafts: Map<string, DraftArticle[]>;
  /** Drafts removed with draft/delete. */
  let deletedDrafts: Set<string>;
  let seq: number;
  let random: () => number = Math.random;
  let busyRandom: () => number = Math.random;

  function reset(): void {
    config = { ...defaultConfig(appId, appSecret), ...initialPatch };
    tokens = [];
    counters = { tokenRequests: 0, calls: {} };
    images = new Map();
    materials = new Map();
    drafts = new Map();
    publishes = new Map();
    published = new Map();
    submittedDrafts = new Map();
    deletedDrafts = new Set();
    seq = 0;
    random = config.faults.seed === undefined ? Math.random : mulberry32(config.faults.seed);
    busyRandom = config.faults.seed === undefined ? Math.random : mulberry32(config.faults.seed + 1);
  }
  reset();

  let baseUrl = "";
  const nextId = (prefix: string) => `${prefix}${(++seq).toString().padStart(6, "0")}${randomBytes(6).toString("hex")}`;

  function tokenStatus(token: string | null, now: number): number {
    if (!token) return 41001;
    const rec = tokens.find((t) => t.token === token);
    if (!rec || rec.revoked) return 40001;
    if (rec.retiresAt !== undefined && now >= rec.retiresAt) return 40001;
    if (now >= rec.expiresAt) return 42001;
    return 0;
  }

  function articleUrl(articleId: string, idx: number): string {
    return `${baseUrl}/s/${articleId}?idx=${idx}`;
  }

  function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json; charset=utf-8"): void {
    const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": contentType });
    res.end(payload);
  }

  function state(): WeChatStandInState {
    const now = Date.now();
    return {
      config: structuredClone(config),
      counters: structuredClone(counters),
      tokens: tokens.map((t) => ({ token: t.token, valid: tokenStatus(t.token, now) === 0 })),
      images: [...images.keys()].map((id) => `${baseUrl}/mmbiz_img/${id}`),
      materials: [...materials].map(([mediaId, m]) => ({ mediaId, type: m.type, url: m.url })),
      // Every draft ever added, in order; `inDraftBox` is false once it was submitted for publishing.
      drafts: [...new Set([...drafts.keys(), ...submittedDrafts.keys()])]
        .sort((a, b) => a.localeCompare(b))
        .map((mediaId) => ({
          mediaId,
          articles: structuredClone(drafts.get(mediaId) ?? submittedDrafts.get(mediaId)!),
          inDraftBox: drafts.has(mediaId),
          deleted: deletedDrafts.has(mediaId),
        })),
      publishes: [...publishes.values()].map((p) => ({
        publishId: p.publishId,
        mediaId: p.mediaId,
        polls: p.polls,
        articleId: p.articleId,
      })),
      published: [...published.values()].map((p) => ({
        articleId: p.articleId,
        publishId: p.publishId,
        titles: p.articles.map((a) => a.title),
        articleUrls: p.articles.map((_, i) => articleUrl(p.articleId, i + 1)),
        deletedIdx: [...p.deletedIdx],
        deletedAll: p.deletedAll,
      })),
    };
  }

  function configure(patch: Partial<WeChatStandInConfig>): void {
    config = { ...config, ...patch };
    if (patch.faults) {
      config.faults = { ...defaultConfig(appId, appSecret).faults, ...patch.faults };
      random = config.faults.seed === undefined ? Math.random : mulberry32(config.faults.seed);
      busyRandom = config.faults.seed === undefined ? Math.random : mulberry32(config.faults.seed + 1);
    }
  }

  function expireTokens(): void {
    for (const t of tokens) t.expiresAt = Math.min(t.expiresAt, Date.now());
  }

  function issueToken(): { access_token: string; expires_in: number } {
    const now = Date.now();
    // The real platform keeps the previous token working for about five minutes after a new one is
    // fetched, then rejects it with 40001 ("not latest"). Older ones are already dead.
    for (const t of tokens) {
      if (t.retiresAt === undefined || t.retiresAt > now + config.tokenOverlapMs) t.retiresAt = now + config.tokenOverlapMs;
    }
    const token = `SATOKEN_${randomBytes(24).toString("base64url")}`;
    tokens.push({ token, issuedAt: now, expiresAt: now + config.tokenLifetimeMs });
    if (tokens.length > 50) tokens.splice(0, tokens.length - 50);
    return { access_token: token, expires_in: config.reportedExpiresInSec };
  }

  /** Checks shared by every API endpoint; returns an error body or null. */
  function gate(endpoint: string, url: URL, needsToken: boolean): { errcode: number; errmsg: string } | null {
    if (!config.ipWhitelisted) return err(40164, ` invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist`);
    const forced = config.failNext[endpoint];
    if (forced && forced.length > 0) return err(forced.shift()!);
    if (needsToken) {
      const code = tokenStatus(url.searchParams.get("access_token"), Date.now());
      if (code !== 0) return err(code);
    }
    if (config.unauthorizedApis.includes(endpoint)) return err(48001);
    if (endpoint in config.quotas) {
      if (config.quotas[endpoint] <= 0) return err(45009);
      config.quotas[endpoint] -= 1;
    }
    return null;
  }

  async function handleApi(endpoint: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.calls[endpoint] = (counters.calls[endpoint] ?? 0) + 1;
    // The whole request arrives before any delay: a slow answer to a call that was received, which
    // is what a client that times out must cope with (the call may well be carried out).
    const raw = await readBody(req);
    const delay = config.delayMs[endpoint];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (config.busyRate > 0 && busyRandom() < config.busyRate) {
      counters.injectedBusy = (counters.injectedBusy ?? 0) + 1;
      return send(res, 200, err(-1));
    }
    if ((config.loseAnswerNext[endpoint] ?? 0) > 0) {
      config.loseAnswerNext[endpoint] -= 1;
      counters.lostAnswers = (counters.lostAnswers ?? 0) + 1;
      // Carried out; the answer never makes it back.
      const sink = new PassThroughResponse();
      await handleApiApplied(endpoint, url, req, sink as unknown as ServerResponse, raw);
      if (config.loseAnswerHoldMs > 0) await new Promise((r) => setTimeout(r, config.loseAnswerHoldMs));
      res.destroy();
      return;
    }
    const httpFail = config.httpFailNext[endpoint];
    if (httpFail && httpFail.length > 0) {
      send(res, httpFail.shift()!, "<html><body>502 Bad Gateway</body></html>", "text/html");
      return;
    }
    const { failureRate, timeoutRate, hangMs } = config.faults;
    if (failureRate > 0 || timeoutRate > 0) {
      const draw = random();
      if (draw < failureRate) {
        counters.injectedFailures = (counters.injectedFailures ?? 0) + 1;
        send(res, 503, "<html><body>503 Service Temporarily Unavailable</body></html>", "text/html");
        return;
      }
      if (draw < failureRate + timeoutRate) {
        counters.injectedTimeouts = (counters.injectedTimeouts ?? 0) + 1;
        const applyFirst = random() < 0.5;
        if (applyFirst) {
          // Let the call happen, then lose the answer: the client times out on a write that was done.
          const sink = new PassThroughResponse();
          await handleApiApplied(endpoint, url, req, sink as unknown as ServerResponse, raw);
        }
        await new Promise((r) => setTimeout(r, hangMs));
        res.destroy();
        return;
      }
    }
    return handleApiApplied(endpoint, url, req, res, raw);
  }

  async function handleApiApplied(endpoint: string, url: URL, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {

    if (endpoint === "cgi-bin/token") {
      counters.tokenRequests += 1;
      const blocked = gate(endpoint, url, false);
      if (blocked) return send(res, 200, blocked);
      if (url.searchParams.get("grant_type") !== "client_credential") return send(res, 200, err(40002, " invalid grant_type"));
      if (url.searchParams.get("appid") !== config.appId) return send(res, 200, err(40013));
      if (config.secretFrozen) return send(res, 200, err(40243));
      if (url.searchParams.get("secret") !== config.appSecret) {
        const code = config.wrongSecretErrcode;
        return send(res, 200, { errcode: code, errmsg: `${TOKEN_SECRET_ERRMSG[code]} rid: ${randomBytes(4).toString("hex")}` });
      }
      return send(res, 200, issueToken());
    }

    const blocked = gate(endpoint, url, true);
    if (blocked) return send(res, 200, blocked);

    if (endpoint === "cgi-bin/media/uploadimg" || endpoint === "cgi-bin/material/add_material") {
      const parts = parseMultipart(raw, req.headers["content-type"] ?? "");
      const media = parts.get("media");
      if (!media || media.data.length === 0) return send(res, 200, err(41005, " media data missing"));
      const type = detectImage(media.data);
      if (endpoint === "cgi-bin/media/uploadimg") {
        // uploadimg: "仅支持jpg/png格式，大小必须在1MB以下".
        if (type !== "image/jpeg" && type !== "image/png") return send(res, 200, err(40005));
        if (media.data.length >= MB) return send(res, 200, err(40009));
        const id = nextId("img");
        images.set(id, { data: media.data, contentType: type });
        return send(res, 200, { url: `${baseUrl}/mmbiz_img/${id}` });
      }
      const materialType = url.searchParams.get("type");
      if (materialType === "thumb") {
        // Permanent thumb material: JPG only, 64 KB at most.
        if (type !== "image/jpeg") return send(res, 200, err(40005));
        if (media.data.length > 64 * 1024) return send(res, 200, err(40009));
      } else if (materialType === "image") {
        // Permanent image material: bmp/png/jpeg/jpg/gif, 10 MB at most.
        if (!type) return send(res, 200, err(40005));
        if (media.data.length > 10 * MB) return send(res, 200, err(40009));
      } else {
        return send(res, 200, err(40004, " invalid media type"));
      }
      const imgId = nextId("mat");
      images.set(imgId, { data: media.data, contentType: type! });
      const mediaId = nextId("MEDIA_");
      const matUrl = `${baseUrl}/mmbiz_img/${imgId}`;
      materials.set(mediaId, { type: materialType, url: matUrl });
      return send(res, 200, { media_id: mediaId, url: matUrl, item: [] });
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString("utf8") || "{}");
    } catch {
      return send(res, 200, err(47001));
    }

    if (endpoint === "cgi-bin/draft/add") {
      const list = body.articles;
      if (!Array.isArray(list) || list.length === 0) return send(res, 200, err(47001));
      const articles: DraftArticle[] = [];
      for (const a of list as Record<string, unknown>[]) {
        const title = String(a.title ?? "");
        const author = String(a.author ?? "");
        const digest = String(a.digest ?? "");
        const content = String(a.content ?? "");
        const sourceUrl = String(a.content_source_url ?? "");
        const thumb = String(a.thumb_media_id ?? "");
        if (!title || charCount(title) > 32) return send(res, 200, err(45003));
        if (charCount(author) > 16) return send(res, 200, err(45110));
        if (charCount(digest) > 128) return send(res, 200, err(45004));
        if (!content || charCount(content) >= 20_000 || Buffer.byteLength(content) >= MB) return send(res, 200, err(45002));
        if (Buffer.byteLength(sourceUrl) > 1024) return send(res, 200, err(45005));
        if (!materials.has(thumb)) return send(res, 200, err(40007));
        articles.push({
          title,
          author,
          digest,
          // The platform strips scripts (and anything not re-hosted through uploadimg) itself.
          content: content.replace(/<script[\s\S]*?<\/script>/gi, ""),
          content_source_url: sourceUrl,
          thumb_media_id: thumb,
          need_open_comment: Number(a.need_open_comment ?? 0),
          only_fans_can_comment: Number(a.only_fans_can_comment ?? 0),
        });
      }
      const mediaId = nextId("DRAFT_");
      drafts.set(mediaId, articles);
      return send(res, 200, { media_id: mediaId });
    }

    if (endpoint === "cgi-bin/freepublish/submit") {
      const mediaId = String(body.media_id ?? "");
      if (!drafts.has(mediaId)) return send(res, 200, err(40007));
      // Nothing in the documentation promises that a submitted draft is refused the second time.
      // By default it stays in the draft box and a second submit is a second publication.
      const draft = drafts.get(mediaId)!;
      submittedDrafts.set(mediaId, draft);
      if (config.submitRemovesDraft) drafts.delete(mediaId);
      const publishId = String(2_247_483_647 + ++seq);
      publishes.set(publishId, {
        publishId,
        mediaId,
        submittedAt: Date.now(),
        polls: 0,
        pendingPolls: config.publishPendingPolls,
        outcome: config.publishOutcome,
        failIdx: [...config.publishFailIdx],
      });
      return send(res, 200, { errcode: 0, errmsg: "ok", publish_id: publishId, msg_data_id: 2_247_500_000 + seq });
    }

    if (endpoint === "cgi-bin/freepublish/get") {
      const job = publishes.get(String(body.publish_id ?? ""));
      if (!job) return send(res, 200, err(40007, " invalid publish_id"));
      job.polls += 1;
      if (job.polls <= job.pendingPolls || Date.now() < job.submittedAt + config.publishDelayMs) {
        return send(res, 200, { publish_id: job.publishId, publish_status: 1 });
      }
      if (job.outcome !== 0) {
        // "若在发表过程中出现系统失败，草稿箱中会保留这份草稿的备份": the draft comes back.
        const kept = submittedDrafts.get(job.mediaId);
        if (kept && !drafts.has(job.mediaId)) drafts.set(job.mediaId, kept);
        return send(res, 200, { publish_id: job.publishId, publish_status: job.outcome, fail_idx: job.failIdx });
      }
      const pub = finishPublish(job);
      const status = pub.deletedAll || pub.deletedIdx.length >= pub.articles.length ? 5 : 0;
      return send(res, 200, {
        publish_id: job.publishId,
        publish_status: status,
        article_id: job.articleId,
        article_detail: {
          count: pub.articles.length,
          item: pub.articles.map((_, i) => ({ idx: i + 1, article_url: articleUrl(pub.articleId, i + 1) })),
        },
        fail_idx: [],
      });
    }

    if (endpoint === "cgi-bin/freepublish/batchget") {
      // Successful publications, newest first. Publishing in the stand-in finishes on request, so a
      // client recovering a lost publish_id finds its article here.
      for (const job of publishes.values()) {
        if (job.outcome === 0 && Date.now() >= job.submittedAt + config.publishDelayMs) finishPublish(job);
      }
      const offset = Math.max(0, Number(body.offset ?? 0));
      const count = Number(body.count ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > 20) return send(res, 200, err(47001));
      const noContent = Number(body.no_content ?? 0) === 1;
      const all = [...published.values()].reverse();
      const page = all.slice(offset, offset + count);
      return send(res, 200, {
        total_count: all.length,
        item_count: page.length,
        item: page.map((p) => ({
          article_id: p.articleId,
          content: {
            news_item: p.articles.map((a, i) => ({
              title: a.title,
              author: a.author,
              digest: a.digest,
              content: noContent ? "" : a.content,
              content_source_url: a.content_source_url,
              thumb_media_id: a.thumb_media_id,
              url: articleUrl(p.articleId, i + 1),
              is_deleted: p.deletedAll || p.deletedIdx.includes(i + 1),
            })),
          },
          update_time: Math.floor(p.publishedAt / 1000),
        })),
      });
    }

    if (endpoint === "cgi-bin/freepublish/delete") {
      const pub = published.get(String(body.article_id ?? ""));
      // Not on the account (never was, or deleted already): an errcode, never a friendly "ok".
      if (!pub || pub.deletedAll) return send(res, 200, err(config.unknownArticleErrcode));
      const index = Number(body.index ?? 0);
      if (!Number.isInteger(index) || index < 0 || index > pub.articles.length) return send(res, 200, err(47001));
      if (index === 0) pub.deletedAll = true;
      else if (!pub.deletedIdx.includes(index)) pub.deletedIdx.push(index);
      return send(res, 200, { errcode: 0, errmsg: "ok" });
    }

    if (endpoint === "cgi-bin/draft/delete") {
      const mediaId = String(body.media_id ?? "");
      if (!drafts.has(mediaId)) return send(res, 200, err(40007));
      drafts.delete(mediaId);
      deletedDrafts.add(mediaId);
      return send(res, 200, { errcode: 0, errmsg: "ok" });
    }

    send(res, 200, err(48001, ` unknown api ${endpoint}`));
  }

  function finishPublish(job: PublishJob): PublishedArticle {
    if (!job.articleId) {
      job.articleId = `ARTICLE_${randomBytes(12).toString("hex")}`;
      published.set(job.articleId, {
        articleId: job.articleId,
        publishId: job.publishId,
        mediaId: job.mediaId,
        articles: structuredClone(submittedDrafts.get(job.mediaId) ?? drafts.get(job.mediaId) ?? []),
        deletedIdx: [],
        deletedAll: false,
        publishedAt: Date.now(),
      });
    }
    return published.get(job.articleId)!;
  }

  function serveArticle(articleId: string, url: URL, res: ServerResponse): void {
    const pub = published.get(articleId);
    const idx = Number(url.searchParams.get("idx") ?? "1");
    const article = pub?.articles[idx - 1];
    const deleted = pub && (pub.deletedAll || pub.deletedIdx.includes(idx));
    if (!pub || !article || deleted) {
      const msg = deleted ? "该内容已被发布者删除" : "该内容不存在";
      send(res, 404, `<!doctype html><meta charset="utf-8"><title>${msg}</title><p>${msg}</p>`, "text/html; charset=utf-8");
      return;
    }
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(article.title)}</title></head>
<body style="max-width:677px;margin:0 auto;padding:20px 16px;font-family:sans-serif">
<h1 style="font-size:22px">${escapeHtml(article.title)}</h1>
<p style="color:#888;font-size:15px">${escapeHtml(article.author)} · 公众号文章（本地模拟）</p>
<div id="js_content">${article.content}</div>
${article.content_source_url ? `<p><a href="${escapeHtml(article.content_source_url)}">阅读原文</a></p>` : ""}
</body></html>`;
    send(res, 200, html, "text/html; charset=utf-8");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl || "http://127.0.0.1");
    const path = url.pathname;

    if (path === "/__standin/state" && req.method === "GET") return send(res, 200, state());
    if (path === "/__standin/reset" && req.method === "POST") {
      reset();
      return send(res, 200, { ok: true });
    }
    if (path === "/__standin/config" && req.method === "POST") {
      const patch = JSON.parse((await readBody(req)).toString("utf8") || "{}") as Partial<WeChatStandInConfig> & {
        expireTokens?: boolean;
      };
      const { expireTokens: doExpire, ...rest } = patch;
      configure(rest);
      if (doExpire) expireTokens();
      return send(res, 200, { ok: true, config });
    }
    if (path.startsWith("/mmbiz_img/") && req.method === "GET") {
      const img = images.get(path.slice("/mmbiz_img/".length));
      if (!img) return send(res, 404, err(40007));
      return send(res, 200, img.data, img.contentType);
    }
    if (path.startsWith("/s/") && req.method === "GET") return serveArticle(path.slice(3), url, res);
    if (path.startsWith("/cgi-bin/")) return handleApi(path.slice(1), url, req, res);
    send(res, 404, { errcode: 404, errmsg: "not found" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { errcode: -1, errmsg: `stand-in error: ${String(e)}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  baseUrl = publicUrl ?? `http://${host}:${actualPort}`;

  return {
    url: baseUrl,
    port: actualPort,
    server,
    state,
    configure,
    expireTokens,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
