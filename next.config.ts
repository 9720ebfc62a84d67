import type { NextConfig } from "next";

// Content-Security-Policy: the site itself only — no outside host is ever requested. Next's inline
// bootstrap scripts need 'unsafe-inline' for scripts unless nonces are used on every page.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // The proof-of-work widget (altcha, bundled) hashes in Web Workers it creates from blob: URLs.
  "worker-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

// Published portal pages are kept in Next's in-memory page cache only (never flushed to disk, so
// requests for made-up URLs cannot fill the disk); PORTAL_CACHE_MB bounds it (LRU). See README
// "Portal, search and caching" for how it is refreshed.
const portalCacheBytes = Math.max(16, Number(process.env.PORTAL_CACHE_MB) || 256) * 1024 * 1024;

// The cached portal pages would otherwise leave with Next's `s-maxage=3600, stale-while-revalidate=…`,
// which lets any shared cache (nginx, a CDN) serve a withdrawn page for an hour. A 1-second shared
// lifetime is safe behind any cache; the front cache (deploy/nginx/) does the rest. Next keeps a
// Cache-Control set here instead of writing its own.
const portalPageCache = [{ key: "Cache-Control", value: "public, max-age=0, s-maxage=1" }];
const cachedPortalPages = ["/", "/home/:edition", "/catalogue/:code", "/catalogue/:code/:view*", "/items/:id"];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  cacheMaxMemorySize: portalCacheBytes,
  // Type checking runs once in `npm test` (tsc --noEmit over the whole project, workers included);
  // the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/jieba", "pdfkit", "sharp", "pdfjs-dist", "bullmq", "ioredis", "@aws-sdk/client-s3"],
  turbopack: { resolveAlias: { "chinese-days": "chinese-days/dist/index.min.js" } },
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "25mb" }, isrFlushToDisk: false },
  // The home page is served by a cacheable route with a parameter, because a page without one would
  // be rendered at build time, when no database may be reachable.
  async rewrites() {
    return { beforeFiles: [{ source: "/", destination: "/home/index" }], afterFiles: [], fallback: [] };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      ...cachedPortalPages.map((source) => ({ source, headers: portalPageCache })),
    ];
  },
};

export default nextConfig;
