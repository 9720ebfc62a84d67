import { httpStatusOf, isAppError, publicMessageOf } from "../errors/app-error";

// Open data is for anyone: any origin may read it (GET only, no credentials).
const HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60, s-maxage=15",
};

/** Runs a handler and answers JSON; errors become { error: { code, message } } with no internals. */
export async function openDataResponse(body: () => Promise<unknown>): Promise<Response> {
  try {
    return new Response(JSON.stringify(await body()), { status: 200, headers: HEADERS });
  } catch (e) {
    if (!isAppError(e)) console.error("[open-data]", e);
    const status = httpStatusOf(e);
    const code = isAppError(e) ? e.code : "INTERNAL";
    return new Response(JSON.stringify({ error: { code, message: publicMessageOf(e) } }), {
      status,
      headers: { ...HEADERS, "Cache-Control": "no-store" },
    });
  }
}
