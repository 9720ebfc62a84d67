import { ChannelError, type ChannelErrorCode } from "../errors";

export const WECHAT_CHANNEL = "wechat";

/** Token rejected by the platform: refresh centrally once, then retry the call once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * Account-level configuration problems: every call will keep failing until staff fix the account
 * (IP whitelist, AppID/AppSecret), so these stop delivery and are cached briefly by the token store
 * to avoid a retry storm against the platform.
 */
export const CONFIG_ERRCODES: ReadonlySet<number> = new Set([40013, 40125, 40164, 40243, 48001]);

interface Classification {
  code: ChannelErrorCode;
  permanent: boolean;
  message: string;
}

const KNOWN: Record<number, Classification> = {
  [-1]: { code: "UNAVAILABLE", permanent: false, message: "微信公众平台系统繁忙（-1）" },
  40001: {
    code: "AUTH_FAILED",
    permanent: false,
    message: "公众号 access_token 无效，刷新后重试仍失败",
  },
  40014: {
    code: "AUTH_FAILED",
    permanent: false,
    message: "公众号 access_token 不合法，刷新后重试仍失败",
  },
  42001: {
    code: "AUTH_FAILED",
    permanent: false,
    message: "公众号 access_token 已过期，刷新后重试仍失败",
  },
  40013: {
    code: "CONFIGURATION",
    permanent: true,
    message: "公众号配置错误：AppID 无效，请核对公众号的 AppID 设置",
  },
  40125: {
    code: "CONFIGURATION",
    permanent: true,
    message: "公众号配置错误：AppSecret 不正确，请在公众平台核对后更新配置",
  },
  40164: {
    code: "CONFIGURATION",
    permanent: true,
    message: "公众号配置错误：服务器IP未加入白名单，请在公众平台“设置与开发—基本配置”中添加本服务器的出口IP",
  },
  40243: {
    code: "CONFIGURATION",
    permanent: true,
    message: "公众号配置错误：AppSecret 已被冻结，请登录公众平台解冻后再发布",
  },
  45009: {
    code: "QUOTA_EXCEEDED",
    permanent: true,
    message: "公众号接口今日调用次数已达上限（45009）",
  },
  45011: { code: "RATE_LIMITED", permanent: false, message: "公众号接口调用过于频繁（45011）" },
  48001: {
    code: "CONFIGURATION",
    permanent: true,
    message: "公众号没有该接口的权限（需完成微信认证并开通发布能力），请联系公众号管理员",
  },
  40005: { code: "INVALID_PAYLOAD", permanent: true, message: "图片格式不受公众号支持（仅支持 JPG/PNG）" },
  40009: { code: "INVALID_PAYLOAD", permanent: true, message: "图片过大，公众号要求小于1MB" },
  40007: {
    code: "NOT_FOUND",
    permanent: true,
    message: "公众号素材或草稿不存在（media_id 无效）",
  },
  45002: { code: "INVALID_PAYLOAD", permanent: true, message: "正文过长，公众号要求少于2万字且小于1MB，请精简正文" },
  45003: { code: "INVALID_PAYLOAD", permanent: true, message: "标题超过32个字，公众号拒绝提交，请精简标题" },
  45004: { code: "INVALID_PAYLOAD", permanent: true, message: "摘要超过128个字，公众号拒绝提交，请精简摘要" },
  45005: { code: "INVALID_PAYLOAD", permanent: true, message: "原文链接超过1KB，公众号拒绝提交" },
  45110: { code: "INVALID_PAYLOAD", permanent: true, message: "作者超过16个字，公众号拒绝提交" },
  47001: { code: "INVALID_PAYLOAD", permanent: true, message: "提交给公众号的数据格式错误" },
  53503: { code: "REJECTED", permanent: true, message: "该草稿未通过公众号发布检查" },
  53600: { code: "NOT_FOUND", permanent: true, message: "公众号文章ID无效，文章可能已被删除" },
};

/**
 * Errcodes of the token endpoint (/cgi-bin/token) that mean the account settings are wrong. There
 * a 40001 is not a stale token (no token is involved) but "AppSecret wrong or not this AppID's" —
 * the documentation's token page lists it for a wrong secret; real accounts also see 40125.
 * Refreshing cannot help: every request fails the same way until a person fixes the settings.
 */
const TOKEN_ENDPOINT_CONFIG: Record<number, string> = {
  40001: "AppSecret 不正确或不属于该 AppID（获取 access_token 时平台答复 40001）。请公众号管理员在微信公众平台“设置与开发—基本配置”中核对（必要时重置）AppSecret，更新本系统的 WECHAT_APP_SECRET 后重启后台任务进程",
  40125: "AppSecret 不正确（获取 access_token 时平台答复 40125）。请公众号管理员在微信公众平台“设置与开发—基本配置”中核对（必要时重置）AppSecret，更新本系统的 WECHAT_APP_SECRET 后重启后台任务进程",
  40013: "AppID 无效（40013）。请核对本系统的 WECHAT_APP_ID 与公众平台“设置与开发—基本配置”中的开发者ID（AppID）一致，修改后重启后台任务进程",
  40164: "本服务器的出口 IP 不在公众号的 IP 白名单中（40164）。请公众号管理员在微信公众平台“设置与开发—基本配置—IP白名单”中添加本服务器的出口 IP",
  40243: "AppSecret 已被冻结（40243）。请公众号管理员登录微信公众平台解冻 AppSecret",
};

/** An errcode answered by /cgi-bin/token; account-setting errors become CONFIGURATION. */
export function weChatTokenEndpointError(errcode: number, errmsg: string): ChannelError {
  const config = TOKEN_ENDPOINT_CONFIG[errcode];
  if (!config) return weChatApiError(errcode, errmsg, "cgi-bin/token");
  return new ChannelError({
    channel: WECHAT_CHANNEL,
    code: "CONFIGURATION",
    permanent: true,
    message: `公众号配置错误：${config}`,
    vendor: { code: errcode, message: errmsg, extra: { endpoint: "cgi-bin/token" } },
  });
}

/**
 * Answers to freepublish/delete meaning the article is not (or no longer) on the account: a
 * withdrawal is then done. The documentation names 53600 (invalid article_id); an unknown id is
 * also answered 40007 (invalid media_id).
 */
export const ALREADY_GONE_ERRCODES: readonly number[] = [53600, 40007];

/**
 * The call certainly had no effect: the platform answered with an errcode (it received the call
 * and refused it), or the connection was never made. A timeout, a dropped connection or a 5xx
 * from a gateway is not such proof.
 */
export function isWeChatRefusal(e: unknown): boolean {
  if (!(e instanceof ChannelError) || e.channel !== WECHAT_CHANNEL) return false;
  if (typeof e.vendor?.code === "number") return true;
  return e.code === "NETWORK" && (e.vendor?.extra as { notSent?: boolean } | undefined)?.notSent === true;
}

/** Turns a WeChat `{errcode, errmsg}` into the project's ChannelError, per docs/channels.md. */
export function weChatApiError(errcode: number, errmsg: string, endpoint: string): ChannelError {
  // Errcodes we do not know are treated like a vendor 4xx: permanent, with the vendor text shown.
  const known = KNOWN[errcode] ?? {
    code: "REJECTED" as const,
    permanent: true,
    message: `公众号接口返回错误（${errcode}）：${errmsg}`,
  };
  return new ChannelError({
    channel: WECHAT_CHANNEL,
    code: known.code,
    permanent: known.permanent,
    message: known.message,
    vendor: { code: errcode, message: errmsg, extra: { endpoint } },
  });
}

export function isWeChatErrcode(e: unknown, ...codes: number[]): boolean {
  return e instanceof ChannelError && e.channel === WECHAT_CHANNEL && codes.includes(Number(e.vendor?.code));
}

export function weChatError(options: Omit<ConstructorParameters<typeof ChannelError>[0], "channel">): ChannelError {
  return new ChannelError({ channel: WECHAT_CHANNEL, ...options });
}
