import { requireAction, requestIp } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { AppError, httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { exportApplicationLedger } from "@/lib/exports/application-ledger";
import { attachmentDisposition, XLSX_MIME } from "@/lib/exports/xlsx-style";

export const dynamic = "force-dynamic";

/** 依申请公开台账 as XLSX, for a year (?year=2026) or all years. */
export async function GET(req: Request) {
  try {
    // 党政办 (in full) and the 分管领导 overseeing the work (masked).
    const user = await requireAction("console.access");
    if (!can(user, "application.handle") && !can(user, "oversight.read")) throw new AppError("FORBIDDEN");
    const y = new URL(req.url).searchParams.get("year");
    if (y && !/^\d{4}$/.test(y)) throw new AppError("INVALID_INPUT", "年份应为四位数字");
    const year = y ? Number(y) : undefined;
    const { buffer } = await exportApplicationLedger(getDb(), user, { year, ip: await requestIp() });
    const label = year ? `${year}年` : "全部";
    return new Response(new Uint8Array(buffer), {
      headers: { "content-type": XLSX_MIME, "content-disposition": attachmentDisposition(`application-ledger-${year ?? "all"}.xlsx`, `依申请公开台账（${label}）.xlsx`), "cache-control": "private, no-store" },
    });
  } catch (e) {
    return new Response(publicMessageOf(e), { status: httpStatusOf(e), headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
