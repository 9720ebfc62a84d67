import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { getOrganisation } from "@/lib/org/get-organisation";
import { renderReportDocx } from "@/lib/annual-report/export-docx";
import { renderReportPdf } from "@/lib/annual-report/export-pdf";
import { renderLegacyReport } from "@/lib/annual-report/legacy";
import { renderAnnualTablesXlsx } from "@/lib/exports/annual-tables-xlsx";
import { buildAnnualReport, reportTitle } from "@/lib/reports/build-annual-report";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

function disposition(filename: string): string {
  // RFC 6266/5987: an ASCII fallback plus the UTF-8 name for browsers that read it.
  return `attachment; filename="annual-report.${filename.split(".").pop()}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The report as it stands (live while drafting, frozen from submission on), as DOCX, PDF, the older text form, or its tables as XLSX. */
export async function GET(_req: Request, { params }: { params: Promise<{ year: string; format: string }> }) {
  try {
    await requireAction("report.read");
  } catch (e) {
    return text(publicMessageOf(e), httpStatusOf(e));
  }
  const { year: y, format } = await params;
  const year = Number(y);
  if (!Number.isInteger(year) || !(format in MIME)) return text("未找到相应文件", 404);
  const db = getDb();
  try {
    const built = await buildAnnualReport(db, year);
    if (!built.exists) return text("该年度报告尚未生成", 404);
    const org = await getOrganisation(db);
    const title = reportTitle(org.name, year);
    const draft = built.status === "PUBLISHED" ? "" : "（未发布稿）";
    let body: Buffer;
    if (format === "docx") body = await renderReportDocx(built.document);
    else if (format === "pdf") body = await renderReportPdf(built.document);
    else if (format === "xlsx") body = await renderAnnualTablesXlsx(built.document);
    else body = Buffer.from(`${renderLegacyReport(year, built.data, built.drafts)}\n`, "utf8");
    return new Response(new Uint8Array(body), {
      headers: {
        "content-type": MIME[format as keyof typeof MIME],
        "content-disposition": disposition(`${title}${format === "xlsx" ? "（统计表）" : ""}${draft}${format === "txt" ? "（旧版格式）" : ""}.${format}`),
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    console.error("[annual-report] export failed", e);
    return text(publicMessageOf(e), httpStatusOf(e));
  }
}
