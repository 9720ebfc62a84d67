import { ChannelError, type ChannelErrorCode } from "../errors";
import {
  DISTRICT_CHANNEL,
  DISTRICT_HEADERS,
  districtItemPath,
  type DistrictErrorBody,
  type DistrictItemRecord,
  type DistrictItemStatus,
  type DistrictUpsertOutcome,
  type DistrictUpsertRequest,
  type DistrictWithdrawOutcome,
  type DistrictWithdrawRequest,
} from "./contract";
import { signRequest } from "./sign";

export interface DistrictClientOptions {
  /** e.g. "https://gk.example.gov.cn/gateway" — a path prefix is kept and signed. */
  baseUrl: string;
  keyId: string;
  secret: string;
  /** Whole request, body included. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch; only tests move it. */
  now?: () => number;
}

export interface CallOptions {
  /** Aborts the call early, e.g. when the worker shuts down. */
  signal?: AbortSignal;
}

export interface DistrictItemResult {
  /** The district's id for the item: store it on the delivery row. */
  externalId: string;
  publicUrl: string;
  status: DistrictItemStatus;
  version: number;
  record: DistrictItemRecord;
}

export interface DistrictUpsertResult extends DistrictItemResult {
  /** "unchanged" when the district already held exactly this version (a retried job). */
  outcome: DistrictUpsertOutcome;
}

export interface DistrictWithdrawResult extends DistrictItemResult {
  outcome: DistrictWithdrawOutcome;
}

export interface DistrictClient {
  upsertItem(payload: DistrictUpsertRequest, options?: CallOptions): Promise<DistrictUpsertResult>;
  withdrawItem(input: { indexNo: string } & DistrictWithdrawRequest, options?: CallOptions): Promise<DistrictWithdrawResult>;
  /** null when the district holds nothing under this 索引号. */
  getItem(indexNo: string, options?: CallOptions): Promise<DistrictItemResult | null>;
}

const SYSTEM = "区政府信息公开系统";

function fail(code: ChannelErrorCode, permanent: boolean, message: string, extra: Partial<ConstructorParameters<typeof ChannelError>[0]> = {}) {
  return new ChannelError({ channel: DISTRICT_CHANNEL, code, permanent, message, ...extra });
}

export function createDistrictClient(options: DistrictClientOptions): DistrictClient {
  const { keyId, secret } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;

  let base: URL;
  try {
    base = new URL(options.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw fail("CONFIGURATION", true, `${SYSTEM}接口地址配置无效：${options.baseUrl}`);
  }
  if (!keyId || !secret) throw fail("CONFIGURATION", true, `${SYSTEM}接口账号或密钥未配置`);
  const prefix = base.pathname.replace(/\/+$/, "");

  async function call(method: "GET" | "PUT" | "DELETE", indexNo: string, body: unknown, callOptions?: CallOptions) {
    const path = prefix + districtItemPath(indexNo);
    const url = new URL(path, base.origin).toString();
    const bodyText = body === undefined ? "" : JSON.stringify(body);
    const timestamp = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      accept: "application/json",
      [DISTRICT_HEADERS.key]: keyId,
      [DISTRICT_HEADERS.timestamp]: String(timestamp),
      [DISTRICT_HEADERS.signature]: signRequest({ method, path, timestamp, body: bodyText, secret }),
    };
    if (body !== undefined) headers["content-type"] = "application/json; charset=utf-8";

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callOptions?.signal ? AbortSignal.any([timeout, callOptions.signal]) : timeout;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await doFetch(url, { method, headers, body: body === undefined ? undefined : bodyText, signal });
      status = res.status;
      retryAfter = res.headers.get("retry-after");
      // Reading the body stays under the same signal: a server that stalls mid-body still times out.
      text = await res.text();
    } catch (e) {
      if (timeout.aborted) {
        throw fail("TIMEOUT", false, `${SYSTEM}在 ${Math.ceil(timeoutMs / 1000)} 秒内未响应，系统将自动重试`, {
          cause: e,
          vendor: { message: `timeout after ${timeoutMs} ms` },
        });
      }
      if (callOptions?.signal?.aborted) {
        throw fail("ABORTED", false, `向${SYSTEM}的推送被中断，系统将自动重试`, { cause: e });
      }
      const detail = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}` : String(e);
      throw fail("NETWORK", false, `无法连接${SYSTEM}，系统将自动重试`, { cause: e, vendor: { message: detail } });
    }
    return { status, text, retryAfter };
  }

  function parseJson(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  function toError(status: number, text: string, retryAfter: string | null): ChannelError {
    const parsed = parseJson(text) as Partial<DistrictErrorBody> | undefined;
    const vendorCode = typeof parsed?.code === "string" ? parsed.code : undefined;
    const vendorMessage = typeof parsed?.message === "string" ? parsed.message : text.slice(0, 500);
    const vendor = { httpStatus: status, code: vendorCode, message: vendorMessage, extra: parsed?.details };
    const retryAfterSeconds = retryAfter && /^[0-9]+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    const retryAfterMs = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;

    if (status >= 500) {
      return fail("UNAVAILABLE", false, `${SYSTEM}暂时不可用（HTTP ${status}），系统将自动重试`, { vendor, retryAfterMs });
    }
    // The two 4xx a retry can cure; the contract says so explicitly.
    if (status === 408) return fail("TIMEOUT", false, `${SYSTEM}处理超时，系统将自动重试`, { vendor, retryAfterMs });
    if (status === 429) return fail("RATE_LIMITED", false, `${SYSTEM}限制了请求频率，系统将稍后重试`, { vendor, retryAfterMs });

    switch (vendorCode) {
      case "AUTH_MISSING_HEADERS":
      case "AUTH_UNKNOWN_KEY":
        return fail("AUTH_FAILED", true, `${SYSTEM}不认可本平台的接口账号，请检查接口账号配置`, { vendor });
      case "AUTH_STALE_TIMESTAMP":
        return fail("AUTH_FAILED", true, `${SYSTEM}拒绝了请求：本服务器时间与区系统相差超过 5 分钟，请校准服务器时钟`, { vendor });
      case "AUTH_BAD_SIGNATURE":
        return fail("AUTH_FAILED", true, `${SYSTEM}签名校验失败，请检查接口密钥配置`, { vendor });
      case "STALE_VERSION":
        return fail("CONFLICT", true, `${SYSTEM}已有该信息更新的版本，本次推送的旧版本未被接收`, { vendor });
      case "VERSION_CONFLICT":
      case "IDEMPOTENCY_KEY_REUSED":
        return fail("CONFLICT", true, `${SYSTEM}中该版本已有不同内容，请修订后以新版本重新发布`, { vendor });
      case "ITEM_WITHDRAWN":
        return fail("CONFLICT", true, `该信息已在${SYSTEM}撤回，如需重新公开请发布新版本`, { vendor });
      case "ITEM_NOT_FOUND":
        return fail("NOT_FOUND", true, `${SYSTEM}中没有该索引号的信息`, { vendor });
    }
    if (status === 401 || status === 403) {
      return fail("AUTH_FAILED", true, `${SYSTEM}拒绝访问（HTTP ${status}），请检查接口账号配置`, { vendor });
    }
    if (status === 404 || status === 405) {
      // Not an item-level 404: the base URL points somewhere that does not speak this contract.
      return fail("CONFIGURATION", true, `${SYSTEM}接口地址不正确（HTTP ${status}），请检查接口地址配置`, { vendor });
    }
    return fail("REJECTED", true, `${SYSTEM}拒收该信息：${vendorMessage || `HTTP ${status}`}`, { vendor });
  }

  function toResult(status: number, text: string): { result: DistrictItemResult; outcome: unknown } {
    const parsed = parseJson(text) as (DistrictItemRecord & { result?: unknown }) | undefined;
    const valid =
      parsed !== undefined &&
      typeof parsed === "object" &&
      parsed !== null &&
      typeof parsed.id === "string" &&
      typeof parsed.publicUrl === "string" &&
      (parsed.status === "published" || parsed.status === "withdrawn") &&
      Number.isInteger(parsed.version);
    if (!valid) {
      // The write may have happened; retrying is safe because upserts and withdrawals are idempotent.
      throw fail("UNEXPECTED_RESPONSE", false, `${SYSTEM}返回了无法识别的内容，系统将自动重试`, {
        vendor: { httpStatus: status, message: text.slice(0, 500) },
      });
    }
    const { result: outcome, ...record } = parsed;
    return {
      result: { externalId: record.id, publicUrl: record.publicUrl, status: record.status, version: record.version, record },
      outcome,
    };
  }

  return {
    async upsertItem(payload, callOptions) {
      const { status, text, retryAfter } = await call("PUT", payload.indexNo, payload, callOptions);
      if (status < 200 || status >= 300) throw toError(status, text, retryAfter);
      const { result, outcome } = toResult(status, text);
      const known: DistrictUpsertOutcome[] = ["created", "updated", "unchanged"];
      return { ...result, outcome: known.includes(outcome as DistrictUpsertOutcome) ? (outcome as DistrictUpsertOutcome) : "updated" };
    },

    async withdrawItem({ indexNo, reason, version }, callOptions) {
      const trimmed = (reason ?? "").trim();
      if (!trimmed) throw fail("INVALID_PAYLOAD", true, "撤回信息必须填写撤回原因");
      const body: DistrictWithdrawRequest = version === undefined ? { reason: trimmed } : { reason: trimmed, version };
      const { status, text, retryAfter } = await call("DELETE", indexNo, body, callOptions);
      if (status < 200 || status >= 300) throw toError(status, text, retryAfter);
      const { result, outcome } = toResult(status, text);
      return { ...result, outcome: outcome === "unchanged" ? "unchanged" : "withdrawn" };
    },

    async getItem(indexNo, callOptions) {
      const { status, text, retryAfter } = await call("GET", indexNo, undefined, callOptions);
      if (status < 200 || status >= 300) {
        const error = toError(status, text, retryAfter);
        if (error.code === "NOT_FOUND") return null;
        throw error;
      }
      return toResult(status, text).result;
    },
  };
}
