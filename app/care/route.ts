import { NextResponse, type NextRequest } from "next/server";

// Switches the 关怀版 (large text, high contrast) on or off without JavaScript, and returns the
// visitor to the page they came from (same origin only).
export function GET(req: NextRequest) {
  const on = req.nextUrl.searchParams.get("on") === "1";
  const referer = req.headers.get("referer");
  let back = "/";
  // A Referer that is not a URL is answered 400 by proxy.ts; here it is simply not followed.
  if (referer && URL.canParse(referer)) {
    const ref = new URL(referer);
    if (ref.host === req.nextUrl.host) back = ref.pathname + ref.search;
  }
  const res = NextResponse.redirect(new URL(back, req.nextUrl.origin), 303);
  res.cookies.set("care", on ? "1" : "0", { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax", httpOnly: false });
  return res;
}
