import { getDb } from "@/lib/db/client";
import { getOpenItem } from "@/lib/portal/open-data";
import { openDataResponse } from "@/lib/portal/open-data-http";

export const dynamic = "force-dynamic";

// The 索引号 "前段码/后段码" is the path itself: /api/open/v1/items/11370300MB2851364X/2026-00001.
export async function GET(_req: Request, ctx: { params: Promise<{ prefix: string; serial: string }> }) {
  const { prefix, serial } = await ctx.params;
  return openDataResponse(() => getOpenItem(getDb(), `${decodeURIComponent(prefix)}/${decodeURIComponent(serial)}`));
}
