/**
 * What the public gets for a taken-down (紧急下架) item: HTTP 410 with a short notice naming only the
 * title and the 索引号 — no body, no attachment names. Framework-free: used by proxy.ts and the
 * attachment route. Front caches may keep a 410 only briefly (a corrected version may come back).
 */
export const GONE_CACHE_CONTROL = "public, max-age=0, s-maxage=1, must-revalidate";

export interface TakenDownEntry {
  id: string;
  title: string;
  indexNo: string;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function takedownNoticeHtml(entry: Pick<TakenDownEntry, "title" | "indexNo">): string {
  const title = escape(entry.title);
  const indexNo = escape(entry.indexNo);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>信息已停止公开</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.8;color:#111}
h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{font-weight:bold}a{color:#0b4ea2}</style>
</head><body><main>
<h1 data-testid="takedown-notice">该信息已停止公开</h1>
<dl><dt>名称</dt><dd data-testid="takedown-title">${title}</dd><dt>索引号</dt><dd data-testid="takedown-index-no">${indexNo}</dd></dl>
<p>本信息已由发布机关依法下架，不再公开。</p>
<p><a href="/">返回首页</a></p>
</main></body></html>`;
}

export function takedownPageResponse(entry: Pick<TakenDownEntry, "title" | "indexNo">): Response {
  return new Response(takedownNoticeHtml(entry), {
    status: 410,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": GONE_CACHE_CONTROL },
  });
}

export function attachmentGoneResponse(): Response {
  return new Response("该附件已停止公开。", {
    status: 410,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": GONE_CACHE_CONTROL },
  });
}

/** `/items/<id>` and `/items/<id>/…` → the id, else null. */
export function itemIdOfPath(pathname: string): { id: string; attachment: boolean } | null {
  const m = /^\/items\/([a-z0-9]{8,40})(\/.*)?$/.exec(pathname);
  if (!m) return null;
  return { id: m[1], attachment: (m[2] ?? "").startsWith("/attachments/") };
}

export const TAKEN_DOWN_LIST_PATH = "/api/internal/taken-down";

/**
 * proxy.ts's view of which items are taken down: the list from the web process's own internal route,
 * fetched at most once per `ttlMs` (one request at a time), so a takedown shows on every instance
 * within about a second without a database query per page view. When the list cannot be had the
 * request passes through: the page itself then answers 404 for a taken-down item.
 */
export function createTakenDownGate(options: { origin: () => string; secret: () => string; ttlMs?: number; fetchImpl?: typeof fetch }) {
  const ttl = options.ttlMs ?? 1_000;
  let entries = new Map<string, TakenDownEntry>();
  let fetchedAt = 0;
  let inFlight: Promise<void> | undefined;
  const refresh = async () => {
    const res = await (options.fetchImpl ?? fetch)(`${options.origin()}${TAKEN_DOWN_LIST_PATH}`, {
      headers: { "x-internal-secret": options.secret() },
      signal: AbortSignal.timeout(2_000),
    });
    if (!res.ok) throw new Error(`taken-down list answered ${res.status}`);
    const body = (await res.json()) as { items: TakenDownEntry[] };
    entries = new Map(body.items.map((e) => [e.id, e]));
    fetchedAt = Date.now();
  };
  return async function lookup(id: string): Promise<TakenDownEntry | null> {
    if (Date.now() - fetchedAt > ttl) {
      inFlight ??= refresh()
        .catch((e) => {
          // Keep the last known list and ask again after the ttl, not on every request.
          fetchedAt = Date.now();
          console.warn(`[takedown] ${(e as Error).message}`);
        })
        .finally(() => (inFlight = undefined));
      await inFlight;
    }
    return entries.get(id) ?? null;
  };
}
