import { isChannelError } from "../../lib/channels/errors";
import { toDistrictPayload } from "../../lib/channels/district/to-district-payload";
import { loadPublishedItemDTO } from "../../lib/channels/load-item";
import type { ChannelContext } from "./context";
import { hasUnsettledEarlierUpserts, type ChannelHandler } from "./process-delivery";

/** 紧急下架: the district page shows the withdrawal notice with this reason, never the content. */
async function takedownReason(ctx: ChannelContext, itemId: string): Promise<string> {
  const item = await ctx.db.item.findUnique({ where: { id: itemId }, select: { takenDownReason: true } });
  return `紧急下架：${item?.takenDownReason?.trim() || "内容不宜公开"}`.slice(0, 500);
}

/** How long a withdrawal waits for an earlier publication of the same item to settle. */
const WAIT_FOR_EARLIER_MS = 2_000;

/**
 * District disclosure system: upserts are idempotent by 索引号 + version (a retried job after a
 * lost answer gets "unchanged"), so retrying after a timeout never stores a second copy.
 */
export const handleDistrict: ChannelHandler = async (ctx, row, helpers) => {
  const item = await loadPublishedItemDTO(ctx.db, row.versionId, { baseUrl: ctx.publicBaseUrl });

  if (row.action === "UPSERT") {
    if (helpers.superseded) return { kind: "skipped", reason: "已有更新的版本或已撤回，本版本不再推送" };
    const contents = new Map<string, Uint8Array>();
    for (const a of item.attachments) {
      const data = await ctx.storage.get(a.sha256);
      if (data) contents.set(a.sha256, data);
    }
    const payload = toDistrictPayload(item, { attachmentContents: contents });
    try {
      const result = await ctx.district.upsertItem(payload);
      return {
        kind: "delivered",
        externalId: result.externalId,
        externalUrl: result.publicUrl,
        state: { outcome: result.outcome, version: result.version, status: result.status },
      };
    } catch (e) {
      // A newer version got there first (two revisions in quick succession): nothing to do.
      if (isChannelError(e) && e.code === "CONFLICT" && e.vendor?.code === "STALE_VERSION") {
        return { kind: "skipped", reason: "区系统已有更新的版本，本版本不再推送" };
      }
      throw e;
    }
  }

  // Withdrawing before an earlier publication has landed would leave it published afterwards.
  if (await hasUnsettledEarlierUpserts(ctx, row)) return { kind: "wait", delayMs: WAIT_FOR_EARLIER_MS };
  const reason = row.action === "TAKEDOWN" ? await takedownReason(ctx, row.itemId) : item.withdrawnReason?.trim() || "信息已撤回";
  try {
    const result = await ctx.district.withdrawItem({ indexNo: item.indexNo, reason });
    return {
      kind: "delivered",
      externalId: result.externalId,
      externalUrl: result.publicUrl,
      state: { outcome: result.outcome, status: result.status },
    };
  } catch (e) {
    if (isChannelError(e) && e.code === "NOT_FOUND") {
      return { kind: "skipped", reason: "区系统中没有该信息，无需撤回" };
    }
    throw e;
  }
};
