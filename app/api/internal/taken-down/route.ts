import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { listTakenDown } from "@/lib/items/takedown";

export const dynamic = "force-dynamic";

function secretMatches(given: string | null): boolean {
  const expected = Buffer.from(getEnv().INTERNAL_API_SECRET);
  const actual = Buffer.from(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The taken-down items (id, title, 索引号) for proxy.ts's 410 answers. Internal: INTERNAL_API_SECRET. */
export async function GET(req: Request) {
  if (!secretMatches(req.headers.get("x-internal-secret"))) {
    return Response.json({ error: { code: "FORBIDDEN", message: "无权访问" } }, { status: 403 });
  }
  return Response.json({ items: await listTakenDown(getDb()) }, { headers: { "Cache-Control": "no-store" } });
}
