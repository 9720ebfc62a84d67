/**
 * Wire types and limits of the district disclosure system contract
 * (docs/district-api.openapi.yaml). Shared by the payload mapping, the client and the stand-in,
 * so the three cannot drift apart.
 */

export const DISTRICT_CHANNEL = "district";

export const DISTRICT_API_PREFIX = "/api/v1";

export const DISTRICT_HEADERS = {
  key: "x-gk-key",
  timestamp: "x-gk-timestamp",
  signature: "x-gk-signature",
} as const;

/** Requests whose timestamp differs from the server clock by more than this are refused. */
export const DISTRICT_MAX_CLOCK_SKEW_SECONDS = 300;

const MiB = 1024 * 1024;

export const DISTRICT_LIMITS = {
  /** National form: 9-character 组织机构代码 or 18-character 统一社会信用代码, "/", year, "-", 5-digit serial. */
  indexNoPattern: /^(?:[0-9A-Z]{9}|[0-9A-Z]{18})\/[0-9]{4}-[0-9]{5}$/,
  titleMaxChars: 200,
  summaryMaxChars: 2000,
  publisherMaxChars: 100,
  topicMaxChars: 50,
  categoryCodeMaxChars: 50,
  categoryNameMaxChars: 100,
  documentNumberMaxChars: 100,
  disclosureFieldMaxChars: 50,
  changeNoteMaxChars: 500,
  reasonMaxChars: 500,
  urlMaxChars: 2000,
  bodyHtmlMaxBytes: 1 * MiB,
  attachmentsMaxCount: 20,
  attachmentMaxBytes: 10 * MiB,
  attachmentsTotalMaxBytes: 25 * MiB,
  fileNameMaxChars: 200,
  /** Base64 grows content by 4/3: 25 MiB of files ≈ 33.4 MiB, plus the HTML and metadata. */
  requestMaxBytes: 36 * MiB,
} as const;

export type DistrictItemStatus = "published" | "withdrawn";

export interface DistrictAttachment {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  contentBase64: string;
  /** Where our portal serves the same file; informational. */
  sourceUrl: string | null;
}

/** Body of PUT /api/v1/items/{indexNo}. Comments give the national catalogue name. */
export interface DistrictUpsertRequest {
  /** 索引号 */
  indexNo: string;
  version: number;
  /** Same key + same content = the same request; the key may never be reused for other content. */
  idempotencyKey: string;
  /** Our item id, for support conversations. */
  sourceId: string;
  /** 名称 */
  title: string;
  /** 内容概述 */
  summary: string;
  /** 生成日期 */
  generatedDate: string;
  /** 发布日期 */
  publishedAt: string;
  /** 发布机构 */
  publisher: string;
  /** 主题分类 */
  topic: string;
  /** 信息类别 (公开目录) */
  category: { code: string; name: string };
  /** 文号 */
  documentNumber: string | null;
  /** 有效性 */
  validity: { status: "valid" | "repealed"; repealedOn: string | null };
  /** 公开方式 */
  disclosureMethod: string;
  /** 公开范围 */
  disclosureScope: string;
  bodyHtml: string;
  /** The item's page on our portal. */
  sourceUrl: string;
  changeNote: string | null;
  attachments: DistrictAttachment[];
}

/** Body of DELETE /api/v1/items/{indexNo}. */
export interface DistrictWithdrawRequest {
  reason: string;
  /** The latest version we know of; later upserts at or below it are refused (ITEM_WITHDRAWN). */
  version?: number;
}

/** What every successful call returns. */
export interface DistrictItemRecord {
  /** The district system's own id for the item, stable across versions. */
  id: string;
  indexNo: string;
  status: DistrictItemStatus;
  /** The version currently shown. */
  version: number;
  publicUrl: string;
  title: string;
  updatedAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export type DistrictUpsertOutcome = "created" | "updated" | "unchanged";
export type DistrictWithdrawOutcome = "withdrawn" | "unchanged";

export interface DistrictUpsertResponse extends DistrictItemRecord {
  result: DistrictUpsertOutcome;
}

export interface DistrictWithdrawResponse extends DistrictItemRecord {
  result: DistrictWithdrawOutcome;
}

export interface DistrictErrorBody {
  code: DistrictErrorCode;
  message: string;
  details?: unknown;
}

export type DistrictErrorCode =
  | "AUTH_MISSING_HEADERS"
  | "AUTH_UNKNOWN_KEY"
  | "AUTH_STALE_TIMESTAMP"
  | "AUTH_BAD_SIGNATURE"
  | "INVALID_JSON"
  | "VALIDATION_FAILED"
  | "INDEX_NO_MISMATCH"
  | "ATTACHMENT_DIGEST_MISMATCH"
  | "IDEMPOTENCY_KEY_REUSED"
  | "STALE_VERSION"
  | "VERSION_CONFLICT"
  | "ITEM_WITHDRAWN"
  | "ITEM_NOT_FOUND"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR"
  | "SERVICE_UNAVAILABLE";

/** The request path for an item; 索引号 contains "/", which must travel as %2F. */
export function districtItemPath(indexNo: string): string {
  return `${DISTRICT_API_PREFIX}/items/${encodeURIComponent(indexNo)}`;
}

/**
 * What a fresh checkout uses on both sides (client and stand-in) so the demo works with nothing
 * set. Publicly known, so useless against a real district system: production sets its own.
 */
export const DISTRICT_DEV_CREDENTIALS = { keyId: "sibaoshan", secret: "district-dev-secret" } as const;
