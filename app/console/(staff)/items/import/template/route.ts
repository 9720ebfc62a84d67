import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { buildImportTemplate } from "@/lib/import/template";
import { attachmentDisposition, XLSX_MIME } from "@/lib/exports/xlsx-style";

export const dynamic = "force-dynamic";

/** The import template with this office's categories and departments. */
export async function GET() {
  try {
    await requireAction("item.import");
    const body = await buildImportTemplate(getDb());
    return new Response(new Uint8Array(body), {
      headers: { "content-type": XLSX_MIME, "content-disposition": attachmentDisposition("import-template.xlsx", "政务公开信息导入模板.xlsx"), "cache-control": "private, no-store" },
    });
  } catch (e) {
    return new Response(publicMessageOf(e), { status: httpStatusOf(e), headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
