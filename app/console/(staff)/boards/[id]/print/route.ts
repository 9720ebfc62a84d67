import { requireAction } from "@/lib/auth/session";
import { renderBoardBatch } from "@/lib/boards/board-queue";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { httpStatusOf, publicMessageOf } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

/** One PDF of every sheet pending on this board (cover list first), A4 or A3. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireAction("board.post");
    const { id } = await params;
    const paper = new URL(request.url).searchParams.get("paper") === "A3" ? "A3" : "A4";
    const { boardName, batch } = await renderBoardBatch(getDb(), id, { paper, baseUrl: getEnv().PUBLIC_BASE_URL, storage: getStorage() });
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const filename = `${boardName}-待张贴-${date}-${paper}.pdf`;
    return new Response(new Uint8Array(batch.pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="board-${date}-${paper}.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return new Response(publicMessageOf(e), { status: httpStatusOf(e), headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
