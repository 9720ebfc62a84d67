import { getDb } from "@/lib/db/client";
import { renderFeed } from "@/lib/portal/feeds";
import { textResponse } from "@/lib/portal/xml-response";

export const dynamic = "force-dynamic";

/** Atom feed of one 公开目录 category and its sub-categories. */
export async function GET(_req: Request, ctx: { params: Promise<{ code: string }> }) {
  const code = (await ctx.params).code.replace(/\.xml$/, "");
  if (!/^[a-z0-9]{1,40}$/i.test(code)) return textResponse("text/plain", async () => null);
  return textResponse("application/atom+xml; charset=utf-8", () => renderFeed(getDb(), code));
}
