import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { contentDisposition } from "@/lib/applications/tracking";
import { getApplicationStorage } from "@/lib/applications/records";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** An applicant's attachment (ID scans: personal data) for staff who handle applications only. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  try {
    await requireAction("application.handle");
  } catch (e) {
    return text(publicMessageOf(e), httpStatusOf(e));
  }
  const { id, attachmentId } = await params;
  const att = await getDb().applicationAttachment.findFirst({ where: { id: attachmentId, applicationId: id } });
  if (!att) return text("未找到相应附件", 404);
  const bytes = await getApplicationStorage().get(att.sha256);
  if (!bytes) return text("附件文件缺失，请联系系统管理员", 404);
  return new Response(new Uint8Array(bytes), {
    headers: {
      // Stored types were checked by content (PDF, JPG, PNG); sent as a download so nothing renders inline.
      "content-type": att.mime,
      "content-disposition": contentDisposition(att.name),
      "cache-control": "private, no-store",
    },
  });
}
