import { getEnv } from "@/lib/config/env";
import { robotsTxt } from "@/lib/portal/sitemap";
import { textResponse } from "@/lib/portal/xml-response";

export const dynamic = "force-dynamic";

export function GET() {
  return textResponse("text/plain; charset=utf-8", async () => robotsTxt(getEnv().PUBLIC_BASE_URL.replace(/\/$/, "")), 3600);
}
