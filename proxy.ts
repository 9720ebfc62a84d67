import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";
import { getEnv } from "./lib/config/env";
import { ITEM_CACHE_CONTROL, attachmentGoneResponse, createTakenDownGate, itemIdOfPath, takedownPageResponse } from "./lib/portal/takedown-notice";

// A coarse redirect only: every console page, route and action checks the user's role itself.
let handler: ReturnType<typeof withAuth> | undefined;

function passPathname(req: NextRequestWithAuth) {
  const headers = new Headers(req.headers);
  headers.set("x-pathname", req.nextUrl.pathname);
  return NextResponse.next({ request: { headers } });
}

// 紧急下架: an item page (cached or not) and its attachment URLs answer 410 before any cache is read.
const takenDown = createTakenDownGate({
  origin: () => process.env.__NEXT_PRIVATE_ORIGIN || `http://127.0.0.1:${process.env.PORT || getEnv().PORT}`,
  secret: () => getEnv().INTERNAL_API_SECRET,
});

export default async function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  const path = req.nextUrl.pathname;
  if (path === "/console" || path.startsWith("/console/")) {
    handler ??= withAuth(passPathname, { secret: getEnv().NEXTAUTH_SECRET, pages: { signIn: "/console/sign-in" } });
    return (handler as unknown as (r: NextRequestWithAuth, e: NextFetchEvent) => Promise<Response>)(req, event);
  }
  const item = itemIdOfPath(path);
  if (item) {
    const entry = await takenDown(item.id);
    if (entry) return item.attachment ? attachmentGoneResponse() : takedownPageResponse(entry);
  }
  // Home, catalogue lists and item pages: front caches keep them at most 30 s (Next itself would
  // announce its own page-cache lifetime, an hour, as s-maxage), so a takedown reaches them in time.
  return NextResponse.next({ headers: { "Cache-Control": ITEM_CACHE_CONTROL } });
}

export const config = {
  matcher: ["/console", "/console/((?!sign-in).*)", "/items/:path*", "/", "/home/:path*", "/catalogue/:path*"],
};
