import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { createImportBatch } from "@/lib/import/import-batches";

export const dynamic = "force-dynamic";

async function fileOf(form: FormData, name: string) {
  const f = form.get(name);
  if (!f || typeof f === "string" || f.size === 0) return null;
  return { name: f.name, data: Buffer.from(await f.arrayBuffer()) };
}

/**
 * Upload of a filled template (and the ZIP of named files). A route handler rather than a server
 * action: the ZIP may be larger than server actions accept. Answers JSON for the upload form.
 */
export async function POST(req: Request) {
  try {
    const user = await requireAction("item.import");
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      return Response.json({ ok: false, message: "上传未完成或格式不正确，请重新选择文件上传" }, { status: 400 });
    }
    const sheet = await fileOf(form, "sheet");
    if (!sheet) return Response.json({ ok: false, message: "请选择要导入的表格文件（.xlsx 或 .csv）" }, { status: 400 });
    const id = await createImportBatch(getDb(), getStorage(), { user, ip: await requestIp() }, { sheet, zip: await fileOf(form, "files") });
    return Response.json({ ok: true, id });
  } catch (e) {
    return Response.json({ ok: false, message: publicMessageOf(e) }, { status: httpStatusOf(e) });
  }
}
