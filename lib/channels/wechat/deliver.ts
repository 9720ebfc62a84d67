import { createHash } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { ChannelError } from "../errors";
import type { WeChatClient, WeChatImageFile, WeChatPublishStatusCode } from "./client";
import { generateDefaultCover } from "./cover";
import { ALREADY_GONE_ERRCODES, isWeChatErrcode, isWeChatRefusal, weChatError } from "./errors";
import { assertWeChatTitle, buildWeChatContent, toWeChatArticle, type WeChatItem } from "./to-wechat-article";

/**
 * The publishing steps a BullMQ processor calls. WeChat publishing is asynchronous:
 *   1. publishArticle: uploadimg for inline images → add_material (cover, reused by content hash)
 *      → draft/add → freepublish/submit. Returns publish_id. Each finished step is reported through
 *      onProgress so the processor can store the ids and, on a retry, pass them back in `progress`
 *      and skip work already done. Before submit it records `submitIntentAt`: from then on the
 *      publication may exist (a lost answer, a crash before saving), and publishArticle refuses to
 *      submit again — the caller must find out what became of it first (workers/channels/wechat.ts).
 *   2. pollPublish: freepublish/get until publish_status leaves 1 (schedule a delayed job in between;
 *      the PUBLISHJOBFINISH push is not reliable for every account, docs/channels.md).
 *   3. deleteArticle: freepublish/delete, to withdraw.
 */

const UPLOADIMG_MAX_BYTES = 1024 * 1024;
/** WeChat shows articles at 677 px (1080 px on large phones); larger images only cost bytes. */
const MAX_IMAGE_WIDTH = 1080;

export interface WeChatImageSource {
  data: Buffer;
  contentType?: string;
  filename?: string;
}

export interface WeChatPublishAssets {
  /**
   * Loads an image referenced by the item's HTML (absolute URL or data: URI); null when it cannot be
   * had. Defaults to decoding data: URIs and fetching http(s) URLs.
   */
  loadImage?: (src: string) => Promise<WeChatImageSource | null>;
  /** The item's cover image; when absent a default cover is generated. */
  cover?: WeChatImageSource | null;
  officeName?: string;
}

/** Ids of finished steps. Persist after every onProgress call and pass back on retry. */
export interface WeChatPublishProgress {
  /** Image source → uploadimg URL. */
  imageUrls?: Record<string, string>;
  /** Image sources that could not be re-hosted (removed from the article). */
  droppedImages?: string[];
  thumbMediaId?: string;
  draftMediaId?: string;
  /**
   * Saved BEFORE freepublish/submit is sent. Set without publishId: a submit may have happened
   * and its answer was lost; removed again only when the platform answered with an errcode
   * (a refusal, so nothing was published).
   */
  submitIntentAt?: string;
  publishId?: string;
}

/** Thrown by publishArticle when a submit may already have happened: reconcile, never resubmit. */
export class SubmitOutcomeUnknownError extends Error {
  constructor() {
    super("freepublish/submit may already have happened; find out what became of it before submitting again");
    this.name = "SubmitOutcomeUnknownError";
  }
}

export interface PublishArticleOptions {
  progress?: WeChatPublishProgress;
  onProgress?: (progress: WeChatPublishProgress) => void | Promise<void>;
  /** Timeout for loading one image with the default loader. */
  imageFetchTimeoutMs?: number;
}

export interface PublishArticleResult {
  publishId: string;
  /** The draft's media_id. */
  mediaId: string;
  thumbMediaId: string;
  imageUrls: Record<string, string>;
  /** zh-CN notes for staff (images removed, default cover used…). */
  warnings: string[];
}

export async function publishArticle(
  client: WeChatClient,
  item: WeChatItem,
  assets: WeChatPublishAssets = {},
  options: PublishArticleOptions = {},
): Promise<PublishArticleResult> {
  const progress: WeChatPublishProgress = structuredClone(options.progress ?? {});
  const warnings: string[] = [];
  const save = async () => {
    await options.onProgress?.(structuredClone(progress));
  };
  const loadImage = assets.loadImage ?? ((src: string) => defaultLoadImage(src, options.imageFetchTimeoutMs ?? 15_000));

  // Fail before spending any upload on an item draft/add would refuse anyway.
  assertWeChatTitle(item);

  if (!progress.draftMediaId) {
    const content = buildWeChatContent(item, { officeName: assets.officeName });
    progress.imageUrls ??= {};
    progress.droppedImages ??= [];
    for (const src of content.imageSources) {
      if (progress.imageUrls[src] || progress.droppedImages.includes(src)) continue;
      const url = await reHostImage(client, src, loadImage);
      if (url) progress.imageUrls[src] = url;
      else progress.droppedImages.push(src);
      await save();
    }
    if (progress.droppedImages.length > 0) {
      warnings.push(`正文中有${progress.droppedImages.length}张图片无法上传到公众号（格式不支持、过大或无法读取），已从公众号文章中移除`);
    }

    if (!progress.thumbMediaId) {
      progress.thumbMediaId = (await uploadCover(client, item, assets, warnings)).mediaId;
      await save();
    }

    const draftOf = (thumbMediaId: string) =>
      toWeChatArticle(item, { content: content.withImages(progress.imageUrls ?? {}), thumbMediaId, officeName: assets.officeName });
    try {
      progress.draftMediaId = (await client.addDraft([draftOf(progress.thumbMediaId)])).mediaId;
    } catch (e) {
      // The cover is gone (deleted in 公众平台, or a cached id from another account state): 40007
      // invalid media_id. Forget it and upload it once more.
      if (!isWeChatErrcode(e, 40007)) throw e;
      await client.materials.forgetMediaId(progress.thumbMediaId);
      progress.thumbMediaId = (await uploadCover(client, item, assets, warnings)).mediaId;
      await save();
      progress.draftMediaId = (await client.addDraft([draftOf(progress.thumbMediaId)])).mediaId;
    }
    await save();
  }

  if (!progress.publishId) {
    if (progress.submitIntentAt) throw new SubmitOutcomeUnknownError();
    progress.submitIntentAt = new Date().toISOString();
    await save();
    try {
      progress.publishId = (await client.submitPublish(progress.draftMediaId)).publishId;
    } catch (e) {
      // An errcode is the platform refusing the task: nothing was published, submitting later is
      // safe. A timeout, a reset connection or a 5xx says nothing about whether it was carried out.
      if (isWeChatRefusal(e)) {
        delete progress.submitIntentAt;
        await save();
      }
      throw e;
    }
    await save();
  }

  return {
    publishId: progress.publishId,
    mediaId: progress.draftMediaId,
    thumbMediaId: progress.thumbMediaId ?? "",
    imageUrls: progress.imageUrls ?? {},
    warnings,
  };
}

/** Uploads one inline image; null when it cannot be re-hosted (the image is then removed). */
async function reHostImage(
  client: WeChatClient,
  src: string,
  loadImage: (src: string) => Promise<WeChatImageSource | null>,
): Promise<string | null> {
  const loaded = await loadImage(src).catch(() => null);
  if (!loaded) return null;
  const file = await normalizeImage(loaded, UPLOADIMG_MAX_BYTES, "image");
  if (!file) return null;
  try {
    return (await client.uploadImg(file)).url;
  } catch (e) {
    // Bad type / too large concerns this image only; anything else (token, quota, IP) stops the item.
    if (isWeChatErrcode(e, 40005, 40009)) return null;
    throw e;
  }
}

interface UploadedCover {
  mediaId: string;
  sha256: string;
  fromCache: boolean;
}

/**
 * The cover as permanent material. A permanent media_id stays valid, so the same picture (the
 * office's default cover) is uploaded once per account and reused by its content hash: each
 * add_material counts against the daily quota and fills the material library.
 */
async function addCoverMaterial(client: WeChatClient, file: WeChatImageFile): Promise<UploadedCover> {
  const sha256 = createHash("sha256").update(file.data).digest("hex");
  const cached = await client.materials.get(sha256);
  if (cached) return { mediaId: cached, sha256, fromCache: true };
  // Jobs of this process that need the same cover at the same moment share one upload.
  const key = `${client.appId}:${sha256}`;
  let upload = coverUploads.get(key);
  if (!upload) {
    upload = (async () => {
      const { mediaId } = await client.addMaterial("image", file);
      await client.materials.set(sha256, mediaId);
      return mediaId;
    })().finally(() => coverUploads.delete(key));
    coverUploads.set(key, upload);
  }
  return { mediaId: await upload, sha256, fromCache: false };
}

const coverUploads = new Map<string, Promise<string>>();

async function uploadCover(
  client: WeChatClient,
  item: WeChatItem,
  assets: WeChatPublishAssets,
  warnings: string[],
): Promise<UploadedCover> {
  // draft/add needs a permanent media_id for the cover; "image" material takes png/jpg up to 10 MB.
  if (assets.cover) {
    const file = await normalizeImage(assets.cover, UPLOADIMG_MAX_BYTES, "cover");
    if (file) {
      try {
        return await addCoverMaterial(client, file);
      } catch (e) {
        if (!isWeChatErrcode(e, 40005, 40009)) throw e;
      }
    }
    warnings.push("封面图片无法上传到公众号，已改用默认封面");
  }
  const cover = await generateDefaultCover({ officeName: assets.officeName, category: item.category?.name });
  return addCoverMaterial(client, cover);
}

/**
 * Returns a JPEG or PNG under maxBytes (uploadimg accepts only jpg/png < 1 MB), converting and
 * shrinking when needed; null when the data is not a readable image.
 */
export async function normalizeImage(
  source: WeChatImageSource,
  maxBytes: number,
  baseName: string,
): Promise<WeChatImageFile | null> {
  let meta: Metadata;
  try {
    meta = await sharp(source.data).metadata();
  } catch {
    return null;
  }
  const isJpeg = meta.format === "jpeg";
  const isPng = meta.format === "png";
  if ((isJpeg || isPng) && source.data.length < maxBytes && (meta.width ?? 0) <= MAX_IMAGE_WIDTH * 2) {
    return {
      data: source.data,
      contentType: isJpeg ? "image/jpeg" : "image/png",
      filename: `${baseName}.${isJpeg ? "jpg" : "png"}`,
    };
  }
  // Transparency is flattened onto white: WeChat shows article images on white.
  for (const [width, quality] of [
    [MAX_IMAGE_WIDTH, 85],
    [MAX_IMAGE_WIDTH, 70],
    [800, 70],
    [600, 60],
  ] as const) {
    try {
      const data = await sharp(source.data, { animated: false })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer();
      if (data.length < maxBytes) return { data, contentType: "image/jpeg", filename: `${baseName}.jpg` };
    } catch {
      return null;
    }
  }
  return null;
}

async function defaultLoadImage(src: string, timeoutMs: number): Promise<WeChatImageSource | null> {
  const dataUri = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is.exec(src);
  if (dataUri) return { data: Buffer.from(dataUri[2], "base64"), contentType: dataUri[1] };
  if (!/^https?:/i.test(src)) return null;
  const res = await fetch(src, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) return null;
  return { data: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? undefined };
}

export type WeChatPublishOutcome = "publishing" | "published" | "failed" | "deleted" | "banned";

export interface PollPublishResult {
  /** false: still publishing (status 1) — poll again later with a delayed job. */
  final: boolean;
  outcome: WeChatPublishOutcome;
  status: WeChatPublishStatusCode;
  articleId: string | null;
  articleUrl: string | null;
  /** Set for statuses 2, 3, 4, 5 and 6: a permanent ChannelError with the zh-CN reason. */
  error?: ChannelError;
}

const FAILURES: Record<2 | 3 | 4 | 5 | 6, { outcome: WeChatPublishOutcome; message: string }> = {
  2: { outcome: "failed", message: "公众号发布失败：原创校验未通过，请修改后重新发布" },
  3: { outcome: "failed", message: "公众号发布失败（平台常规失败），可在信息详情页点击“重试”重新发布" },
  4: { outcome: "failed", message: "公众号发布失败：平台审核不通过，请检查内容后重新发布" },
  5: { outcome: "deleted", message: "公众号文章发布成功后已被删除" },
  6: { outcome: "banned", message: "公众号文章发布成功后被平台封禁" },
};

export async function pollPublish(client: WeChatClient, publishId: string): Promise<PollPublishResult> {
  const s = await client.getPublishStatus(publishId);
  const base = { status: s.status, articleId: s.articleId, articleUrl: s.articleUrl };
  if (s.status === 1) return { ...base, final: false, outcome: "publishing" };
  if (s.status === 0) return { ...base, final: true, outcome: "published" };
  const failure = FAILURES[s.status];
  return {
    ...base,
    final: true,
    outcome: failure.outcome,
    error: weChatError({
      code: "REJECTED",
      permanent: true,
      message: failure.message,
      vendor: { code: `publish_status_${s.status}`, extra: { publishId, failIdx: s.failIdx } },
    }),
  };
}

/**
 * Withdraws a published article (irreversible). Idempotent: an "already gone" answer (53600
 * invalid article_id, 40007 invalid media_id) for an id we stored ourselves means the article is
 * not on the account any more, so it counts as deleted (`alreadyGone` says which it was).
 */
export async function deleteArticle(
  client: WeChatClient,
  articleId: string,
  index = 0,
): Promise<{ deleted: true; alreadyGone: boolean }> {
  try {
    await client.deletePublished(articleId, index);
    return { deleted: true, alreadyGone: false };
  } catch (e) {
    if (isWeChatErrcode(e, ...ALREADY_GONE_ERRCODES)) return { deleted: true, alreadyGone: true };
    throw e;
  }
}

/** Removes a draft that will not be published; a draft already gone counts as removed. */
export async function discardDraft(client: WeChatClient, mediaId: string): Promise<{ alreadyGone: boolean }> {
  try {
    await client.deleteDraft(mediaId);
    return { alreadyGone: false };
  } catch (e) {
    if (isWeChatErrcode(e, 40007)) return { alreadyGone: true };
    throw e;
  }
}
