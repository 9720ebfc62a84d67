"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { markBoardTasksDone } from "@/lib/boards/board-queue";
import { createBoard, setBoardDefaults, updateBoard } from "@/lib/boards/manage-boards";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";

async function actor(permission: "admin.settings" | "board.post") {
  return { user: await requireAction(permission), ip: await requestIp() };
}

export async function createBoardAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const board = await createBoard(getDb(), await actor("admin.settings"), formObject(form));
    revalidatePath("/console/boards");
    return `已添加公开栏“${board.name}”。`;
  });
}

export async function updateBoardAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const boardId = String(form.get("boardId") ?? "");
    const input = { ...formObject(form), active: form.get("active") === "1" ? "1" : "0" };
    await updateBoard(getDb(), await actor("admin.settings"), boardId, input);
    revalidatePath("/console/boards");
    revalidatePath(`/console/boards/${boardId}`);
    return "公开栏信息已保存。";
  });
}

export async function setBoardDefaultsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const boardId = String(form.get("boardId") ?? "");
    await setBoardDefaults(getDb(), await actor("admin.settings"), boardId, form.getAll("categoryIds").map(String));
    revalidatePath("/console/boards");
    return "默认张贴的信息类别已保存。";
  });
}

function markInput(form: FormData) {
  return { boardId: String(form.get("boardId") ?? ""), date: String(form.get("date") ?? ""), postingIds: form.getAll("postingIds").map(String) };
}

export async function markPostedAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const input = markInput(form);
    const n = await markBoardTasksDone(getDb(), await actor("board.post"), "POST", input);
    revalidatePath(`/console/boards/${input.boardId}`);
    return `已登记 ${n} 张张贴件为已张贴。`;
  });
}

export async function markTakenDownAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const input = markInput(form);
    const n = await markBoardTasksDone(getDb(), await actor("board.post"), "TAKE_DOWN", input);
    revalidatePath(`/console/boards/${input.boardId}`);
    return `已登记 ${n} 张张贴件为已撤下。`;
  });
}
