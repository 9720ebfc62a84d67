import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBoardQueue, markBoardTasksDone, renderBoardBatch } from "../../lib/boards/board-queue";
import { createBoard, listBoards, setBoardDefaults } from "../../lib/boards/manage-boards";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { createDeliveries } from "../../lib/channels/outbox";
import { retryDelivery } from "../../lib/channels/retry-delivery";
import { createDb, type Db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { seedDemo } from "../../lib/seed/seed-demo";
import { createPublishedItem } from "./channels-harness";

let db: Db;
let reviewer: SessionUser;
let admin: SessionUser;
const dir = mkdtempSync(path.join(tmpdir(), "gk-boards-"));

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL);
  await seedDemo(db);
  const load = async (username: string) => (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { username } })).id))!;
  reviewer = await load("reviewer");
  admin = await load("admin");
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("notice-board print queue", () => {
  it("uses the item's own boards when it chose some, and the category's defaults otherwise", async () => {
    const board = await createBoard(db, { user: admin }, { name: `测试公示栏${Date.now()}`, location: "测试地点", sortOrder: "9" });
    const category = await db.category.findFirstOrThrow({ where: { code: "czyjs" } });
    await setBoardDefaults(db, { user: admin }, board.id, [category.id]);

    const byDefault = await createPublishedItem(db, { categoryCode: "czyjs" });
    await db.$transaction((tx) => createDeliveries(tx, { ...byDefault, action: "UPSERT", channels: ["BOARD"] }));
    const defaultBoards = await db.boardPosting.findMany({ where: { itemId: byDefault.itemId }, include: { board: true } });
    // The lobby board takes every category; the new board takes 财政预决算.
    expect(defaultBoards.map((p) => p.board.name).sort()).toEqual(["党政办公室一楼大厅公开栏", (await db.board.findUniqueOrThrow({ where: { id: board.id } })).name].sort());

    const chosen = await createPublishedItem(db, { categoryCode: "czyjs" });
    await db.itemBoard.create({ data: { itemId: chosen.itemId, boardId: board.id } });
    await db.$transaction((tx) => createDeliveries(tx, { ...chosen, action: "UPSERT", channels: ["BOARD"] }));
    const chosenBoards = await db.boardPosting.findMany({ where: { itemId: chosen.itemId } });
    expect(chosenBoards.map((p) => p.boardId)).toEqual([board.id]);

    const summary = (await listBoards(db)).find((b) => b.id === board.id)!;
    expect(summary.pendingPosts).toBe(2);
    expect(summary.categoryIds).toEqual([category.id]);
  });

  it("prints everything pending as one PDF with a cover list, and records posting and taking down", async () => {
    const board = await createBoard(db, { user: admin }, { name: `打印测试公示栏${Date.now()}`, location: "测试地点" });
    const items = [];
    for (const title of ["关于2026年度城乡居民医疗保险集中缴费的通知", "四宝山街道临时救助对象公示"]) {
      const item = await createPublishedItem(db, { title });
      await db.itemBoard.create({ data: { itemId: item.itemId, boardId: board.id } });
      await db.$transaction((tx) => createDeliveries(tx, { ...item, action: "UPSERT", channels: ["BOARD"] }));
      items.push(item);
    }
    const { batch } = await renderBoardBatch(db, board.id, { paper: "A4", baseUrl: "http://localhost:3100" });
    expect(batch.entries.map((e) => e.indexNo)).toEqual(items.map((i) => i.indexNo));
    const file = path.join(dir, "batch.pdf");
    writeFileSync(file, batch.pdf);
    const text = execFileSync("pdftotext", [file, "-"]).toString("utf8").replace(/\s+/g, "");
    expect(text).toContain("张贴打印清单");
    for (const item of items) {
      expect(text).toContain(item.title);
      expect(text).toContain(item.indexNo);
    }

    const queue = await getBoardQueue(db, board.id);
    expect(queue.toPost).toHaveLength(2);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    await expect(
      markBoardTasksDone(db, { user: reviewer }, "POST", { boardId: board.id, postingIds: [], date: today }),
    ).rejects.toBeInstanceOf(AppError);
    const n = await markBoardTasksDone(db, { user: reviewer }, "POST", { boardId: board.id, postingIds: queue.toPost.map((t) => t.id), date: today });
    expect(n).toBe(2);
    const posted = await getBoardQueue(db, board.id);
    expect(posted.toPost).toHaveLength(0);
    expect(posted.onBoard.map((t) => t.doneBy)).toEqual([reviewer.displayName, reviewer.displayName]);
    await expect(renderBoardBatch(db, board.id, { paper: "A4" })).rejects.toThrow("没有待打印");

    // Withdrawal of the first item: a take-down task, then recorded as done.
    const first = items[0];
    await db.$transaction((tx) => createDeliveries(tx, { ...first, action: "DELETE", channels: ["BOARD"] }));
    const withTakeDown = await getBoardQueue(db, board.id);
    expect(withTakeDown.toTakeDown.map((t) => t.itemId)).toEqual([first.itemId]);
    await markBoardTasksDone(db, { user: reviewer }, "TAKE_DOWN", { boardId: board.id, postingIds: withTakeDown.toTakeDown.map((t) => t.id), date: today });
    const after = await getBoardQueue(db, board.id);
    expect(after.toTakeDown).toHaveLength(0);
    expect(after.onBoard.map((t) => t.itemId)).toEqual([items[1].itemId]);
    expect(await db.auditLog.count({ where: { entityId: board.id, action: { in: ["board.posted", "board.taken-down"] } } })).toBe(2);
  });

  it("refuses a posting date in the future", async () => {
    const board = (await listBoards(db))[0];
    await expect(
      markBoardTasksDone(db, { user: reviewer }, "POST", { boardId: board.id, postingIds: ["x"], date: "2099-01-01" }),
    ).rejects.toThrow("日期不能晚于今天");
  });
});

describe("retryDelivery", () => {
  it("puts a failed delivery back to PENDING, restarts a refused WeChat publication, and writes the audit log", async () => {
    const item = await createPublishedItem(db);
    const [id] = await db.$transaction((tx) => createDeliveries(tx, { ...item, action: "UPSERT", channels: ["WECHAT"] }));
    await expect(retryDelivery(db, { user: reviewer }, id)).rejects.toThrow("只有推送失败的记录可以重试");
    await db.delivery.update({
      where: { id },
      data: {
        status: "FAILED",
        lastError: "公众号发布失败：平台审核不通过，请检查内容后重新发布",
        state: { progress: { thumbMediaId: "MEDIA_1", draftMediaId: "DRAFT_1", publishId: "123" }, publishStatus: 4, polls: 3 },
      },
    });
    await retryDelivery(db, { user: reviewer }, id);
    const row = await db.delivery.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("PENDING");
    expect(row.lastError).toBeNull();
    expect(row.state).toEqual({ progress: { thumbMediaId: "MEDIA_1" } });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: id, action: "delivery.retry" } });
    expect(audit.actorId).toBe(reviewer.id);
  });
});
