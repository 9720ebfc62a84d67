import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent } from "next/server";
import { getEnv } from "./lib/config/env";

// A coarse redirect only: every console page, route and action checks the user's role itself.
let handler: ReturnType<typeof withAuth> | undefined;

function passPathname(req: NextRequestWithAuth) {
  const headers = new Headers(req.headers);
  headers.set("x-pathname", req.nextUrl.pathname);
  return NextResponse.next({ request: { headers } });
}

export default function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  handler ??= withAuth(passPathname, { secret: getEnv().NEXTAUTH_SECRET, pages: { signIn: "/console/sign-in" } });
  return (handler as unknown as (r: NextRequestWithAuth, e: NextFetchEvent) => Promise<Response>)(req, event);
}

export const config = {
  matcher: ["/console", "/console/((?!sign-in).*)"],
};
