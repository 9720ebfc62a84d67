import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { renderLetterDocx } from "@/lib/letters/render-docx";
import { renderLetterPdf } from "@/lib/letters/render-pdf";
import { contentDisposition, letterFile, LETTER_MIME, type LetterFormat } from "@/lib/applications/tracking";
import { getApplicationStorage, letterContextFor, letterDocumentOf } from "@/lib/applications/records";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** Staff download of any letter of the application; an unissued draft is rendered on the fly as a preview. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; letterId: string; format: string }> }) {
  try {
    await requireAction("application.handle");
  } catch (e) {
    return text(publicMessageOf(e), httpStatusOf(e));
  }
  const { id, letterId, format } = await params;
  if (format !== "pdf" && format !== "docx") return text("未找到相应文书", 404);
  const db = getDb();
  const issued = await letterFile(db, getApplicationStorage(), { applicationId: id, letterId, format: format as LetterFormat, applicantOnly: false });
  if (issued) {
    return new Response(new Uint8Array(issued.bytes), {
      headers: { "content-type": issued.mime, "content-disposition": contentDisposition(issued.filename), "cache-control": "private, no-store" },
    });
  }
  const draft = await db.applicationLetter.findFirst({ where: { id: letterId, applicationId: id, issuedAt: null }, include: { application: true } });
  if (!draft) return text("未找到相应文书", 404);
  const doc = letterDocumentOf(await letterContextFor(db, draft.application), draft, null);
  const bytes = format === "pdf" ? await renderLetterPdf(doc) : await renderLetterDocx(doc);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": LETTER_MIME[format as LetterFormat],
      "content-disposition": contentDisposition(`${draft.title}（草稿）-${draft.application.trackingCode}.${format}`, format === "pdf"),
      "cache-control": "private, no-store",
    },
  });
}
