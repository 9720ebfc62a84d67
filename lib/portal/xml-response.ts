/** Answers generated XML/text; failures become a plain zh-CN notice, never the internal error. */
export async function textResponse(contentType: string, body: () => Promise<string | null>, maxAge = 60): Promise<Response> {
  try {
    const text = await body();
    if (text === null) return new Response("未找到该内容。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": `public, max-age=${maxAge}, s-maxage=${Math.min(maxAge, 15)}` } });
  } catch (e) {
    console.error("[portal]", e);
    return new Response("服务暂时不可用，请稍后再试。", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } });
  }
}
