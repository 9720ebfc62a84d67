import { getDb } from "@/lib/db/client";
import { renderFeed } from "@/lib/portal/feeds";
import { textResponse } from "@/lib/portal/xml-response";

export const dynamic = "force-dynamic";

/** Atom feed of everything published, revised or withdrawn in the disclosure column. */
export function GET() {
  return textResponse("application/atom+xml; charset=utf-8", () => renderFeed(getDb()));
}
