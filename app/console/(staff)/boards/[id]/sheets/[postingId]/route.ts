import { getStorage } from "@/lib/attachments/get-storage";
import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError, httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";
import { isBlobBlocked } from "@/lib/items/takedown";

export const dynamic = "force-dynamic";

/** The stored sheet of one print task (rendered by the board worker when the item was published). */
export async function GET(_: Request, { params }: { params: Promise<{ id: string; postingId: string }> }) {
  try {
    await requireAction("board.post");
    const { id, postingId } = await params;
    const posting = await getDb().boardPosting.findUnique({
      where: { id: postingId },
      include: { item: { select: { indexNo: true } } },
    });
    if (!posting || posting.boardId !== id || !posting.sheetKey) throw new AppError("NOT_FOUND", "张贴件不存在或尚未生成。");
    if (await isBlobBlocked(getDb(), posting.sheetKey)) {
      return new Response("该张贴件所属信息已紧急下架，不再提供。", { status: 410, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    }
    const pdf = await getStorage().get(posting.sheetKey);
    if (!pdf) throw new AppError("NOT_FOUND", "张贴件文件缺失，请联系管理员。");
    const name = `张贴件-${(posting.item.indexNo ?? posting.itemId).replace(/[\\/]/g, "-")}-第${posting.versionNo}版.pdf`;
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="sheet-${posting.versionNo}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return new Response(publicMessageOf(e), { status: httpStatusOf(e), headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
