import { getEnv } from "@/lib/config/env";
import { openApiDocument } from "@/lib/portal/openapi";
import { openDataResponse } from "@/lib/portal/open-data-http";

export const dynamic = "force-dynamic";

export function GET() {
  return openDataResponse(async () => openApiDocument(getEnv().PUBLIC_BASE_URL));
}
