import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { exportCatalogueXlsx } from "@/lib/exports/catalogue-xlsx";
import { attachmentDisposition, XLSX_MIME } from "@/lib/exports/xlsx-style";
import { toChinaDate } from "@/lib/calendar/dates";

export const dynamic = "force-dynamic";

/** The item list as filtered on 信息管理 (same query parameters), as XLSX in the import template's columns. */
export async function GET(req: Request) {
  try {
    const user = await requireAction("item.read");
    const sp = Object.fromEntries(new URL(req.url).searchParams);
    const filter = { state: sp.state, departmentId: sp.departmentId, categoryId: sp.categoryId, year: sp.year, q: sp.q };
    const db = getDb();
    const { buffer, rows } = await exportCatalogueXlsx(db, user, filter);
    await writeAudit(db, { actorId: user.id, actorName: user.displayName, ip: await requestIp(), action: "item.catalogue-export", entityType: "Item", detail: { filter, rows } });
    const day = toChinaDate(new Date());
    return new Response(new Uint8Array(buffer), {
      headers: { "content-type": XLSX_MIME, "content-disposition": attachmentDisposition(`catalogue-${day}.xlsx`, `政府信息公开目录-${day}.xlsx`), "cache-control": "private, no-store" },
    });
  } catch (e) {
    return new Response(publicMessageOf(e), { status: httpStatusOf(e), headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
