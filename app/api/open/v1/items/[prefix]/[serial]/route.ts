import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { getOpenItem } from "@/lib/portal/open-data";
import { openDataResponse } from "@/lib/portal/open-data-http";

export const dynamic = "force-dynamic";

// A 索引号 part has letters, digits and hyphens only; Next.js has already decoded the path once.
const INDEX_PART = /^[0-9A-Za-z-]{1,40}$/;

// The 索引号 "前段码/后段码" is the path itself: /api/open/v1/items/11370300MB2851364X/2026-00001.
export async function GET(_req: Request, ctx: { params: Promise<{ prefix: string; serial: string }> }) {
  const { prefix, serial } = await ctx.params;
  return openDataResponse(async () => {
    if (!INDEX_PART.test(prefix) || !INDEX_PART.test(serial)) {
      throw new AppError("INVALID_INPUT", "索引号格式不正确，应为“前段码/后段码”，例如 11370300MB2851364X/2026-00001");
    }
    return getOpenItem(getDb(), `${prefix}/${serial}`);
  });
}
