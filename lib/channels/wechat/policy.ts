import { ChannelError } from "../errors";
import { nextBeijingMidnight, type PauseSpec } from "../pause";
import { WECHAT_CHANNEL } from "./errors";

/**
 * Which WeChat answers concern the whole account (pause the channel rather than fail one item),
 * and what a staff retry of a failed WeChat delivery may reuse. Framework-free, unit-tested.
 */

/** The publish_status values after which the publication's fate is known (it did not stay live). */
const FINAL_NOT_LIVE = new Set([2, 3, 4, 5, 6]);

export function weChatPauseFor(e: unknown, now: Date): PauseSpec | null {
  if (!(e instanceof ChannelError) || e.channel !== WECHAT_CHANNEL) return null;
  if (e.code === "QUOTA_EXCEEDED") {
    // Daily quotas reset at midnight Beijing time. Each further call would only be refused again.
    return {
      kind: "QUOTA",
      reason: "公众号接口今日调用次数已达上限（45009），为免继续消耗配额已暂停推送",
      vendorCode: e.vendor?.code ?? 45009,
      resumesAt: nextBeijingMidnight(now),
    };
  }
  if (e.code === "CONFIGURATION") {
    return { kind: "CONFIGURATION", reason: e.message.replace(/[。.]$/u, ""), vendorCode: e.vendor?.code ?? null, resumesAt: null };
  }
  return null;
}

type State = Record<string, unknown> & { progress?: Record<string, unknown> };

/**
 * The state a staff retry starts from. The rule: never a second publication of a version while the
 * first one's fate is unknown.
 *  - publish_id known and a final status that is not live (2 originality, 3 failed, 4 rejected,
 *    5 deleted, 6 banned): the fate is known, a new draft and submit may start (uploads are kept).
 *  - publish_id known, no final status: poll it again.
 *  - submit may have happened, no publish_id: look the article up again. Only when the lookup window
 *    had already ended without a find (staff were told to check 公众平台 first) does the retry
 *    submit again — and still only after one more lookup finds nothing.
 */
export function weChatRetryState(state: State | null): State | null {
  if (!state) return state;
  const progress = { ...(state.progress ?? {}) };
  const { lookups: _l, outcomeUnknown, resubmitAfterLookup: _r, ...rest } = state;
  const status = typeof state.publishStatus === "number" ? state.publishStatus : null;
  if (progress.publishId && status !== null && FINAL_NOT_LIVE.has(status)) {
    // A new draft: the old one was discarded, or was refused as it is.
    delete progress.publishId;
    delete progress.submitIntentAt;
    delete progress.draftMediaId;
    const { publishStatus: _s, draftDiscarded: _d, polls: _p, ...clean } = rest;
    return { ...clean, progress };
  }
  if (!progress.publishId && progress.submitIntentAt && outcomeUnknown) {
    return { ...rest, progress, resubmitAfterLookup: true };
  }
  return { ...rest, progress };
}
