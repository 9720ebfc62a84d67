import { z } from "zod";
import { writeAudit } from "../audit/write-audit";
import { loadPublishedItemDTO } from "../channels/load-item";
import { shanghaiToday } from "../channels/outbox";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import type { Paper } from "../sheets/layout";
import { renderSheetBatch, type SheetBatchResult } from "../sheets/render-batch";
import { loadAttachmentBytes } from "../sheets/attachment-content";
import type { BlobStorage } from "../attachments/storage";
import type { Actor } from "./manage-boards";

export interface QueueTask {
  id: string;
  itemId: string;
  title: string;
  indexNo: string | null;
  versionNo: number;
  task: string;
  status: string;
  reason: string;
  hasSheet: boolean;
  /** 紧急下架: shown first, above everything else on the queue. */
  urgent: boolean;
  postingFrom: Date | null;
  postingTo: Date | null;
  doneAt: Date | null;
  doneBy: string | null;
  createdAt: Date;
}

export interface BoardQueue {
  board: { id: string; name: string; location: string; active: boolean };
  /** 紧急下架: sheets to take down at once (top of the queue). */
  urgentTakeDown: QueueTask[];
  /** Sheets to print and put up. */
  toPost: QueueTask[];
  /** Sheets to take down (withdrawal, revision, end of 公示期). */
  toTakeDown: QueueTask[];
  /** What is on the board now: posted and not taken down. */
  onBoard: QueueTask[];
  /** Recently finished or cancelled tasks. */
  history: QueueTask[];
}

export async function getBoardQueue(db: Db, boardId: string): Promise<BoardQueue> {
  const board = await db.board.findUnique({ where: { id: boardId } });
  if (!board) throw new AppError("NOT_FOUND", "未找到该公开栏。");
  const rows = await db.boardPosting.findMany({
    where: { boardId },
    orderBy: [{ createdAt: "asc" }],
    include: { item: { select: { indexNo: true, versions: { select: { number: true, title: true } } } } },
  });
  const userIds = [...new Set(rows.map((r) => r.doneById).filter((x): x is string => Boolean(x)))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }) : [];
  const name = new Map(users.map((u) => [u.id, u.displayName]));
  const view = (r: (typeof rows)[number]): QueueTask => ({
    id: r.id,
    itemId: r.itemId,
    title: r.item.versions.find((v) => v.number === r.versionNo)?.title ?? "（未知版本）",
    indexNo: r.item.indexNo,
    versionNo: r.versionNo,
    task: r.task,
    status: r.status,
    reason: r.reason,
    hasSheet: Boolean(r.sheetKey),
    urgent: r.urgent,
    postingFrom: r.postingFrom,
    postingTo: r.postingTo,
    doneAt: r.doneAt,
    doneBy: r.doneById ? (name.get(r.doneById) ?? null) : null,
    createdAt: r.createdAt,
  });
  const takenDown = new Set(
    rows.filter((r) => r.task === "TAKE_DOWN" && r.status === "DONE").map((r) => `${r.itemId}/${r.versionNo}`),
  );
  return {
    board: { id: board.id, name: board.name, location: board.location, active: board.active },
    urgentTakeDown: rows.filter((r) => r.task === "TAKE_DOWN" && r.status === "PENDING" && r.urgent).map(view),
    toPost: rows.filter((r) => r.task === "POST" && r.status === "PENDING").map(view),
    toTakeDown: rows.filter((r) => r.task === "TAKE_DOWN" && r.status === "PENDING" && !r.urgent).map(view),
    onBoard: rows
      .filter((r) => r.task === "POST" && r.status === "DONE" && !takenDown.has(`${r.itemId}/${r.versionNo}`))
      .map(view),
    history: rows
      .filter((r) => r.status !== "PENDING")
      .sort((a, b) => (b.doneAt ?? b.createdAt).getTime() - (a.doneAt ?? a.createdAt).getTime())
      .slice(0, 30)
      .map(view),
  };
}

const markInput = z.object({
  boardId: z.string().min(1),
  postingIds: z.array(z.string().min(1)).min(1, "请至少选择一张张贴件"),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "请填写日期")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "日期无效"),
});

/** When staff record a day: now if it is today, else noon of that day in China Standard Time. */
function doneAtFor(date: string, now = new Date()): Date {
  if (date === shanghaiToday(now).toISOString().slice(0, 10)) return now;
  return new Date(`${date}T12:00:00+08:00`);
}

/**
 * Records that sheets were put up (task POST) or taken down (task TAKE_DOWN) on a board, on which
 * day and by whom. Only pending tasks of that board and kind are changed.
 */
export async function markBoardTasksDone(
  db: Db,
  actor: Actor,
  task: "POST" | "TAKE_DOWN",
  input: unknown,
  now = new Date(),
): Promise<number> {
  const { boardId, postingIds, date } = parseInput(markInput, input);
  const doneAt = doneAtFor(date, now);
  if (doneAt.getTime() > now.getTime() + 60_000) throw new AppError("INVALID_INPUT", "日期不能晚于今天。", { fields: { date: "日期不能晚于今天" } });
  return db.$transaction(async (tx) => {
    const updated = await tx.boardPosting.updateMany({
      where: { id: { in: postingIds }, boardId, task, status: "PENDING" },
      data: { status: "DONE", doneAt, doneById: actor.user.id },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "所选任务已由他人处理，请刷新页面。");
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip ?? null,
      action: task === "POST" ? "board.posted" : "board.taken-down",
      entityType: "Board",
      entityId: boardId,
      detail: { postingIds, date, count: updated.count },
    });
    return updated.count;
  });
}

/**
 * "Print everything pending": one PDF (cover list + every sheet) of the board's POST tasks not yet
 * posted. Rendered fresh from the published versions, so it is what the stored sheets are.
 */
export async function renderBoardBatch(
  db: Db,
  boardId: string,
  options: { paper: Paper; baseUrl?: string; postingIds?: readonly string[]; storage?: BlobStorage },
): Promise<{ boardName: string; batch: SheetBatchResult }> {
  const board = await db.board.findUnique({ where: { id: boardId } });
  if (!board) throw new AppError("NOT_FOUND", "未找到该公开栏。");
  const tasks = await db.boardPosting.findMany({
    where: { boardId, task: "POST", status: "PENDING", ...(options.postingIds ? { id: { in: [...options.postingIds] } } : {}) },
    orderBy: { createdAt: "asc" },
  });
  if (tasks.length === 0) throw new AppError("NOT_FOUND", "该公开栏没有待打印的张贴件。");
  const org = await db.organisation.findFirst({ orderBy: { createdAt: "asc" }, select: { name: true } });
  const sheets = [];
  for (const t of tasks) {
    const version = await db.itemVersion.findUnique({ where: { itemId_number: { itemId: t.itemId, number: t.versionNo } }, select: { id: true } });
    if (!version) continue;
    const item = await loadPublishedItemDTO(db, version.id, { baseUrl: options.baseUrl });
    const from = t.postingFrom?.toISOString().slice(0, 10) ?? item.publishedAt.slice(0, 10);
    sheets.push({
      item,
      postingPeriod: { from, to: t.postingTo?.toISOString().slice(0, 10) ?? from },
      attachmentContents: options.storage ? await loadAttachmentBytes(options.storage, item.attachments) : undefined,
    });
  }
  const batch = await renderSheetBatch({
    office: { name: org?.name ?? "四宝山街道办事处" },
    board: { name: board.name },
    paper: options.paper,
    sheets,
  });
  return { boardName: board.name, batch };
}
