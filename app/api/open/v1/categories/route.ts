import { getDb } from "@/lib/db/client";
import { listOpenCategories } from "@/lib/portal/open-data";
import { openDataResponse } from "@/lib/portal/open-data-http";

export const dynamic = "force-dynamic";

export function GET() {
  return openDataResponse(() => listOpenCategories(getDb()));
}
