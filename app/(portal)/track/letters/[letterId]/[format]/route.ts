import { getDb } from "@/lib/db/client";
import { contentDisposition, letterFile, type LetterFormat } from "@/lib/applications/tracking";
import { getApplicationStorage } from "@/lib/applications/records";
import { trackedApplicationId } from "../../../session";

export const dynamic = "force-dynamic";

/** An issued letter for the applicant who unlocked this application (tracking cookie). */
export async function GET(_req: Request, { params }: { params: Promise<{ letterId: string; format: string }> }) {
  const { letterId, format } = await params;
  const id = await trackedApplicationId();
  if (!id) return new Response("查询已超时，请重新查询后下载。", { status: 401, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (format !== "pdf" && format !== "docx") return new Response("未找到相应文书", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const file = await letterFile(getDb(), getApplicationStorage(), { applicationId: id, letterId, format: format as LetterFormat, applicantOnly: true });
  if (!file) return new Response("未找到相应文书", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.mime,
      "content-disposition": contentDisposition(file.filename),
      "cache-control": "private, no-store",
    },
  });
}
