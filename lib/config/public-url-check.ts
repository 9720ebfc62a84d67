// PUBLIC_BASE_URL goes into QR codes on printed sheets, the guide's 网上申请 link, links sent to the
// district system and WeChat, and the SiteDomain meta tag. On localhost or a bare IP address none of
// those reach a citizen, so a production start says so loudly (start output, 单位信息, /api/health).
import { isIP } from "node:net";

export interface PublicUrlWarning {
  url: string;
  message: string;
}

const LOCAL_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "0.0.0.0"]);

/** The warning for a production build whose public address is not a real domain name, or null. */
export function publicBaseUrlWarning(publicBaseUrl: string, nodeEnv: string | undefined): PublicUrlWarning | null {
  if (nodeEnv !== "production") return null;
  let host: string;
  try {
    host = new URL(publicBaseUrl).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return { url: publicBaseUrl, message: `PUBLIC_BASE_URL（${publicBaseUrl}）不是有效网址：二维码、网上申请链接和推送到各渠道的链接都无法使用。` };
  }
  const what = LOCAL_NAMES.has(host) || host.endsWith(".localhost") ? "本机地址" : isIP(host) ? "IP地址" : null;
  if (!what) return null;
  return {
    url: publicBaseUrl,
    message:
      `PUBLIC_BASE_URL 是${what}（${publicBaseUrl}）：公开栏二维码、公开指南中的网上申请链接、推送到区政府信息公开系统和微信公众号的链接以及 SiteDomain 标签都指向它，群众无法访问。` +
      "正式上线前请将 PUBLIC_BASE_URL 设为本网站的正式域名（如 https://gk.example.gov.cn）后重新启动。",
  };
}

/** The same warning framed for a terminal: impossible to miss among the start-up lines. */
export function formatStartWarning(w: PublicUrlWarning): string {
  const bar = "!".repeat(72);
  return `\n${bar}\n!! 警告：${w.message}\n${bar}\n`;
}
