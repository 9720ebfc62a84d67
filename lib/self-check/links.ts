/**
 * Links on published pages. Internal links (relative, or to the site's own host) must answer 200:
 * item pages, attachments, catalogue columns and the portal's fixed pages are resolved against the
 * records and blob storage (what the portal's own routes would do), so 100,000 pages are checked
 * without an HTTP request each. Outside links are listed for a person to check, never fetched.
 */
export const PORTAL_FIXED_PATHS = new Set([
  "/", "/guide", "/rules", "/reports", "/apply", "/search", "/open-data", "/track", "/track/view", "/catalogue",
  "/feed", "/sitemap.xml", "/robots.txt",
]);
/** Route families that answer for any well-formed path below them (feeds, 关怀版, open data API). */
const PORTAL_PREFIXES = ["/feed/", "/care", "/sitemaps/", "/api/open/v1/"];

export interface LinkRef {
  url: string;
  /** Internal path (no query or fragment), or null for outside links. */
  path: string | null;
}

const ATTR_RE = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** Links and embedded sources in a published body, classified as internal or outside. */
export function extractLinks(html: string, siteHosts: ReadonlySet<string>): LinkRef[] {
  const out: LinkRef[] = [];
  const seen = new Set<string>();
  for (const m of html.matchAll(ATTR_RE)) {
    const raw = (m[1] ?? m[2] ?? "").trim().replace(/&amp;/g, "&");
    if (!raw || raw.startsWith("#") || /^(mailto|tel|javascript|data):/i.test(raw) || seen.has(raw)) continue;
    seen.add(raw);
    let url: URL;
    try {
      url = new URL(raw, "http://internal.invalid");
    } catch {
      out.push({ url: raw, path: raw });
      continue;
    }
    const internal = url.host === "internal.invalid" || siteHosts.has(url.host.toLowerCase());
    out.push({ url: raw, path: internal ? decodeURIComponent(url.pathname).replace(/\/+$/, "") || "/" : null });
  }
  return out;
}

export type InternalTarget =
  | { kind: "item"; itemId: string }
  | { kind: "attachment"; itemId: string; attachmentId: string }
  | { kind: "category"; code: string }
  | { kind: "fixed" }
  | { kind: "unknown" };

export function classifyPath(path: string): InternalTarget {
  let m = /^\/items\/([^/]+)\/attachments\/([^/]+)$/.exec(path);
  if (m) return { kind: "attachment", itemId: m[1], attachmentId: m[2] };
  m = /^\/items\/([^/]+)$/.exec(path);
  if (m) return { kind: "item", itemId: m[1] };
  m = /^\/catalogue\/([^/]+)$/.exec(path);
  if (m) return { kind: "category", code: m[1] };
  m = /^\/catalogue\/([^/]+)\/.+$/.exec(path);
  if (m) return { kind: "category", code: m[1] };
  if (PORTAL_FIXED_PATHS.has(path) || PORTAL_PREFIXES.some((p) => path.startsWith(p))) return { kind: "fixed" };
  return { kind: "unknown" };
}
