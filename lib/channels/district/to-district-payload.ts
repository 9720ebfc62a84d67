import { createHash } from "node:crypto";
import { ChannelError } from "../errors";
import type { PublishedItemDTO } from "../types";
import { DISTRICT_CHANNEL, DISTRICT_LIMITS, type DistrictUpsertRequest } from "./contract";

export interface ToDistrictPayloadOptions {
  /** File contents keyed by the attachment's sha256 (lower-case hex). */
  attachmentContents: ReadonlyMap<string, Uint8Array>;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** Counts characters as readers see them: one per Chinese character, emoji included. */
const charCount = (s: string) => [...s].length;

function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

const formatMiB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Maps one published item version to the district system's upsert body. Pure apart from hashing:
 * the same input always gives the same body, which is what makes retries idempotent.
 * Throws a permanent ChannelError listing every problem (zh-CN) so staff can fix the item in one go.
 */
export function toDistrictPayload(item: PublishedItemDTO, options: ToDistrictPayloadOptions): DistrictUpsertRequest {
  const problems: string[] = [];
  const L = DISTRICT_LIMITS;

  const text = (value: string | null | undefined, label: string, max: number, required = true): string | null => {
    const v = typeof value === "string" ? value.trim() : "";
    if (!v) {
      if (required) problems.push(`${label}不能为空`);
      return null;
    }
    if (charCount(v) > max) problems.push(`${label}不能超过 ${max} 个字（现有 ${charCount(v)} 个）`);
    return v;
  };

  const indexNo = text(item.indexNo, "索引号", 64) ?? "";
  if (indexNo && !L.indexNoPattern.test(indexNo)) {
    problems.push(`索引号“${indexNo}”格式不正确，应为“机构代码/年份-五位流水号”，如 000014349/2017-00110`);
  }
  if (!Number.isInteger(item.version) || item.version < 1) problems.push("版本号必须是正整数");
  const sourceId = text(item.id, "信息编号", 100) ?? "";
  const title = text(item.title, "名称（标题）", L.titleMaxChars) ?? "";
  const summary = text(item.summary, "内容概述", L.summaryMaxChars) ?? "";
  const publisher = text(item.departmentName, "发布机构", L.publisherMaxChars) ?? "";
  const topic = text(item.topic, "主题分类", L.topicMaxChars) ?? "";
  const categoryCode = text(item.category?.code, "信息类别代码", L.categoryCodeMaxChars) ?? "";
  const categoryName = text(item.category?.name, "信息类别名称", L.categoryNameMaxChars) ?? "";
  const documentNumber = text(item.documentNumber, "文号", L.documentNumberMaxChars, false);
  const disclosureMethod = text(item.disclosureMethod, "公开方式", L.disclosureFieldMaxChars) ?? "";
  const disclosureScope = text(item.disclosureScope, "公开范围", L.disclosureFieldMaxChars) ?? "";
  const changeNote = text(item.changeNote, "修订说明", L.changeNoteMaxChars, false);

  const generatedDate = (item.generatedDate ?? "").trim();
  if (!isCalendarDate(generatedDate)) problems.push("生成日期必须是有效日期（YYYY-MM-DD）");

  const publishedAt = (item.publishedAt ?? "").trim();
  if (!INSTANT.test(publishedAt) || Number.isNaN(Date.parse(publishedAt))) {
    problems.push("发布日期必须是带时区的时间（ISO 8601）");
  }

  const sourceUrl = (item.portalUrl ?? "").trim();
  if (!isHttpUrl(sourceUrl) || sourceUrl.length > L.urlMaxChars) problems.push("门户网址无效");

  let validity: DistrictUpsertRequest["validity"] = { status: "valid", repealedOn: null };
  if (item.validity?.status === "repealed") {
    const repealedOn = (item.validity.repealedOn ?? "").trim();
    if (!isCalendarDate(repealedOn)) problems.push("已废止的信息必须填写有效的废止日期（YYYY-MM-DD）");
    validity = { status: "repealed", repealedOn };
  } else if (item.validity?.status !== "valid") {
    problems.push("有效性必须是“有效”或“已废止”");
  }

  const bodyHtml = typeof item.bodyHtml === "string" ? item.bodyHtml : "";
  const bodyBytes = Buffer.byteLength(bodyHtml, "utf8");
  if (!bodyHtml.trim()) problems.push("正文不能为空");
  else if (bodyBytes > L.bodyHtmlMaxBytes) {
    problems.push(`正文过长：${formatMiB(bodyBytes)}，区系统上限为 ${formatMiB(L.bodyHtmlMaxBytes)}`);
  }

  const attachments: DistrictUpsertRequest["attachments"] = [];
  const list = Array.isArray(item.attachments) ? item.attachments : [];
  if (list.length > L.attachmentsMaxCount) {
    problems.push(`附件不能超过 ${L.attachmentsMaxCount} 个（现有 ${list.length} 个）`);
  }
  let totalBytes = 0;
  for (const a of list) {
    const label = `附件“${a.name}”`;
    const fileName = (a.name ?? "").trim();
    if (!fileName) {
      problems.push("附件文件名不能为空");
      continue;
    }
    if (charCount(fileName) > L.fileNameMaxChars || /[\\/\u0000-\u001f]/.test(fileName)) {
      problems.push(`${label}的文件名过长或含有不允许的字符`);
    }
    if (!MIME.test(a.mime ?? "")) problems.push(`${label}的文件类型无效`);
    if (!Number.isSafeInteger(a.size) || a.size < 0) {
      problems.push(`${label}的文件大小无效`);
      continue;
    }
    if (a.size > L.attachmentMaxBytes) {
      problems.push(`${label}过大：${formatMiB(a.size)}，单个附件上限为 ${formatMiB(L.attachmentMaxBytes)}`);
      continue;
    }
    totalBytes += a.size;
    const sha256 = (a.sha256 ?? "").toLowerCase();
    if (!SHA256.test(sha256)) {
      problems.push(`${label}缺少有效的校验值`);
      continue;
    }
    const content = options.attachmentContents.get(sha256);
    if (!content) {
      problems.push(`${label}的文件内容缺失，请重新上传`);
      continue;
    }
    // A mismatch means storage and database disagree: sending it would publish the wrong file.
    if (content.byteLength !== a.size || createHash("sha256").update(content).digest("hex") !== sha256) {
      problems.push(`${label}的文件内容与登记的大小或校验值不一致，请重新上传`);
      continue;
    }
    const attachmentUrl = (a.url ?? "").trim();
    attachments.push({
      fileName,
      mimeType: a.mime.toLowerCase(),
      size: a.size,
      sha256,
      contentBase64: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString("base64"),
      sourceUrl: isHttpUrl(attachmentUrl) ? attachmentUrl : null,
    });
  }
  if (totalBytes > L.attachmentsTotalMaxBytes) {
    problems.push(`附件总大小 ${formatMiB(totalBytes)} 超过区系统上限 ${formatMiB(L.attachmentsTotalMaxBytes)}`);
  }

  if (problems.length > 0) {
    throw new ChannelError({
      channel: DISTRICT_CHANNEL,
      code: "INVALID_PAYLOAD",
      permanent: true,
      message: `无法推送到区政府信息公开系统：${problems.join("；")}。`,
      vendor: { extra: { problems } },
    });
  }

  return {
    indexNo,
    version: item.version,
    // Derived, not random: a retried job sends the same key, so the district stores one copy.
    idempotencyKey: `${sourceId}:v${item.version}`,
    sourceId,
    title,
    summary,
    generatedDate,
    publishedAt,
    publisher,
    topic,
    category: { code: categoryCode, name: categoryName },
    documentNumber,
    validity,
    disclosureMethod,
    disclosureScope,
    bodyHtml,
    sourceUrl,
    changeNote,
    attachments,
  };
}
