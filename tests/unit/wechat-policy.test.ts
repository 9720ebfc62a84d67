import { describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import { formatBeijingMinute, nextBeijingMidnight, pauseNotice } from "../../lib/channels/pause";
import { weChatApiError, weChatTokenEndpointError } from "../../lib/channels/wechat/errors";
import { weChatPauseFor, weChatRetryState } from "../../lib/channels/wechat/policy";

describe("nextBeijingMidnight (WeChat quotas reset at 00:00 Beijing time)", () => {
  it("at 00:30 Beijing time resumes at the coming midnight, 23.5 hours later", () => {
    // 2026-12-06 00:30 +08:00 = 2026-12-05 16:30 UTC
    const now = new Date("2026-12-05T16:30:00Z");
    expect(nextBeijingMidnight(now).toISOString()).toBe("2026-12-06T16:00:00.000Z");
    expect(formatBeijingMinute(nextBeijingMidnight(now))).toBe("12月7日 00:00");
  });
  it("at 23:30 Beijing time resumes half an hour later, on the next Beijing day", () => {
    // 2026-12-06 23:30 +08:00 = 2026-12-06 15:30 UTC
    const now = new Date("2026-12-06T15:30:00Z");
    expect(nextBeijingMidnight(now).toISOString()).toBe("2026-12-06T16:00:00.000Z");
    expect(formatBeijingMinute(nextBeijingMidnight(now))).toBe("12月7日 00:00");
  });
  it("exactly at midnight waits for the next one", () => {
    expect(nextBeijingMidnight(new Date("2026-12-06T16:00:00Z")).toISOString()).toBe("2026-12-07T16:00:00.000Z");
  });
});

describe("weChatPauseFor", () => {
  const now = new Date("2026-12-06T15:30:00Z");
  it("pauses until midnight Beijing time on 45009", () => {
    const spec = weChatPauseFor(weChatApiError(45009, "reach max api daily quota limit", "cgi-bin/freepublish/get"), now);
    expect(spec).toMatchObject({ kind: "QUOTA", resumesAt: new Date("2026-12-06T16:00:00Z") });
    expect(pauseNotice("WECHAT", spec!)).toBe(
      "微信公众号推送已暂停：公众号接口今日调用次数已达上限（45009），为免继续消耗配额已暂停推送。将于 12月7日 00:00（北京时间）自动恢复，恢复后本条自动继续推送。",
    );
  });
  it.each([40001, 40125, 40013, 40164, 40243])("treats %i from the token endpoint as a configuration error waiting for a person", (code) => {
    const e = weChatTokenEndpointError(code, "x");
    expect(e).toMatchObject({ code: "CONFIGURATION", permanent: true });
    const spec = weChatPauseFor(e, now)!;
    expect(spec.kind).toBe("CONFIGURATION");
    expect(spec.resumesAt).toBeNull();
    expect(pauseNotice("WECHAT", spec)).toContain("等待管理员处理");
  });
  it("a 40001 from a normal API call is a stale token, not a pause", () => {
    expect(weChatPauseFor(weChatApiError(40001, "x", "cgi-bin/draft/add"), now)).toBeNull();
    expect(weChatPauseFor(weChatApiError(-1, "busy", "cgi-bin/draft/add"), now)).toBeNull();
    expect(weChatPauseFor(new ChannelError({ channel: "district", code: "CONFIGURATION", permanent: true, message: "x" }), now)).toBeNull();
  });
});

describe("weChatRetryState (a staff retry never starts a second publication while the first one's fate is unknown)", () => {
  it("keeps a publish_id without a final status: the retry polls it", () => {
    const state = { progress: { draftMediaId: "D", submitIntentAt: "t", publishId: "P" }, polls: 3 };
    expect(weChatRetryState(state)!.progress).toEqual(state.progress);
  });
  it("keeps a possible submit without publish_id: the retry looks it up", () => {
    const next = weChatRetryState({ progress: { draftMediaId: "D", submitIntentAt: "t" }, lookups: 4 })!;
    expect(next.progress).toEqual({ draftMediaId: "D", submitIntentAt: "t" });
    expect(next.lookups).toBeUndefined();
    expect(next.resubmitAfterLookup).toBeUndefined();
  });
  it("after the lookup window ended, allows a new submit only after one more lookup", () => {
    const next = weChatRetryState({ progress: { draftMediaId: "D", submitIntentAt: "t" }, lookups: 10, outcomeUnknown: true })!;
    expect(next.progress).toEqual({ draftMediaId: "D", submitIntentAt: "t" });
    expect(next.resubmitAfterLookup).toBe(true);
  });
  it.each([2, 3, 4, 5, 6])("starts again after final status %i (known not live)", (status) => {
    const next = weChatRetryState({ progress: { draftMediaId: "D", submitIntentAt: "t", publishId: "P", thumbMediaId: "T" }, publishStatus: status, draftDiscarded: status !== 5, polls: 2 })!;
    expect(next.progress).toEqual({ thumbMediaId: "T" });
    expect(next.publishStatus).toBeUndefined();
    expect(next.polls).toBeUndefined();
  });
});
