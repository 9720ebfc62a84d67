import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { isBlobBlocked } from "@/lib/items/takedown";
import { attachmentGoneResponse } from "@/lib/portal/takedown-notice";

// Serves an attachment of the published version only, with the metadata-stripped bytes. A file of a
// taken-down item (紧急下架) answers 410 here whichever item's URL asks for the same bytes.
export async function GET(req: Request, ctx: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { id, attachmentId } = await ctx.params;
  const db = getDb();
  const item = await db.item.findFirst({ where: { id, publishedVersionNo: { not: null } } });
  if (!item) return new Response("未找到该附件", { status: 404 });
  if (item.takenDownAt) return attachmentGoneResponse();
  const attachment = await db.itemAttachment.findFirst({
    where: { id: attachmentId, version: { itemId: id, number: item.publishedVersionNo! } },
  });
  if (!attachment) return new Response("未找到该附件", { status: 404 });
  if (await isBlobBlocked(db, attachment.sha256)) return attachmentGoneResponse();
  // Content-addressed, so the digest is a strong validator: a browser revalidates with no download.
  // Shared caches keep it 1 s at most, so a withdrawn item's files stop being served at once.
  const cacheHeaders = { ETag: `"${attachment.sha256}"`, "Cache-Control": "public, max-age=0, s-maxage=1" };
  if (req.headers.get("if-none-match") === cacheHeaders.ETag) return new Response(null, { status: 304, headers: cacheHeaders });
  const data = await getStorage().get(attachment.sha256);
  if (!data) return new Response("附件文件缺失，请联系网站管理员", { status: 410 });
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": attachment.mime,
      "Content-Length": String(data.length),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
      ...cacheHeaders,
    },
  });
}
