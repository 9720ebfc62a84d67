import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { sitemapFileXml } from "@/lib/portal/sitemap";
import { textResponse } from "@/lib/portal/xml-response";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ file: string }> }) {
  const file = (await ctx.params).file.replace(/\.xml$/, "");
  return textResponse("application/xml; charset=utf-8", () => sitemapFileXml(getDb(), getEnv().PUBLIC_BASE_URL.replace(/\/$/, ""), file), 3600);
}
