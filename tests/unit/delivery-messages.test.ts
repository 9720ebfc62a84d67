import { describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import { problemText, retryDelayMs } from "../../workers/channels/process-delivery";

/** The processor states the next step itself; the vendor clients' own "will retry" endings must go. */
describe("problemText", () => {
  const e = (message: string) => new ChannelError({ channel: "x", code: "TIMEOUT", permanent: false, message });
  it.each([
    ["区政府信息公开系统在 15 秒内未响应，系统将自动重试", "区政府信息公开系统在 15 秒内未响应"],
    ["区政府信息公开系统限制了请求频率，系统将稍后重试", "区政府信息公开系统限制了请求频率"],
    ["微信公众平台响应超时，稍后将自动重试", "微信公众平台响应超时"],
    ["微信公众平台返回了未知的发布状态，稍后将再次查询", "微信公众平台返回了未知的发布状态"],
    ["微信公众平台系统繁忙（-1）", "微信公众平台系统繁忙（-1）"],
    ["所选信息类别不存在，请刷新页面后重试。", "所选信息类别不存在，请刷新页面后重试"],
  ])("%s → %s", (input, expected) => {
    expect(problemText(e(input))).toBe(expected);
  });
  it("keeps advice to a person", () => {
    expect(problemText(e("公众号发布失败（平台常规失败），可在信息详情页点击“重试”重新发布"))).toBe("公众号发布失败（平台常规失败），可在信息详情页点击“重试”重新发布");
  });
});

describe("retryDelayMs", () => {
  it("doubles from the base and stops at the cap", () => {
    const settings = { backoffMs: 2_000, backoffMaxMs: 10 * 60_000 } as Parameters<typeof retryDelayMs>[0];
    expect([1, 2, 3, 8, 20].map((n) => retryDelayMs(settings, n))).toEqual([2_000, 4_000, 8_000, 256_000, 600_000]);
  });
});
