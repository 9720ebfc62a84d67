/**
 * Requests that cannot be understood, recognised before any page or route runs (proxy.ts) so they
 * get a clear 400 page in Chinese instead of an exception deep in a handler:
 *   - a path with broken percent-encoding (`/items/%E4%B8`, `/catalogue/%`);
 *   - /care with a Referer header that is not a URL;
 *   - a callbackUrl (sign-in pages, next-auth routes) that is not a URL or path.
 * Framework-free so it can be tested alone.
 */
export type BadRequestReason = "path-encoding" | "referer" | "callback-url";

export const BAD_REQUEST_MESSAGES: Record<BadRequestReason, string> = {
  "path-encoding": "网址中含有无法识别的字符（百分号编码不完整或有误），请检查网址是否完整。",
  referer: "请求的来源地址（Referer）格式有误，无法返回原页面。请从本站页面重新点击“关怀版”。",
  "callback-url": "登录后的跳转地址格式有误，请从本站页面重新进入登录页。",
};

function decodes(s: string): boolean {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

function parsesAsUrl(value: string, base?: string): boolean {
  try {
    new URL(value, base);
    return true;
  } catch {
    return false;
  }
}

export function badRequestReason(input: {
  /** The path as sent (still percent-encoded). */
  rawPathname: string;
  searchParams: URLSearchParams;
  referer: string | null;
  origin: string;
}): BadRequestReason | null {
  if (!input.rawPathname.split("/").every(decodes)) return "path-encoding";
  if (input.rawPathname === "/care" && input.referer !== null && !parsesAsUrl(input.referer)) return "referer";
  if (input.rawPathname.startsWith("/api/auth") || input.rawPathname.startsWith("/console/sign-in")) {
    const cb = input.searchParams.get("callbackUrl");
    if (cb !== null && (!parsesAsUrl(cb, input.origin) || /[\u0000-\u001f\\]/.test(cb))) return "callback-url";
  }
  return null;
}
