import { z } from "zod";
import type { SessionUser } from "../auth/roles";
import { writeAudit } from "../audit/write-audit";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";

export interface Actor {
  user: SessionUser;
  ip?: string | null;
}

const boardInput = z.object({
  name: z.string().trim().min(1, "请填写公开栏名称").max(60, "名称不能超过60个字"),
  location: z.string().trim().min(1, "请填写设置地点").max(120, "地点不能超过120个字"),
  sortOrder: z.coerce.number().int("排序须为整数").min(0).max(9999).default(0),
  active: z
    .union([z.literal("1"), z.literal("0"), z.boolean()])
    .optional()
    .transform((v) => v === undefined || v === true || v === "1"),
});

export interface BoardSummary {
  id: string;
  name: string;
  location: string;
  active: boolean;
  sortOrder: number;
  categoryIds: string[];
  pendingPosts: number;
  pendingTakeDowns: number;
  /** Of those, urgent (紧急下架). */
  urgentTakeDowns: number;
}

export async function listBoards(db: Db): Promise<BoardSummary[]> {
  const [boards, pending, urgent] = await Promise.all([
    db.board.findMany({ orderBy: [{ active: "desc" }, { sortOrder: "asc" }, { name: "asc" }], include: { defaults: true } }),
    db.boardPosting.groupBy({ by: ["boardId", "task"], where: { status: "PENDING" }, _count: { _all: true } }),
    db.boardPosting.groupBy({ by: ["boardId"], where: { status: "PENDING", task: "TAKE_DOWN", urgent: true }, _count: { _all: true } }),
  ]);
  const count = (boardId: string, task: string) => pending.find((p) => p.boardId === boardId && p.task === task)?._count._all ?? 0;
  return boards.map((b) => ({
    id: b.id,
    name: b.name,
    location: b.location,
    active: b.active,
    sortOrder: b.sortOrder,
    categoryIds: b.defaults.map((d) => d.categoryId),
    pendingPosts: count(b.id, "POST"),
    pendingTakeDowns: count(b.id, "TAKE_DOWN"),
    urgentTakeDowns: urgent.find((u) => u.boardId === b.id)?._count._all ?? 0,
  }));
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

export async function createBoard(db: Db, actor: Actor, input: unknown): Promise<{ id: string; name: string }> {
  const data = parseInput(boardInput, input);
  try {
    return await db.$transaction(async (tx) => {
      const board = await tx.board.create({ data });
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip ?? null,
        action: "board.create",
        entityType: "Board",
        entityId: board.id,
        after: data,
      });
      return { id: board.id, name: board.name };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "已有同名的公开栏，请换一个名称。", { fields: { name: "名称重复" } });
    throw e;
  }
}

export async function updateBoard(db: Db, actor: Actor, boardId: string, input: unknown): Promise<void> {
  const data = parseInput(boardInput, input);
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.board.findUnique({ where: { id: boardId } });
      if (!before) throw new AppError("NOT_FOUND", "未找到该公开栏。");
      await tx.board.update({ where: { id: boardId }, data });
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip ?? null,
        action: "board.update",
        entityType: "Board",
        entityId: boardId,
        before: { name: before.name, location: before.location, sortOrder: before.sortOrder, active: before.active },
        after: data,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "已有同名的公开栏，请换一个名称。", { fields: { name: "名称重复" } });
    throw e;
  }
}

/** Which categories go on this board by default (an item may still choose its own boards). */
export async function setBoardDefaults(db: Db, actor: Actor, boardId: string, categoryIds: readonly string[]): Promise<void> {
  const ids = [...new Set(categoryIds.filter(Boolean))];
  await db.$transaction(async (tx) => {
    const board = await tx.board.findUnique({ where: { id: boardId }, include: { defaults: true } });
    if (!board) throw new AppError("NOT_FOUND", "未找到该公开栏。");
    const known = await tx.category.count({ where: { id: { in: ids } } });
    if (known !== ids.length) throw new AppError("INVALID_INPUT", "所选信息类别不存在，请刷新页面后重试。");
    await tx.boardCategoryDefault.deleteMany({ where: { boardId } });
    if (ids.length) await tx.boardCategoryDefault.createMany({ data: ids.map((categoryId) => ({ boardId, categoryId })) });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip ?? null,
      action: "board.defaults",
      entityType: "Board",
      entityId: boardId,
      before: { categoryIds: board.defaults.map((d) => d.categoryId) },
      after: { categoryIds: ids },
    });
  });
}
