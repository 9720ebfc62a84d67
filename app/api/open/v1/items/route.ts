import { getDb } from "@/lib/db/client";
import { listOpenItems, parseListQuery } from "@/lib/portal/open-data";
import { openDataResponse } from "@/lib/portal/open-data-http";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return openDataResponse(() => listOpenItems(getDb(), parseListQuery(new URL(req.url).searchParams)));
}
