"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAction, requestIp } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { formatChineseDate } from "@/lib/calendar/dates";
import { formatYuan } from "@/lib/applications/fees";
import { assignHandler, confirmReceipt } from "@/lib/applications/receipt";
import { recordCorrectionReceived, requestCorrection } from "@/lib/applications/correction";
import { endConsultation, startConsultation } from "@/lib/applications/consultation";
import { declineExtension, grantExtension, requestExtension } from "@/lib/applications/extension";
import { issueFeeNotice, quoteApplicationFee, recordFeeNoticeDelivery, recordFeePayment, waiveFee } from "@/lib/applications/fee-steps";
import { decideApplication, issueReply, updateReplyDraft } from "@/lib/applications/decision";
import { registerApplication } from "@/lib/applications/submit-application";
import { filesOf } from "../../../(portal)/apply/helpers";

async function actor(permission: Permission = "application.handle") {
  return { user: await requireAction(permission), ip: await requestIp() };
}

function idOf(form: FormData): string {
  return String(form.get("applicationId") ?? "");
}

function done(id: string) {
  revalidatePath(`/console/applications/${id}`);
  revalidatePath("/console/applications");
}

export interface RegisterState {
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
  seq: number;
}

export async function registerApplicationAction(prev: RegisterState | null, form: FormData): Promise<RegisterState> {
  const values = formObject(form);
  let createdId = "";
  const result = await runAction(async () => {
    const a = await actor();
    const created = await registerApplication(getDb(), a, {
      form: values,
      channel: String(form.get("channel") ?? ""),
      receivedOn: String(form.get("receivedOn") ?? ""),
      files: await filesOf(form, "attachments"),
    });
    createdId = created.id;
    return `已登记，申请编号${created.trackingCode}。`;
  });
  if (result.ok && createdId) redirect(`/console/applications/${createdId}`);
  return { message: result.message, fields: result.fields ?? {}, values, seq: (prev?.seq ?? 0) + 1 };
}

export async function confirmReceiptAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await confirmReceipt(getDb(), await actor(), id);
    done(id);
    return `已确认收到申请，收到申请之日为${formatChineseDate(r.receivedOn)}，答复期限自次日起计算。`;
  });
}

export async function assignHandlerAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await assignHandler(getDb(), await actor(), id, String(form.get("handlerId") ?? ""));
    done(id);
    return "已指定承办人。";
  });
}

export async function requestCorrectionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await requestCorrection(getDb(), await actor(), id, formObject(form));
    done(id);
    return `已出具补正告知书，补正期限为${formatChineseDate(r.deadlineOn)}。`;
  });
}

export async function recordCorrectionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await recordCorrectionReceived(getDb(), await actor(), id, formObject(form));
    done(id);
    return `已登记收到补正后的申请，答复期限自${formatChineseDate(r.receivedOn)}的次日起重新计算。${r.message ?? ""}`;
  });
}

export async function startConsultationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await startConsultation(getDb(), await actor(), id, formObject(form));
    done(id);
    return `已出具征求意见书，答复期限暂停计算${r.replyByOn ? `；第三方应于${formatChineseDate(r.replyByOn)}前提出意见` : ""}。`;
  });
}

export async function endConsultationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await endConsultation(getDb(), await actor(), id, formObject(form));
    done(id);
    return "已登记征求意见结束，答复期限恢复计算。";
  });
}

export async function requestExtensionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await requestExtension(getDb(), await actor(), id, formObject(form));
    done(id);
    return "延期申请已提交分管领导审批。";
  });
}

export async function grantExtensionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await grantExtension(getDb(), await actor("application.extend"), id, formObject(form));
    done(id);
    revalidatePath("/console/applications/extensions");
    return `已同意延长答复期限并出具延期答复告知书${r.newDueOn ? `，答复期限延至${formatChineseDate(r.newDueOn)}` : ""}。`;
  });
}

export async function declineExtensionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await declineExtension(getDb(), await actor("application.extend"), id, formObject(form));
    done(id);
    revalidatePath("/console/applications/extensions");
    return "已退回延期申请。";
  });
}

export async function quoteFeeAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await actor();
    const q = await quoteApplicationFee(getDb(), idOf(form), formObject(form));
    const lines = q.lines.map((l) => `${l.label}，小计${formatYuan(l.subtotalFen)}元`).join("；");
    return q.chargeable ? `试算结果：应收${q.totalYuan}元（${lines}）。` : `试算结果：不收费（${lines || "未超过免费额度"}）。`;
  });
}

export async function issueFeeNoticeAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await issueFeeNotice(getDb(), await actor(), id, formObject(form));
    done(id);
    return r.dueOn
      ? `已出具收费通知书，应收${r.quote.totalYuan}元，缴费期限为${formatChineseDate(r.dueOn)}。`
      : `已出具收费通知书，应收${r.quote.totalYuan}元。申请人收到后，请登记送达日期，缴费期限自收到之日起计算。`;
  });
}

export async function recordFeeDeliveryAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    const r = await recordFeeNoticeDelivery(getDb(), await actor(), id, formObject(form));
    done(id);
    return `已登记送达日期，缴费期限为${formatChineseDate(r.dueOn)}。`;
  });
}

export async function recordFeePaymentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await recordFeePayment(getDb(), await actor(), id, formObject(form));
    done(id);
    return "已登记缴费，答复期限恢复计算。";
  });
}

export async function waiveFeeAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await waiveFee(getDb(), await actor(), id, formObject(form));
    done(id);
    return "已登记减免信息处理费。";
  });
}

export async function decideAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await decideApplication(getDb(), await actor(), id, formObject(form));
    done(id);
    return "已拟定处理决定，请核改答复告知书后出具。";
  });
}

export async function saveReplyDraftAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await updateReplyDraft(getDb(), await actor(), id, formObject(form));
    done(id);
    return "答复告知书已保存。";
  });
}

export async function issueReplyAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = idOf(form);
    await issueReply(getDb(), await actor(), id, formObject(form));
    done(id);
    return "答复告知书已出具，申请办结。";
  });
}
