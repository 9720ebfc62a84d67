import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";
import { getEnv } from "./lib/config/env";
import { attachmentGoneResponse, createTakenDownGate, itemIdOfPath, takedownPageResponse } from "./lib/portal/takedown-notice";

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
  const item = itemIdOfPath(req.nextUrl.pathname);
  if (item) {
    const entry = await takenDown(item.id);
    if (!entry) return NextResponse.next();
    return item.attachment ? attachmentGoneResponse() : takedownPageResponse(entry);
  }
  handler ??= withAuth(passPathname, { secret: getEnv().NEXTAUTH_SECRET, pages: { signIn: "/console/sign-in" } });
  return (handler as unknown as (r: NextRequestWithAuth, e: NextFetchEvent) => Promise<Response>)(req, event);
}

export const config = {
  matcher: ["/console", "/console/((?!sign-in).*)", "/items/:path*"],
};
