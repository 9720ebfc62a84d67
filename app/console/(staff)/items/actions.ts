"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { getStorage } from "@/lib/attachments/get-storage";
import { itemFormToInput } from "@/lib/items/item-input";
import {
  approveItem,
  createItem,
  dismissFinding,
  publishItem,
  returnItem,
  reviseItem,
  scheduleItem,
  signOffItem,
  submitItem,
  takedownItem,
  updateItemDraft,
  withdrawItem,
  type PublishChoice,
} from "@/lib/items/item-commands";
import { addItemAttachment, removeItemAttachment } from "@/lib/items/item-attachments";
import { getItemForUser } from "@/lib/items/item-queries";
import { retryDelivery } from "@/lib/channels/retry-delivery";
import { requeueDeliveries } from "@/lib/channels/outbox";

async function actor(permission: Parameters<typeof requireAction>[0] = "item.read") {
  return { user: await requireAction(permission), ip: await requestIp() };
}

function refresh(itemId: string) {
  revalidatePath(`/console/items/${itemId}`);
  revalidatePath(`/items/${itemId}`);
  revalidatePath("/", "layout");
}

export async function createItemAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const item = await createItem(getDb(), await actor("item.draft"), itemFormToInput(form));
    redirect(`/console/items/${item.id}?created=1`);
  });
}

export async function updateItemAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const itemId = String(form.get("itemId") ?? "");
    await updateItemDraft(getDb(), await actor("item.draft"), itemId, itemFormToInput(form));
    refresh(itemId);
    redirect(`/console/items/${itemId}?saved=1`);
  });
}

function parseLocalDateTime(value: string): Date {
  // <input type="datetime-local"> gives China time without a zone.
  const d = new Date(`${value}:00+08:00`);
  if (Number.isNaN(d.getTime())) throw new AppError("INVALID_INPUT", "请填写有效的定时发布时间", { fields: { scheduledAt: "时间无效" } });
  return d;
}

export async function transitionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const db = getDb();
    const itemId = String(form.get("itemId") ?? "");
    const action = String(form.get("action") ?? "");
    const a = await actor();
    // Visibility first: a user cannot act on an item they cannot see.
    await getItemForUser(db, a.user, itemId);
    let message: string;
    switch (action) {
      case "submit":
        await submitItem(db, a, itemId);
        message = "已提交科室负责人签发。";
        break;
      case "signOff":
        await signOffItem(db, a, itemId);
        message = "已签发，提交党政办公室审核。";
        break;
      case "return":
        await returnItem(db, a, itemId, String(form.get("comment") ?? ""));
        message = "已退回修改。";
        break;
      case "approve": {
        const mode = String(form.get("publish") ?? "now");
        const choice: PublishChoice =
          mode === "schedule"
            ? { mode: "schedule", at: parseLocalDateTime(String(form.get("scheduledAt") ?? "")) }
            : mode === "later"
              ? { mode: "later" }
              : { mode: "now" };
        const item = await approveItem(db, a, itemId, choice);
        message =
          item.state === "PUBLISHED"
            ? `审核通过并已发布，索引号 ${item.indexNo}。`
            : choice.mode === "schedule"
              ? `审核通过，索引号 ${item.indexNo}，将于预定时间自动发布。`
              : `审核通过，索引号 ${item.indexNo}，请在规定期限内发布。`;
        break;
      }
      case "schedule": {
        const raw = String(form.get("scheduledAt") ?? "");
        await scheduleItem(db, a, itemId, raw ? parseLocalDateTime(raw) : null);
        message = raw ? "已设置定时发布。" : "已取消定时发布。";
        break;
      }
      case "publish":
        await publishItem(db, a, itemId);
        message = "已发布。";
        break;
      case "withdraw":
        await withdrawItem(db, a, itemId, String(form.get("reason") ?? ""));
        message = "已撤回，公开页面已显示撤回说明，各渠道将同步撤回。";
        break;
      case "takedown":
        // 紧急下架: the office reviewer or the administrator only (checked here and in the workflow).
        await takedownItem(db, await actor("item.takedown"), itemId, String(form.get("reason") ?? ""));
        message = "已紧急下架：门户网站信息页和附件已停止公开，列表、检索、订阅源和开放数据已删除，各渠道正在删除。请在“下架报告”中查看各处确认情况。";
        break;
      case "revise":
        await reviseItem(db, a, itemId, String(form.get("changeNote") ?? ""));
        refresh(itemId);
        redirect(can(a.user, "item.draft") ? `/console/items/${itemId}/edit` : `/console/items/${itemId}`);
      default:
        throw new AppError("INVALID_INPUT", "未知操作");
    }
    refresh(itemId);
    return message;
  });
}

export async function dismissFindingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const itemId = String(form.get("itemId") ?? "");
    const a = await actor("scan.dismiss");
    await getItemForUser(getDb(), a.user, itemId);
    await dismissFinding(getDb(), a, itemId, String(form.get("fingerprint") ?? ""), String(form.get("reason") ?? ""));
    refresh(itemId);
    return "已排除该项审查发现。";
  });
}

export async function uploadAttachmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const itemId = String(form.get("itemId") ?? "");
    const a = await actor("item.draft");
    await getItemForUser(getDb(), a.user, itemId);
    const files = form.getAll("file").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && f.size > 0);
    if (files.length === 0) throw new AppError("INVALID_INPUT", "请选择要上传的附件");
    for (const f of files) {
      await addItemAttachment(getDb(), getStorage(), a, itemId, { name: f.name, data: Buffer.from(await f.arrayBuffer()) });
    }
    refresh(itemId);
    return `已上传 ${files.length} 个附件，已自动清除文件中的作者、软件等元数据。`;
  });
}

export async function removeAttachmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const itemId = String(form.get("itemId") ?? "");
    const a = await actor("item.draft");
    await removeItemAttachment(getDb(), a, itemId, String(form.get("attachmentId") ?? ""));
    refresh(itemId);
    return "附件已删除。";
  });
}

/** Retry of a failed 紧急下架 removal from the takedown report (office reviewer or administrator). */
export async function retryTakedownDeliveryAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const a = await actor("item.takedown");
    const deliveryId = String(form.get("deliveryId") ?? "");
    const row = await getDb().delivery.findUnique({ where: { id: deliveryId }, select: { action: true } });
    if (!row || row.action !== "TAKEDOWN") throw new AppError("NOT_FOUND", "未找到该下架推送记录。");
    const retried = await retryDelivery(getDb(), a, deliveryId);
    await requeueDeliveries([retried]);
    refresh(retried.itemId);
    return "已重新加入下架队列（优先处理），稍后刷新页面查看结果。";
  });
}
