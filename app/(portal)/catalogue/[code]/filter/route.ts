import type { NextRequest } from "next/server";
import { catalogueViewPath } from "@/lib/portal/catalogue-view";

// The list's filter form (GET, works without JavaScript) lands here and is sent on to the view's
// own path, which the page cache can serve. Values are only reshaped here; the page checks them.
export async function GET(req: NextRequest, ctx: { params: Promise<{ code: string }> }) {
  const { code } = await ctx.params;
  const year = req.nextUrl.searchParams.get("year") ?? "";
  const dept = (req.nextUrl.searchParams.get("dept") ?? "").toLowerCase();
  const path = catalogueViewPath(code, {
    year: /^\d{4}$/.test(year) ? Number(year) : undefined,
    dept: /^[a-z0-9]{1,40}$/.test(dept) ? dept : undefined,
  });
  // A relative Location: right behind any reverse proxy, whatever host the web process thinks it has.
  return new Response(null, { status: 303, headers: { Location: path } });
}
