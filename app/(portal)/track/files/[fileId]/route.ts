import { getDb } from "@/lib/db/client";
import { requestIp } from "@/lib/auth/session";
import { contentDisposition } from "@/lib/applications/tracking";
import { getApplicationStorage } from "@/lib/applications/records";
import { downloadReleasedFile } from "@/lib/applications/released-files";
import { trackedApplicationId } from "../../session";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** A file released with the reply, for the applicant who unlocked this application; audited per download. */
export async function GET(_req: Request, { params }: { params: Promise<{ fileId: string }> }) {
  const { fileId } = await params;
  const id = await trackedApplicationId();
  if (!id) return text("查询已超时，请重新查询后下载。", 401);
  const file = await downloadReleasedFile(getDb(), getApplicationStorage(), { applicationId: id, fileId, ip: await requestIp() });
  if (!file) return text("未找到该文件，或下载期限已过。如需再次获取，请联系本机关。", 404);
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.mime,
      "content-disposition": contentDisposition(file.filename),
      "cache-control": "private, no-store",
    },
  });
}
