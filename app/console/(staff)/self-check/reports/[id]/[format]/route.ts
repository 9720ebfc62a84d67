import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { getOrganisation } from "@/lib/org/get-organisation";
import { reportFileName } from "@/lib/self-check/weekly-report";

export const dynamic = "force-dynamic";

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** A stored weekly 自查报告 (permission selfcheck.read). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; format: string }> }) {
  try {
    await requireAction("selfcheck.read");
  } catch (e) {
    return text(publicMessageOf(e), httpStatusOf(e));
  }
  const { id, format } = await params;
  if (format !== "docx" && format !== "pdf") return text("未找到相应文件", 404);
  const db = getDb();
  const row = await db.selfCheckReport.findUnique({ where: { id } });
  if (!row) return text("未找到该自查报告", 404);
  const data = await getStorage().get(format === "docx" ? row.docxKey : row.pdfKey);
  if (!data) return text("报告文件缺失，请重新生成", 410);
  const name = reportFileName(row, (await getOrganisation(db)).name, format);
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": MIME[format],
      "content-length": String(data.length),
      "content-disposition": `attachment; filename="self-check-report.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "cache-control": "private, no-store",
    },
  });
}
