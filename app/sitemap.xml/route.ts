import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { sitemapIndexXml } from "@/lib/portal/sitemap";
import { textResponse } from "@/lib/portal/xml-response";

export const dynamic = "force-dynamic";

export function GET() {
  return textResponse("application/xml; charset=utf-8", () => sitemapIndexXml(getDb(), getEnv().PUBLIC_BASE_URL.replace(/\/$/, "")), 3600);
}
