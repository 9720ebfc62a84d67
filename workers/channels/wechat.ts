import { generateDefaultCover } from "../../lib/channels/wechat/cover";
import {
  deleteArticle,
  discardDraft,
  pollPublish,
  publishArticle,
  type WeChatPublishProgress,
} from "../../lib/channels/wechat/deliver";
import { weChatError } from "../../lib/channels/wechat/errors";
import type { WeChatImageFile } from "../../lib/channels/wechat/client";
import { findPublishedArticle } from "../../lib/channels/wechat/reconcile";
import { toWeChatArticle } from "../../lib/channels/wechat/to-wechat-article";
import { loadPublishedItemDTO } from "../../lib/channels/load-item";
import type { PublishedItemDTO } from "../../lib/channels/types";
import type { ChannelContext } from "./context";
import { hasUnsettledEarlierUpserts, type ChannelHandler, type DeliveryRow, type HandlerHelpers, type HandlerOutcome } from "./process-delivery";

/** What a WeChat delivery row keeps in `state` between runs. */
type WeChatState = {
  progress?: WeChatPublishProgress;
  /** freepublish/get calls so far (shown apart from failed attempts; the poll delay doubles with it). */
  polls?: number;
  /** freepublish/batchget lookups since a submit's answer was lost. */
  lookups?: number;
  warnings?: string[];
  publishStatus?: number;
  /** The lookup window ended without finding the article: waiting for a person. */
  outcomeUnknown?: boolean;
  /** Staff retried after outcomeUnknown: one more lookup, then the same draft may be submitted again. */
  resubmitAfterLookup?: boolean;
  /** How the article was found after a lost answer. */
  reconciled?: "found";
  /** The draft was removed from the draft box (it will not be published). */
  draftDiscarded?: boolean;
  /** Older rows: set when the draft existed, before submit (treated as a possible submit). */
  submitStartedAt?: string;
  /** On UPSERT rows whose article was later removed (revision or withdrawal). */
  deletedAt?: string;
  /** The platform answered "no such article" to the delete: it was already gone. */
  deleteAnswer?: "deleted" | "already-gone";
  deletedArticles?: string[];
  alreadyGoneArticles?: string[];
};

/** Lost-answer recovery: lookups before asking a person (the publication may still be in progress). */
const MAX_LOOKUPS = 10;
const WAIT_FOR_EARLIER_MS = 2_000;

const coverCache = new Map<string, Promise<WeChatImageFile>>();

/** The default cover depends only on the office and the category: render it once per process. */
function defaultCover(officeName: string, category: string): Promise<WeChatImageFile> {
  const key = `${officeName}\u0000${category}`;
  let cover = coverCache.get(key);
  if (!cover) {
    cover = generateDefaultCover({ officeName, category });
    cover.catch(() => coverCache.delete(key));
    coverCache.set(key, cover);
  }
  return cover;
}

async function officeName(ctx: ChannelContext): Promise<string> {
  const org = await ctx.db.organisation.findFirst({ orderBy: { createdAt: "asc" }, select: { name: true } });
  return org?.name ?? "四宝山街道办事处";
}

function pollDelay(ctx: ChannelContext, polls: number): number {
  return Math.min(ctx.settings.pollDelayMs * 2 ** Math.max(0, polls - 1), ctx.settings.pollMaxDelayMs);
}

/** Lookups after a lost answer: doubling for five rounds, then steady (≈6 minutes in all with the defaults). */
function lookupDelay(ctx: ChannelContext, lookups: number): number {
  return Math.min(ctx.settings.pollDelayMs * 2 ** Math.min(Math.max(0, lookups - 1), 5), ctx.settings.pollMaxDelayMs);
}

/** Article ids this item already has on the account, from its other delivered UPSERT rows. */
async function otherArticles(ctx: ChannelContext, row: DeliveryRow) {
  const rows = await ctx.db.delivery.findMany({
    where: { itemId: row.itemId, channel: "WECHAT", action: "UPSERT", id: { not: row.id }, externalId: { not: null } },
    select: { id: true, externalId: true, state: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r, state: (r.state ?? {}) as WeChatState, articleId: r.externalId as string }));
}

/** Deletes one article and records on its UPSERT row that it is gone (and how the platform answered). */
async function removeArticle(ctx: ChannelContext, rowId: string, state: WeChatState, articleId: string): Promise<boolean> {
  const { alreadyGone } = await deleteArticle(ctx.wechat, articleId);
  await ctx.db.delivery.update({
    where: { id: rowId },
    data: { state: { ...state, deletedAt: new Date().toISOString(), deleteAnswer: alreadyGone ? "already-gone" : "deleted" } as object },
  });
  return alreadyGone;
}

/** Removes the articles of earlier versions (WeChat articles cannot be edited once published). */
async function deleteEarlierArticles(ctx: ChannelContext, row: DeliveryRow): Promise<string[]> {
  const deleted: string[] = [];
  for (const other of await otherArticles(ctx, row)) {
    if (other.state.deletedAt || other.createdAt > row.createdAt) continue;
    await removeArticle(ctx, other.id, other.state, other.articleId);
    deleted.push(other.articleId);
  }
  return deleted;
}

/** The article is live: retire older versions' articles — or this one, if a newer version or a withdrawal came meanwhile. */
async function settlePublished(
  ctx: ChannelContext,
  row: DeliveryRow,
  helpers: HandlerHelpers,
  state: WeChatState,
  article: { articleId: string; url: string | null },
): Promise<HandlerOutcome> {
  const deletedArticles = await deleteEarlierArticles(ctx, row);
  let final: WeChatState = { ...state, deletedArticles };
  if (helpers.superseded && (await isRevisedOrWithdrawn(ctx, row))) {
    helpers.step?.("删除已被取代的公众号文章");
    const { alreadyGone } = await deleteArticle(ctx.wechat, article.articleId);
    final = { ...final, deletedAt: new Date().toISOString(), deleteAnswer: alreadyGone ? "already-gone" : "deleted" };
  }
  return { kind: "delivered", externalId: article.articleId, externalUrl: article.url, state: final };
}

/** A newer version already delivered (it will not come back for this article) or a withdrawal of the item. */
async function isRevisedOrWithdrawn(ctx: ChannelContext, row: DeliveryRow): Promise<boolean> {
  const newer = await ctx.db.delivery.findFirst({
    where: {
      itemId: row.itemId,
      channel: "WECHAT",
      id: { not: row.id },
      OR: [
        { action: "UPSERT", status: { in: ["DELIVERED", "SKIPPED", "FAILED"] }, version: { number: { gt: row.versionNo } } },
        { action: "DELETE", createdAt: { gt: row.createdAt } },
      ],
    },
    select: { id: true },
  });
  return newer !== null;
}

function fingerprintOf(item: PublishedItemDTO, office: string) {
  const article = toWeChatArticle(item, { content: "", thumbMediaId: "", officeName: office });
  return { title: article.title, digest: article.digest, contentSourceUrl: article.content_source_url };
}

/**
 * A submit may have happened and no publish_id was saved. Find the publication before anything
 * else; never submit again while its fate is unknown.
 */
async function reconcile(
  ctx: ChannelContext,
  row: DeliveryRow,
  item: PublishedItemDTO,
  state: WeChatState & { progress: WeChatPublishProgress & { submitIntentAt: string } },
  helpers: HandlerHelpers,
): Promise<HandlerOutcome> {
  helpers.step?.("核实公众号发布结果");
  const exclude = new Set((await otherArticles(ctx, row)).map((o) => o.articleId));
  const found = await findPublishedArticle(ctx.wechat, fingerprintOf(item, await officeName(ctx)), {
    since: new Date(state.progress.submitIntentAt),
    exclude,
  });
  const lookups = (state.lookups ?? 0) + 1;
  if (found) {
    const { outcomeUnknown: _o, resubmitAfterLookup: _r, ...rest } = state;
    return settlePublished(ctx, row, helpers, { ...rest, lookups, publishStatus: 0, reconciled: "found" }, found);
  }
  if (state.resubmitAfterLookup) {
    // Staff checked 公众平台 and asked again; this lookup confirms nothing is there.
    const progress = { ...state.progress } as WeChatPublishProgress;
    delete progress.submitIntentAt;
    const { resubmitAfterLookup: _r, outcomeUnknown: _o, ...rest } = state;
    const next: WeChatState = { ...rest, lookups, progress };
    await helpers.saveState(next);
    return submit(ctx, row, item, next, helpers);
  }
  if (lookups >= MAX_LOOKUPS) {
    await helpers.saveState({ ...state, lookups, outcomeUnknown: true });
    throw weChatError({
      code: "UNEXPECTED_RESPONSE",
      permanent: true,
      message:
        "发布结果未知：已向公众号提交发布，但未收到平台应答，多次查询“发表记录”也未找到该文章（可能仍在发布中，或平台未受理）。" +
        "请在微信公众平台“发表记录”中核实：如已有该文章，无需操作，点击“重试”后系统会找到并记录它；如确实没有，点击“重试”，系统再查一次仍未找到时重新提交",
    });
  }
  await helpers.saveState({ ...state, lookups });
  return { kind: "wait", delayMs: lookupDelay(ctx, lookups) };
}

/** Uploads, draft/add and freepublish/submit, saving every id (and the submit intent) as it goes. */
async function submit(ctx: ChannelContext, row: DeliveryRow, item: PublishedItemDTO, state: WeChatState, helpers: HandlerHelpers): Promise<HandlerOutcome> {
  const office = await officeName(ctx);
  let current: WeChatState = { ...state };
  helpers.step?.(state.progress?.draftMediaId ? "提交公众号发布" : "上传素材并创建公众号草稿");
  const result = await publishArticle(
    ctx.wechat,
    item,
    { officeName: office, cover: { data: (await defaultCover(office, item.category.name)).data, contentType: "image/jpeg" } },
    {
      progress: state.progress,
      onProgress: async (progress) => {
        if (progress.draftMediaId) helpers.step?.("提交公众号发布");
        current = { ...current, progress };
        await helpers.saveState(current);
      },
    },
  );
  current = { ...current, warnings: result.warnings };
  await helpers.saveState(current);
  return { kind: "wait", delayMs: pollDelay(ctx, (state.polls ?? 0) + 1) };
}

async function poll(ctx: ChannelContext, row: DeliveryRow, state: WeChatState & { progress: { publishId: string } }, helpers: HandlerHelpers) {
  helpers.step?.("查询公众号发布结果");
  const polls = (state.polls ?? 0) + 1;
  const outcome = await pollPublish(ctx.wechat, state.progress.publishId);
  if (!outcome.final) {
    await helpers.saveState({ ...state, polls, publishStatus: outcome.status });
    return { kind: "wait" as const, delayMs: pollDelay(ctx, polls + 1) };
  }
  if (outcome.error) {
    let next: WeChatState = { ...state, polls, publishStatus: outcome.status };
    // A draft that failed to publish will not be published as it is: out of the draft box.
    if (outcome.status >= 2 && outcome.status <= 4 && state.progress.draftMediaId) {
      try {
        await discardDraft(ctx.wechat, state.progress.draftMediaId);
        next = { ...next, draftDiscarded: true };
      } catch (e) {
        ctx.log(`could not delete WeChat draft ${state.progress.draftMediaId}: ${(e as Error).message}`);
      }
    }
    await helpers.saveState(next);
    throw outcome.error;
  }
  return settlePublished(ctx, row, helpers, { ...state, polls, publishStatus: outcome.status }, {
    articleId: outcome.articleId ?? "",
    url: outcome.articleUrl,
  });
}

async function publish(ctx: ChannelContext, row: DeliveryRow, helpers: HandlerHelpers): Promise<HandlerOutcome> {
  const state = { ...(row.state as WeChatState) };
  const progress: WeChatPublishProgress = { ...(state.progress ?? {}) };
  // Rows written before submitIntentAt existed: a draft with submitStartedAt may have been submitted.
  if (!progress.publishId && !progress.submitIntentAt && state.submitStartedAt && progress.draftMediaId) {
    progress.submitIntentAt = state.submitStartedAt;
  }
  state.progress = progress;
  if (progress.publishId) return poll(ctx, row, { ...state, progress: { ...progress, publishId: progress.publishId } }, helpers);

  const item = await loadPublishedItemDTO(ctx.db, row.versionId, { baseUrl: ctx.publicBaseUrl });
  if (progress.submitIntentAt) {
    return reconcile(ctx, row, item, { ...state, progress: { ...progress, submitIntentAt: progress.submitIntentAt } }, helpers);
  }
  if (helpers.superseded) {
    // Nothing was submitted: a newer version or a withdrawal makes this one pointless.
    let draftDiscarded = false;
    if (progress.draftMediaId) {
      helpers.step?.("删除不再发布的公众号草稿");
      await discardDraft(ctx.wechat, progress.draftMediaId);
      draftDiscarded = true;
    }
    return { kind: "skipped", reason: "已有更新的版本或已撤回，本版本不再发布到公众号", state: { ...state, draftDiscarded } };
  }
  return submit(ctx, row, item, state, helpers);
}

/**
 * A failed UPSERT whose publication may nevertheless be live (its fate was never learned): a
 * withdrawal must find it too. Returns its article id, or null.
 */
async function articleOfUnsettled(ctx: ChannelContext, row: { id: string; versionId: string; state: WeChatState }): Promise<string | null> {
  const progress = row.state.progress ?? {};
  if (progress.publishId) {
    const status = await ctx.wechat.getPublishStatus(progress.publishId);
    return status.status === 0 ? status.articleId : null;
  }
  if (!progress.submitIntentAt) return null;
  const item = await loadPublishedItemDTO(ctx.db, row.versionId, { baseUrl: ctx.publicBaseUrl });
  const found = await findPublishedArticle(ctx.wechat, fingerprintOf(item, await officeName(ctx)), {
    since: new Date(progress.submitIntentAt),
    exclude: new Set(),
  });
  return found?.articleId ?? null;
}

async function withdraw(ctx: ChannelContext, row: DeliveryRow, helpers: HandlerHelpers): Promise<HandlerOutcome> {
  if (await hasUnsettledEarlierUpserts(ctx, row)) return { kind: "wait", delayMs: WAIT_FOR_EARLIER_MS };
  if (row.action === "TAKEDOWN") {
    // 紧急下架: no article link of this item stays shown on the item (deleted now or earlier).
    await ctx.db.delivery.updateMany({ where: { itemId: row.itemId, channel: "WECHAT", action: "UPSERT" }, data: { externalUrl: null } });
  }
  helpers.step?.("删除公众号文章");
  const live = (await otherArticles(ctx, row)).filter((o) => !o.state.deletedAt);
  const failed = await ctx.db.delivery.findMany({
    where: { itemId: row.itemId, channel: "WECHAT", action: "UPSERT", status: "FAILED", externalId: null, createdAt: { lte: row.createdAt } },
    select: { id: true, versionId: true, state: true },
  });
  for (const f of failed) {
    const state = (f.state ?? {}) as WeChatState;
    // Already gone, or a final status that was never live (2/3/4): nothing to look for.
    if (state.deletedAt || (typeof state.publishStatus === "number" && state.publishStatus >= 2)) continue;
    const articleId = await articleOfUnsettled(ctx, { ...f, state });
    if (articleId) live.push({ id: f.id, externalId: articleId, state, createdAt: row.createdAt, articleId });
  }
  if (live.length === 0) return { kind: "skipped", reason: "公众号上没有该信息的文章，无需删除" };
  const deleted: string[] = [];
  const alreadyGone: string[] = [];
  for (const other of live) {
    if (await removeArticle(ctx, other.id, other.state, other.articleId)) alreadyGone.push(other.articleId);
    else deleted.push(other.articleId);
  }
  return {
    kind: "delivered",
    externalId: [...deleted, ...alreadyGone].join(","),
    state: { deletedArticles: [...deleted, ...alreadyGone], alreadyGoneArticles: alreadyGone },
  };
}

/**
 * WeChat: uploads, draft/add and freepublish/submit (ids saved after every step, the submit intent
 * before the call), then polls freepublish/get with delayed jobs until a final status. A submit
 * whose answer was lost is looked up, never repeated. A revision publishes a new article and
 * deletes the previous one (published articles cannot be edited); a withdrawal deletes them all.
 */
export const handleWeChat: ChannelHandler = (ctx, row, helpers) =>
  row.action === "UPSERT" ? publish(ctx, row, helpers) : withdraw(ctx, row, helpers);
