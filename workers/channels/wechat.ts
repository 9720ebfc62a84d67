import { generateDefaultCover } from "../../lib/channels/wechat/cover";
import { deleteArticle, pollPublish, publishArticle, type WeChatPublishProgress } from "../../lib/channels/wechat/deliver";
import { isWeChatErrcode, weChatError } from "../../lib/channels/wechat/errors";
import type { WeChatImageFile } from "../../lib/channels/wechat/client";
import { loadPublishedItemDTO } from "../../lib/channels/load-item";
import type { PublishedItemDTO } from "../../lib/channels/types";
import type { ChannelContext } from "./context";
import { hasUnsettledEarlierUpserts, type ChannelHandler, type DeliveryRow, type HandlerHelpers, type HandlerOutcome } from "./process-delivery";

/** What a WeChat delivery row keeps in `state` between runs. */
type WeChatState = {
  progress?: WeChatPublishProgress;
  /** Number of freepublish/get calls so far (the poll delay doubles with it). */
  polls?: number;
  warnings?: string[];
  /** Set once the draft was handed to freepublish/submit, before the answer is known. */
  submitStartedAt?: string;
  /** Lookups in the publication list after a lost submit answer. */
  recoveryLookups?: number;
  publishStatus?: number;
  /** On UPSERT rows whose article was later removed (revision or withdrawal). */
  deletedAt?: string;
  deletedArticles?: string[];
};

/** Lost-answer recovery: how many times to look for our article before giving up (it may still be publishing). */
const MAX_RECOVERY_LOOKUPS = 10;
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

/** Article ids this item already has on the account, from its other delivered UPSERT rows. */
async function otherArticles(ctx: ChannelContext, row: DeliveryRow) {
  const rows = await ctx.db.delivery.findMany({
    where: { itemId: row.itemId, channel: "WECHAT", action: "UPSERT", id: { not: row.id }, externalId: { not: null } },
    select: { id: true, externalId: true, state: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r, state: (r.state ?? {}) as WeChatState, articleId: r.externalId as string }));
}

/** Removes the articles of earlier versions (WeChat articles cannot be edited once published). */
async function deleteEarlierArticles(ctx: ChannelContext, row: DeliveryRow): Promise<string[]> {
  const deleted: string[] = [];
  for (const other of await otherArticles(ctx, row)) {
    if (other.state.deletedAt || other.createdAt > row.createdAt) continue;
    await deleteArticle(ctx.wechat, other.articleId);
    await ctx.db.delivery.update({
      where: { id: other.id },
      data: { state: { ...other.state, deletedAt: new Date().toISOString() } as object },
    });
    deleted.push(other.articleId);
  }
  return deleted;
}

/**
 * The answer to freepublish/submit was lost (timeout, a worker killed at the wrong moment). The
 * platform removes a submitted draft from the draft box, so a second submit answers 40007 instead
 * of publishing twice; the article is then found in the publication list by its source link.
 */
async function recoverLostSubmit(
  ctx: ChannelContext,
  row: DeliveryRow,
  item: PublishedItemDTO,
  state: WeChatState,
  helpers: HandlerHelpers,
): Promise<HandlerOutcome> {
  const known = new Set((await otherArticles(ctx, row)).map((o) => o.articleId));
  for (let offset = 0; offset < 100; offset += 20) {
    const page = await ctx.wechat.listPublished(offset, 20);
    for (const p of page.items) {
      const first = p.articles[0];
      if (!first || known.has(p.articleId) || first.contentSourceUrl !== item.portalUrl) continue;
      if (first.title !== item.title.trim()) continue;
      const deletedArticles = await deleteEarlierArticles(ctx, row);
      return {
        kind: "delivered",
        externalId: p.articleId,
        externalUrl: first.url,
        state: { ...state, publishStatus: 0, deletedArticles },
      };
    }
    if (offset + 20 >= page.totalCount) break;
  }
  const lookups = (state.recoveryLookups ?? 0) + 1;
  if (lookups >= MAX_RECOVERY_LOOKUPS) {
    throw weChatError({
      code: "UNEXPECTED_RESPONSE",
      permanent: true,
      message: "公众号发布结果未知：已提交发布但未收到平台应答，也未在发表记录中找到该文章。请在公众平台“发表记录”中核实后再决定是否重新发布",
    });
  }
  await helpers.saveState({ ...state, recoveryLookups: lookups });
  return { kind: "wait", delayMs: pollDelay(ctx, lookups) };
}

async function publish(ctx: ChannelContext, row: DeliveryRow, helpers: HandlerHelpers): Promise<HandlerOutcome> {
  const state = row.state as WeChatState;
  const item = await loadPublishedItemDTO(ctx.db, row.versionId, { baseUrl: ctx.publicBaseUrl });

  if (!state.progress?.publishId) {
    // Nothing is live yet: a newer version or a withdrawal makes this one pointless.
    if (helpers.superseded) return { kind: "skipped", reason: "已有更新的版本或已撤回，本版本不再发布到公众号" };
    if (state.submitStartedAt && state.progress?.draftMediaId) {
      // Our draft went to freepublish/submit and no publish_id came back. Submitting again is safe
      // (a published draft answers 40007), and finds out whether it was.
      try {
        const progress = { ...state.progress };
        const submitted = await ctx.wechat.submitPublish(progress.draftMediaId!);
        progress.publishId = submitted.publishId;
        await helpers.saveState({ ...state, progress });
        return { kind: "wait", delayMs: pollDelay(ctx, 1) };
      } catch (e) {
        if (isWeChatErrcode(e, 40007)) return recoverLostSubmit(ctx, row, item, state, helpers);
        throw e;
      }
    }
    const office = await officeName(ctx);
    let current: WeChatState = { ...state };
    const result = await publishArticle(
      ctx.wechat,
      item,
      { officeName: office, cover: { data: (await defaultCover(office, item.category.name)).data, contentType: "image/jpeg" } },
      {
        progress: state.progress,
        onProgress: async (progress) => {
          // Mark the submit as started the moment the draft exists: from here on a lost answer is
          // recovered, never resubmitted blindly.
          current = { ...current, progress, ...(progress.draftMediaId ? { submitStartedAt: current.submitStartedAt ?? new Date().toISOString() } : {}) };
          await helpers.saveState(current);
        },
      },
    );
    current = { ...current, warnings: result.warnings, polls: 0 };
    await helpers.saveState(current);
    return { kind: "wait", delayMs: pollDelay(ctx, 1) };
  }

  const polls = (state.polls ?? 0) + 1;
  const outcome = await pollPublish(ctx.wechat, state.progress.publishId);
  if (!outcome.final) {
    await helpers.saveState({ ...state, polls, publishStatus: outcome.status });
    return { kind: "wait", delayMs: pollDelay(ctx, polls + 1) };
  }
  if (outcome.error) {
    await helpers.saveState({ ...state, polls, publishStatus: outcome.status });
    throw outcome.error;
  }
  const deletedArticles = await deleteEarlierArticles(ctx, row);
  return {
    kind: "delivered",
    externalId: outcome.articleId,
    externalUrl: outcome.articleUrl,
    state: { ...state, polls, publishStatus: outcome.status, deletedArticles },
  };
}

async function withdraw(ctx: ChannelContext, row: DeliveryRow): Promise<HandlerOutcome> {
  if (await hasUnsettledEarlierUpserts(ctx, row)) return { kind: "wait", delayMs: WAIT_FOR_EARLIER_MS };
  const live = (await otherArticles(ctx, row)).filter((o) => !o.state.deletedAt);
  if (row.action === "TAKEDOWN") {
    // 紧急下架: no article link of this item stays shown (also of articles deleted earlier).
    const gone = (await otherArticles(ctx, row)).filter((o) => o.state.deletedAt).map((o) => o.id);
    if (gone.length) await ctx.db.delivery.updateMany({ where: { id: { in: gone } }, data: { externalUrl: null } });
  }
  if (live.length === 0) return { kind: "skipped", reason: "公众号上没有该信息的文章，无需删除" };
  const deleted: string[] = [];
  for (const other of live) {
    await deleteArticle(ctx.wechat, other.articleId);
    await ctx.db.delivery.update({
      where: { id: other.id },
      // 紧急下架 also removes the (now dead) article link from the item.
      data: { state: { ...other.state, deletedAt: new Date().toISOString() } as object, ...(row.action === "TAKEDOWN" ? { externalUrl: null } : {}) },
    });
    deleted.push(other.articleId);
  }
  return { kind: "delivered", externalId: deleted.join(","), state: { deletedArticles: deleted } };
}

/**
 * WeChat: uploads, draft/add and freepublish/submit (ids saved after every step), then polls
 * freepublish/get with delayed jobs until a final status. A revision publishes a new article and
 * deletes the previous one (published articles cannot be edited); a withdrawal deletes them all.
 */
export const handleWeChat: ChannelHandler = (ctx, row, helpers) =>
  row.action === "UPSERT" ? publish(ctx, row, helpers) : withdraw(ctx, row);
