import { timingSafeEqual } from "node:crypto";
import { revalidatePath } from "next/cache";
import { getEnv } from "@/lib/config/env";
import { INTERNAL_SECRET_HEADER } from "@/lib/portal/cache-refresh";

export const dynamic = "force-dynamic";

function secretMatches(given: string | null): boolean {
  const expected = Buffer.from(getEnv().INTERNAL_API_SECRET);
  const actual = Buffer.from(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Drops every cached portal page of this web process. Called by the process's own database
 * listener (lib/portal/cache-refresh.ts) and usable by any internal caller holding
 * INTERNAL_API_SECRET. Revalidating the root layout covers every page under it: publications are
 * rare next to page views, and one item can appear on the home page, lists, feeds and its own page.
 */
export async function POST(req: Request) {
  if (!secretMatches(req.headers.get(INTERNAL_SECRET_HEADER))) {
    return Response.json({ error: { code: "FORBIDDEN", message: "无权访问" } }, { status: 403 });
  }
  revalidatePath("/", "layout");
  return Response.json({ revalidated: true, at: new Date().toISOString() });
}
