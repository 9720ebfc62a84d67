import type { NextConfig } from "next";

// Content-Security-Policy: the site itself only — no outside host is ever requested. Next's inline
// bootstrap scripts need 'unsafe-inline' for scripts unless nonces are used on every page.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Type checking runs once in `npm test` (tsc --noEmit over the whole project, workers included);
  // the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/jieba", "pdfkit", "sharp", "pdfjs-dist", "bullmq", "ioredis"],
  turbopack: { resolveAlias: { "chinese-days": "chinese-days/dist/index.min.js" } },
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "25mb" } },
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
    ];
  },
};

export default nextConfig;
