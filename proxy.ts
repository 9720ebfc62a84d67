import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";
import { getEnv } from "./lib/config/env";
import { badRequestReason } from "./lib/http/bad-request";
import { attachmentGoneResponse, createTakenDownGate, itemIdOfPath, takedownPageResponse } from "./lib/portal/takedown-notice";

// 1. Requests that cannot be understood get the 400 page (lib/http/bad-request.ts), on every path.
// 2. A coarse redirect for the console only: every console page, route and action checks the
//    user's role (and the session's validity) itself.
let handler: ReturnType<typeof withAuth> | undefined;

function passPathname(req: NextRequestWithAuth) {
  const headers = new Headers(req.headers);
  headers.set("x-pathname", req.nextUrl.pathname);
  return NextResponse.next({ request: { headers } });
}

function rawPathname(url: string): string {
  // nextUrl.pathname is normalised; the raw request path is what has to be decodable.
  const afterHost = url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  return afterHost.split(/[?#]/)[0] || "/";
}

// 3. 紧急下架: an item page (cached or not) and its attachment URLs answer 410 before any cache is read.
const takenDown = createTakenDownGate({
  origin: () => process.env.__NEXT_PRIVATE_ORIGIN || `http://127.0.0.1:${process.env.PORT || getEnv().PORT}`,
  secret: () => getEnv().INTERNAL_API_SECRET,
});

export default async function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  const reason = badRequestReason({
    rawPathname: rawPathname(req.url),
    searchParams: req.nextUrl.searchParams,
    referer: req.headers.get("referer"),
    origin: req.nextUrl.origin,
  });
  if (reason) {
    const to = new URL("/400", req.nextUrl.origin);
    to.searchParams.set("reason", reason);
    return NextResponse.rewrite(to, { status: 400 });
  }
  const path = req.nextUrl.pathname;
  if (path === "/console" || (path.startsWith("/console/") && !path.startsWith("/console/sign-in"))) {
    handler ??= withAuth(passPathname, { secret: getEnv().NEXTAUTH_SECRET, pages: { signIn: "/console/sign-in" } });
    return (handler as unknown as (r: NextRequestWithAuth, e: NextFetchEvent) => Promise<Response>)(req, event);
  }
  const item = itemIdOfPath(path);
  if (item) {
    const entry = await takenDown(item.id);
    if (entry) return item.attachment ? attachmentGoneResponse() : takedownPageResponse(entry);
  }
  // Front caches: next.config.ts gives portal pages `s-maxage=1` (the nginx micro-cache, deploy/nginx).
  return NextResponse.next();
}

export const config = {
  // Everything but Next's own static files.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
