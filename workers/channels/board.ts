import { ChannelError } from "../../lib/channels/errors";
import { loadPublishedItemDTO } from "../../lib/channels/load-item";
import { isRemoval } from "../../lib/channels/outbox";
import { renderNoticeSheet } from "../../lib/sheets/render-sheet";
import { loadAttachmentBytes } from "../../lib/sheets/attachment-content";
import type { ChannelContext } from "./context";
import type { ChannelHandler } from "./process-delivery";

const dateKey = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

/**
 * Notice boards: the print tasks were written with the delivery (lib/channels/outbox.ts); here the
 * sheet PDF for each pending POST task of this version is rendered once per 公示期, stored in the
 * blob store, and attached to the tasks. The delivery is done when the sheets are in the queues —
 * posting them is people's work, recorded on the board's print queue.
 */
export const handleBoard: ChannelHandler = async (ctx, row) => {
  if (isRemoval(row.action)) {
    const takeDowns = await ctx.db.boardPosting.count({
      where: { itemId: row.itemId, task: "TAKE_DOWN", status: "PENDING", ...(row.action === "TAKEDOWN" ? { urgent: true } : {}) },
    });
    return { kind: "delivered", state: { takeDowns, urgent: row.action === "TAKEDOWN" } };
  }

  const tasks = await ctx.db.boardPosting.findMany({
    where: { itemId: row.itemId, versionNo: row.versionNo, task: "POST", status: { in: ["PENDING", "DONE"] } },
    select: { id: true, status: true, sheetKey: true, postingFrom: true, postingTo: true },
  });
  if (tasks.length === 0) {
    // Cancelled by a later revision or withdrawal, or no board chosen and no default for the category.
    return { kind: "skipped", reason: "没有需要张贴的公开栏" };
  }
  const todo = tasks.filter((t) => !t.sheetKey);
  if (todo.length > 0) {
    const sheets = await renderSheets(ctx, row.versionId, todo);
    for (const t of todo) {
      const key = sheets.get(`${dateKey(t.postingFrom)}/${dateKey(t.postingTo)}`)!;
      await ctx.db.boardPosting.update({ where: { id: t.id }, data: { sheetKey: key } });
    }
  }
  return { kind: "delivered", state: { boards: tasks.length, paper: ctx.settings.paper } };
};

/** Renders one sheet per distinct posting period and stores each; returns period → blob key. */
async function renderSheets(
  ctx: ChannelContext,
  versionId: string,
  tasks: { postingFrom: Date | null; postingTo: Date | null }[],
): Promise<Map<string, string>> {
  const item = await loadPublishedItemDTO(ctx.db, versionId, { baseUrl: ctx.publicBaseUrl });
  const org = await ctx.db.organisation.findFirst({ orderBy: { createdAt: "asc" }, select: { name: true } });
  const out = new Map<string, string>();
  for (const t of tasks) {
    const key = `${dateKey(t.postingFrom)}/${dateKey(t.postingTo)}`;
    if (out.has(key)) continue;
    const from = dateKey(t.postingFrom) || item.publishedAt.slice(0, 10);
    const to = dateKey(t.postingTo) || from;
    let pdf: Buffer;
    try {
      pdf = await renderNoticeSheet({
        item,
        office: { name: org?.name ?? "四宝山街道办事处" },
        postingPeriod: { from, to },
        paper: ctx.settings.paper,
        attachmentContents: await loadAttachmentBytes(ctx.storage, item.attachments),
      });
    } catch (e) {
      // Rendering is deterministic: the same item fails the same way on every retry.
      throw new ChannelError({
        channel: "board",
        code: "INVALID_PAYLOAD",
        permanent: true,
        message: `无法生成公开栏张贴件：${(e as Error).message}`,
        cause: e,
      });
    }
    out.set(key, (await ctx.storage.put(pdf)).key);
  }
  return out;
}
