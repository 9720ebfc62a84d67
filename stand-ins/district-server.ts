import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  DISTRICT_API_PREFIX,
  DISTRICT_HEADERS,
  DISTRICT_LIMITS,
  DISTRICT_MAX_CLOCK_SKEW_SECONDS,
  type DistrictErrorCode,
  type DistrictItemRecord,
  type DistrictItemStatus,
  type DistrictUpsertRequest,
} from "../lib/channels/district/contract";
import { verifyRequestSignature } from "../lib/channels/district/sign";

/**
 * A stand-in for the district disclosure system, implementing docs/district-api.openapi.yaml:
 * signatures, the timestamp window, idempotent upserts, versions, withdrawal, and a public page per
 * item. Faults (5xx, hung responses, latency) can be switched on, reproducibly when seeded.
 */

export interface DistrictFaults {
  /** Share of API requests answered 503 without being applied (0..1). */
  failureRate: number;
  /**
   * Share of API requests that are applied and then left unanswered for hangMs — the worst case
   * for a client: the write happened, the answer never came (0..1).
   */
  timeoutRate: number;
  /** Added before every API response. */
  latencyMs: number;
  /** How long a "timed out" request is held before it is answered after all. */
  hangMs: number;
  /** Makes the sequence of injected faults reproducible. */
  seed?: number;
}

export interface StoredDistrictVersion {
  version: number;
  idempotencyKey: string;
  digest: string;
  receivedAt: string;
  payload: DistrictUpsertRequest;
}

export interface StoredDistrictItem {
  id: string;
  indexNo: string;
  status: DistrictItemStatus;
  currentVersion: number;
  /** Upserts at or below this version are refused while the item is withdrawn. */
  withdrawnVersion: number | null;
  createdAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  publicUrl: string;
  versions: StoredDistrictVersion[];
}

export interface DistrictStandInStats {
  /** Every request to /api/v1, whatever became of it. */
  received: number;
  byOperation: { upsert: number; withdraw: number; read: number };
  byStatus: Record<string, number>;
  authFailures: number;
  injectedFailures: number;
  injectedTimeouts: number;
}

export interface DistrictStandInOptions {
  port?: number;
  host?: string;
  keyId: string;
  secret: string;
  faults?: Partial<DistrictFaults>;
  /** Base of the public URLs handed out; defaults to the stand-in's own address. */
  publicBaseUrl?: string;
  /** Milliseconds since the epoch; lets tests move the server clock. */
  now?: () => number;
}

export interface DistrictStandIn {
  url: string;
  close(): Promise<void>;
  items(): StoredDistrictItem[];
  item(indexNo: string): StoredDistrictItem | undefined;
  stats(): DistrictStandInStats;
  /** Replaces all faults; fields left out go back to "no fault". */
  setFaults(faults: Partial<DistrictFaults>): DistrictFaults;
  faults(): DistrictFaults;
  /** Forgets items, idempotency keys, stats and faults. */
  reset(): void;
}

const NO_FAULTS: DistrictFaults = { failureRate: 0, timeoutRate: 0, latencyMs: 0, hangMs: 120_000 };

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

/** Key order must not change the digest, or a re-serialised retry would look like new content. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const chars = (max: number) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, "must not be empty")
    .refine((s) => [...s].length <= max, `at most ${max} characters`);
const optionalChars = (max: number) =>
  z
    .string()
    .refine((s) => [...s].length <= max, `at most ${max} characters`)
    .nullable()
    .optional()
    .transform((v) => v ?? null);
const date = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "invalid date");
const L = DISTRICT_LIMITS;

const upsertSchema = z.object({
  indexNo: z.string().regex(L.indexNoPattern),
  version: z.number().int().min(1),
  idempotencyKey: chars(200),
  sourceId: chars(100),
  title: chars(L.titleMaxChars),
  summary: chars(L.summaryMaxChars),
  generatedDate: date,
  publishedAt: z.string().refine((s) => /T.*(Z|[+-][0-9]{2}:[0-9]{2})$/.test(s) && !Number.isNaN(Date.parse(s)), "ISO 8601 with offset"),
  publisher: chars(L.publisherMaxChars),
  topic: chars(L.topicMaxChars),
  category: z.object({ code: chars(L.categoryCodeMaxChars), name: chars(L.categoryNameMaxChars) }),
  documentNumber: optionalChars(L.documentNumberMaxChars),
  validity: z
    .object({ status: z.enum(["valid", "repealed"]), repealedOn: date.nullable().optional().transform((v) => v ?? null) })
    .refine((v) => v.status === "valid" || v.repealedOn !== null, "repealedOn is required when repealed"),
  disclosureMethod: chars(L.disclosureFieldMaxChars),
  disclosureScope: chars(L.disclosureFieldMaxChars),
  bodyHtml: z
    .string()
    .min(1)
    .refine((s) => Buffer.byteLength(s, "utf8") <= L.bodyHtmlMaxBytes, `at most ${L.bodyHtmlMaxBytes} bytes`),
  sourceUrl: z.string().url().max(L.urlMaxChars),
  changeNote: optionalChars(L.changeNoteMaxChars),
  attachments: z
    .array(
      z.object({
        fileName: chars(L.fileNameMaxChars),
        mimeType: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
        size: z.number().int().min(0).max(L.attachmentMaxBytes),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
        sourceUrl: z.string().url().nullable().optional().transform((v) => v ?? null),
      }),
    )
    .max(L.attachmentsMaxCount)
    .refine((list) => list.reduce((sum, a) => sum + a.size, 0) <= L.attachmentsTotalMaxBytes, "attachments too large in total"),
});

const withdrawSchema = z.object({
  reason: chars(L.reasonMaxChars),
  version: z.number().int().min(1).optional(),
});

const faultsSchema = z.object({
  failureRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).optional(),
  hangMs: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: DistrictErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function startDistrictStandIn(options: DistrictStandInOptions): Promise<DistrictStandIn> {
  const now = options.now ?? Date.now;
  const items = new Map<string, StoredDistrictItem>();
  const idempotencyKeys = new Map<string, { indexNo: string; version: number; digest: string }>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let stats: DistrictStandInStats;
  let faults: DistrictFaults;
  let random: () => number;
  let publicBase = "";

  function resetStats() {
    stats = {
      received: 0,
      byOperation: { upsert: 0, withdraw: 0, read: 0 },
      byStatus: {},
      authFailures: 0,
      injectedFailures: 0,
      injectedTimeouts: 0,
    };
  }

  function applyFaults(input: Partial<DistrictFaults>): DistrictFaults {
    const parsed = faultsSchema.parse(input);
    faults = { ...NO_FAULTS, ...parsed };
    random = faults.seed === undefined ? Math.random : mulberry32(faults.seed);
    return { ...faults };
  }

  resetStats();
  applyFaults(options.faults ?? {});

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        pendingTimers.delete(t);
        resolve();
      }, ms);
      pendingTimers.add(t);
    });

  const nowIso = () => new Date(now()).toISOString();
  const publicUrlOf = (indexNo: string) => `${publicBase}/public/${encodeURIComponent(indexNo)}`;

  function recordOf(item: StoredDistrictItem): DistrictItemRecord {
    const current = item.versions.find((v) => v.version === item.currentVersion)!;
    return {
      id: item.id,
      indexNo: item.indexNo,
      status: item.status,
      version: item.currentVersion,
      publicUrl: item.publicUrl,
      title: current.payload.title,
      updatedAt: item.updatedAt,
      withdrawnAt: item.withdrawnAt,
      withdrawnReason: item.withdrawnReason,
    };
  }

  function parseBody(raw: Buffer): unknown {
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      throw new HttpError(400, "INVALID_JSON", "请求体不是有效的 JSON");
    }
  }

  function upsert(indexNo: string, raw: Buffer): { status: number; body: unknown } {
    const parsed = upsertSchema.safeParse(parseBody(raw));
    if (!parsed.success) {
      throw new HttpError(400, "VALIDATION_FAILED", "请求内容不符合接口规范", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    }
    const payload = parsed.data as DistrictUpsertRequest;
    if (payload.indexNo !== indexNo) throw new HttpError(400, "INDEX_NO_MISMATCH", "路径中的索引号与请求体不一致");
    for (const a of payload.attachments) {
      const content = Buffer.from(a.contentBase64, "base64");
      if (content.length !== a.size || createHash("sha256").update(content).digest("hex") !== a.sha256) {
        throw new HttpError(422, "ATTACHMENT_DIGEST_MISMATCH", `附件“${a.fileName}”的大小或校验值与内容不符`);
      }
    }
    const { idempotencyKey, ...content } = payload;
    const digest = createHash("sha256").update(canonicalJson(content)).digest("hex");

    const seenKey = idempotencyKeys.get(idempotencyKey);
    if (seenKey && (seenKey.indexNo !== indexNo || seenKey.version !== payload.version || seenKey.digest !== digest)) {
      throw new HttpError(422, "IDEMPOTENCY_KEY_REUSED", "幂等键已用于其他内容");
    }

    const existing = items.get(indexNo);
    const sameVersion = existing?.versions.find((v) => v.version === payload.version);
    if (existing && sameVersion) {
      if (sameVersion.digest === digest) return { status: 200, body: { ...recordOf(existing), result: "unchanged" } };
      throw new HttpError(409, "VERSION_CONFLICT", `第 ${payload.version} 版已存在且内容不同`);
    }
    if (existing?.status === "withdrawn" && existing.withdrawnVersion !== null && payload.version <= existing.withdrawnVersion) {
      throw new HttpError(409, "ITEM_WITHDRAWN", `该信息已撤回（截至第 ${existing.withdrawnVersion} 版），重新公开需更高的版本号`);
    }
    if (existing && payload.version < existing.currentVersion) {
      throw new HttpError(409, "STALE_VERSION", `已有更新的第 ${existing.currentVersion} 版`, { currentVersion: existing.currentVersion });
    }

    const at = nowIso();
    const version: StoredDistrictVersion = { version: payload.version, idempotencyKey, digest, receivedAt: at, payload };
    idempotencyKeys.set(idempotencyKey, { indexNo, version: payload.version, digest });
    if (!existing) {
      const item: StoredDistrictItem = {
        id: `dst_${randomUUID()}`,
        indexNo,
        status: "published",
        currentVersion: payload.version,
        withdrawnVersion: null,
        createdAt: at,
        updatedAt: at,
        withdrawnAt: null,
        withdrawnReason: null,
        publicUrl: publicUrlOf(indexNo),
        versions: [version],
      };
      items.set(indexNo, item);
      return { status: 201, body: { ...recordOf(item), result: "created" } };
    }
    existing.versions.push(version);
    existing.currentVersion = payload.version;
    existing.status = "published";
    existing.withdrawnAt = null;
    existing.withdrawnReason = null;
    existing.updatedAt = at;
    return { status: 200, body: { ...recordOf(existing), result: "updated" } };
  }

  function withdraw(indexNo: string, raw: Buffer): { status: number; body: unknown } {
    const parsed = withdrawSchema.safeParse(parseBody(raw));
    if (!parsed.success) {
      throw new HttpError(400, "VALIDATION_FAILED", "撤回请求必须包含撤回原因", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    }
    const item = items.get(indexNo);
    if (!item) throw new HttpError(404, "ITEM_NOT_FOUND", "没有该索引号的信息");
    const guard = Math.max(item.currentVersion, parsed.data.version ?? 0);
    if (item.status === "withdrawn") {
      item.withdrawnVersion = Math.max(item.withdrawnVersion ?? 0, guard);
      return { status: 200, body: { ...recordOf(item), result: "unchanged" } };
    }
    const at = nowIso();
    item.status = "withdrawn";
    item.withdrawnVersion = guard;
    item.withdrawnAt = at;
    item.withdrawnReason = parsed.data.reason.trim();
    item.updatedAt = at;
    return { status: 200, body: { ...recordOf(item), result: "withdrawn" } };
  }

  function read(indexNo: string): { status: number; body: unknown } {
    const item = items.get(indexNo);
    if (!item) throw new HttpError(404, "ITEM_NOT_FOUND", "没有该索引号的信息");
    return { status: 200, body: recordOf(item) };
  }

  function authenticate(req: IncomingMessage, raw: Buffer) {
    const key = req.headers[DISTRICT_HEADERS.key];
    const timestamp = req.headers[DISTRICT_HEADERS.timestamp];
    const signature = req.headers[DISTRICT_HEADERS.signature];
    if (typeof key !== "string" || typeof timestamp !== "string" || typeof signature !== "string") {
      throw new HttpError(401, "AUTH_MISSING_HEADERS", "缺少 X-Gk-Key、X-Gk-Timestamp 或 X-Gk-Signature");
    }
    if (key !== options.keyId) throw new HttpError(401, "AUTH_UNKNOWN_KEY", "未知的接口账号");
    const verdict = verifyRequestSignature({
      method: req.method ?? "",
      path: req.url ?? "",
      timestamp,
      body: raw,
      secret: options.secret,
      signature,
      nowSeconds: Math.floor(now() / 1000),
      maxSkewSeconds: DISTRICT_MAX_CLOCK_SKEW_SECONDS,
    });
    if (!verdict.ok) {
      if (verdict.reason === "STALE_TIMESTAMP") {
        throw new HttpError(401, "AUTH_STALE_TIMESTAMP", `时间戳与服务器时间相差超过 ${DISTRICT_MAX_CLOCK_SKEW_SECONDS} 秒`);
      }
      throw new HttpError(401, "AUTH_BAD_SIGNATURE", "签名校验失败");
    }
  }

  function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) tooLarge = true;
        else chunks.push(chunk);
      });
      req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
      req.on("error", reject);
    });
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function sendHtml(res: ServerResponse, status: number, title: string, inner: string) {
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;line-height:1.6;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.withdrawn{background:#fff3cd;padding:.8rem;border:1px solid #e0c36a}</style>
</head><body><p>淄博高新区政府信息公开系统（测试替身）</p>${inner}</body></html>`;
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  }

  function publicPage(res: ServerResponse, indexNo: string) {
    const item = items.get(indexNo);
    if (!item) return sendHtml(res, 404, "未找到", "<h1>未找到该信息</h1>");
    const p = item.versions.find((v) => v.version === item.currentVersion)!.payload;
    const rows: Array<[string, string]> = [
      ["索引号", p.indexNo],
      ["名称", p.title],
      ["内容概述", p.summary],
      ["生成日期", p.generatedDate],
      ["发布机构", p.publisher],
      ["主题分类", p.topic],
      ["文号", p.documentNumber ?? "无"],
      ["有效性", p.validity.status === "valid" ? "有效" : `已废止（${p.validity.repealedOn}）`],
      ["状态", item.status === "published" ? "已发布" : "已撤回"],
      ["版本", String(item.currentVersion)],
    ];
    const notice =
      item.status === "withdrawn"
        ? `<div class="withdrawn" data-testid="withdrawn-notice">该信息已于 ${escapeHtml(item.withdrawnAt ?? "")} 撤回。原因：${escapeHtml(item.withdrawnReason ?? "")}</div>`
        : "";
    const files = p.attachments.map((a) => `<li>${escapeHtml(a.fileName)}（${a.size} 字节）</li>`).join("");
    // The body is shown as the district would publish it; it was sanitised by the sending platform.
    const body = item.status === "published" ? `<article>${p.bodyHtml}</article>` : "";
    sendHtml(
      res,
      200,
      p.title,
      `<h1>${escapeHtml(p.title)}</h1>${notice}<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>${body}${files ? `<h2>附件</h2><ul>${files}</ul>` : ""}`,
    );
  }

  /** Admin views leave attachment content out unless asked: it can be tens of megabytes. */
  function inspect(item: StoredDistrictItem, withContent: boolean) {
    if (withContent) return item;
    return {
      ...item,
      versions: item.versions.map((v) => ({
        ...v,
        payload: { ...v.payload, attachments: v.payload.attachments.map(({ contentBase64, ...a }) => ({ ...a, contentLength: contentBase64.length })) },
      })),
    };
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    const withContent = url.searchParams.get("content") === "1";
    if (req.method === "GET" && path === "/__standin/health") return sendJson(res, 200, { ok: true });
    if (req.method === "GET" && path === "/__standin/items") {
      return sendJson(res, 200, { items: [...items.values()].map((i) => inspect(i, withContent)), stats });
    }
    const one = /^\/__standin\/items\/([^/]+)$/.exec(path);
    if (req.method === "GET" && one) {
      const item = items.get(decodeURIComponent(one[1]));
      return item ? sendJson(res, 200, inspect(item, withContent)) : sendJson(res, 404, { code: "ITEM_NOT_FOUND", message: "没有该索引号的信息" });
    }
    if (req.method === "GET" && path === "/__standin/stats") return sendJson(res, 200, stats);
    if (req.method === "GET" && path === "/__standin/faults") return sendJson(res, 200, { faults });
    if (req.method === "POST" && path === "/__standin/faults") {
      const raw = (await readBody(req, 64 * 1024)) ?? Buffer.alloc(0);
      try {
        return sendJson(res, 200, { faults: applyFaults(raw.length ? (JSON.parse(raw.toString("utf8")) as Partial<DistrictFaults>) : {}) });
      } catch (e) {
        return sendJson(res, 400, { code: "VALIDATION_FAILED", message: "故障参数无效", details: String(e) });
      }
    }
    if (req.method === "POST" && path === "/__standin/reset") {
      reset();
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { code: "NOT_FOUND", message: "未知的管理接口" });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    stats.received++;
    const match = /^\/api\/v1\/items\/([^/]+)$/.exec(url.pathname);
    const respond = (status: number, body: unknown, headers?: Record<string, string>) => {
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      sendJson(res, status, body, headers);
    };
    const raw = await readBody(req, L.requestMaxBytes);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    // One draw per request keeps a seeded run's fault sequence independent of what the requests contain.
    const draw = random();
    if (draw < faults.failureRate) {
      stats.injectedFailures++;
      return respond(503, { code: "SERVICE_UNAVAILABLE", message: "系统繁忙，请稍后重试" }, { "retry-after": "1" });
    }
    const hang = draw < faults.failureRate + faults.timeoutRate;

    let outcome: { status: number; body: unknown };
    try {
      if (raw === null) throw new HttpError(413, "PAYLOAD_TOO_LARGE", `请求体超过 ${L.requestMaxBytes} 字节`);
      if (!match) throw new HttpError(404, "NOT_FOUND", "未知的接口地址");
      let indexNo: string;
      try {
        indexNo = decodeURIComponent(match[1]);
      } catch {
        throw new HttpError(404, "NOT_FOUND", "未知的接口地址");
      }
      try {
        authenticate(req, raw);
      } catch (e) {
        stats.authFailures++;
        throw e;
      }
      if (req.method === "PUT") {
        stats.byOperation.upsert++;
        outcome = upsert(indexNo, raw);
      } else if (req.method === "DELETE") {
        stats.byOperation.withdraw++;
        outcome = withdraw(indexNo, raw);
      } else if (req.method === "GET") {
        stats.byOperation.read++;
        outcome = read(indexNo);
      } else {
        throw new HttpError(405, "METHOD_NOT_ALLOWED", "不支持的请求方法");
      }
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      outcome = { status: e.status, body: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
    }
    if (hang) {
      stats.injectedTimeouts++;
      await sleep(faults.hangMs);
    }
    respond(outcome.status, outcome.body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    let work: Promise<void>;
    if (url.pathname.startsWith(`${DISTRICT_API_PREFIX}/`)) work = handleApi(req, res, url);
    else if (url.pathname.startsWith("/__standin/")) work = handleAdmin(req, res, url);
    else if (req.method === "GET" && url.pathname.startsWith("/public/")) {
      let indexNo = "";
      try {
        indexNo = decodeURIComponent(url.pathname.slice("/public/".length));
      } catch {
        /* an undecodable path simply names no item */
      }
      work = Promise.resolve(publicPage(res, indexNo));
    } else work = Promise.resolve(sendJson(res, 404, { code: "NOT_FOUND", message: "未知的接口地址" }));
    work.catch((e: unknown) => sendJson(res, 500, { code: "INTERNAL_ERROR", message: String(e) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  publicBase = (options.publicBaseUrl ?? url).replace(/\/+$/, "");

  function reset() {
    items.clear();
    idempotencyKeys.clear();
    resetStats();
    applyFaults({});
  }

  return {
    url,
    async close() {
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung (timeout-fault) and keep-alive connections would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    },
    items: () => [...items.values()],
    item: (indexNo) => items.get(indexNo),
    stats: () => structuredClone(stats),
    setFaults: applyFaults,
    faults: () => ({ ...faults }),
    reset,
  };
}
