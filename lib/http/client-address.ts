/**
 * The client's address for rate limits, the sign-in slow-down and audit rows.
 *
 * X-Forwarded-For is written by whoever sends the request, so its values are only believed as far
 * as they were appended by proxies the operator trusts (TRUSTED_PROXIES). The chain is read from the
 * right: the TCP peer first (recorded by lib/http/peer-address.ts, which overwrites any header of
 * that name a client sends), then each X-Forwarded-For value going left; the client is the first
 * hop that is not a trusted proxy — the last untrusted hop. With no trusted proxies (the default)
 * that is the TCP peer itself and X-Forwarded-For is ignored.
 *
 * TRUSTED_PROXIES is either a count (the number of proxies in front of the app, e.g. 1 for one
 * nginx) or a comma-separated list of addresses and CIDR ranges (`127.0.0.1, 10.0.0.0/8, ::1`),
 * the way reverse-proxy-aware frameworks (Express "trust proxy", Rails, Django) express it.
 */
import { BlockList, isIP } from "node:net";

/** Header carrying the TCP peer's address, set by the web process itself (never by a client). */
export const PEER_ADDRESS_HEADER = "x-gk-peer-address";

export type TrustedProxies = { kind: "count"; count: number } | { kind: "list"; list: BlockList; text: string };

export const NO_TRUSTED_PROXIES: TrustedProxies = { kind: "count", count: 0 };

/** Strips an IPv4-mapped IPv6 prefix, brackets and an IPv4 port; null when it is not an address. */
export function normaliseAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  if (a.startsWith("[")) a = a.slice(1, a.indexOf("]") > 0 ? a.indexOf("]") : undefined);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  if (v4port) a = v4port[1];
  if (/^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/i.test(a)) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}

/** Parses TRUSTED_PROXIES; throws with the offending entry when it is neither a count nor addresses. */
export function parseTrustedProxies(value: string | null | undefined): TrustedProxies {
  const text = (value ?? "").trim();
  if (!text) return NO_TRUSTED_PROXIES;
  if (/^\d+$/.test(text)) return { kind: "count", count: Math.min(Number(text), 32) };
  const list = new BlockList();
  for (const entry of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits, extra] = entry.split("/");
    const ip = normaliseAddress(addr);
    const family = ip ? (isIP(ip) === 6 ? "ipv6" : "ipv4") : null;
    if (!ip || !family || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    if (bits === undefined) {
      list.addAddress(ip, family);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === "ipv6" ? 128 : 32)) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
    }
    list.addSubnet(ip, prefix, family);
  }
  return { kind: "list", list, text };
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client address from the X-Forwarded-For value(s) and the TCP peer. A hop that is not a valid
 * address stops the walk (it was written by someone untrusted), and the hop after it is the answer.
 */
export function clientAddress(
  input: { forwardedFor?: string | null; peer?: string | null },
  trusted: TrustedProxies = NO_TRUSTED_PROXIES,
): string {
  const forwarded = (input.forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const peer = normaliseAddress(input.peer);
  // Right to left: the peer, then the proxies' appended values.
  const chain = [...(peer ? [peer] : []), ...forwarded.reverse()];
  if (chain.length === 0) return "unknown";
  if (trusted.kind === "count") {
    // Without a recorded peer the right-most forwarded value stands in for it (development only).
    const n = Math.min(trusted.count, chain.length - 1);
    let answer = "unknown";
    for (let i = 0; i <= n; i++) {
      const hop = normaliseAddress(chain[i]);
      if (!hop) return answer;
      answer = hop;
    }
    return answer;
  }
  let last = "unknown";
  for (const raw of chain) {
    const hop = normaliseAddress(raw);
    if (!hop) return last;
    if (!isTrusted(trusted.list, hop)) return hop;
    last = hop;
  }
  return last;
}

let cachedTrusted: { text: string; parsed: TrustedProxies } | undefined;

/** TRUSTED_PROXIES from the environment, parsed once per value. */
export function trustedProxiesFromEnv(env: NodeJS.ProcessEnv = process.env): TrustedProxies {
  const text = env.TRUSTED_PROXIES ?? "";
  if (cachedTrusted?.text !== text) cachedTrusted = { text, parsed: parseTrustedProxies(text) };
  return cachedTrusted.parsed;
}

/** The client address of a request, from its headers (a Headers object or next-auth's plain record). */
export function clientAddressOf(
  headers: Headers | Record<string, unknown> | undefined | null,
  trusted: TrustedProxies = trustedProxiesFromEnv(),
): string {
  const get = (name: string): string | null => {
    if (!headers) return null;
    if (headers instanceof Headers) return headers.get(name);
    const v = (headers as Record<string, unknown>)[name];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : null;
  };
  return clientAddress({ forwardedFor: get("x-forwarded-for"), peer: get(PEER_ADDRESS_HEADER) }, trusted);
}
