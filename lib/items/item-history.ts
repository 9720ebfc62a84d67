import { diffChars } from "diff";
import type { Db } from "../db/client";
import { bodyText } from "./item-input";

export const HISTORY_LABELS: Record<string, string> = {
  "item.create": "起草",
  "item.edit": "修改",
  "item.submit": "提交签发",
  "item.signOff": "科室负责人签发",
  "item.return": "退回修改",
  "item.approve": "党政办审核通过",
  "item.schedule": "设置定时发布",
  "item.publish": "发布",
  "item.withdraw": "撤回",
  "item.revise": "开始修订",
  "item.finding-dismissed": "保密审查发现已排除",
  "item.finding-masked": "一键脱敏",
  "item.attachment-add": "上传附件",
  "item.attachment-remove": "删除附件",
  "delivery.retry": "渠道重新推送",
  "item.import-history": "导入历史记录",
};

const FIELD_LABELS: Record<string, string> = {
  title: "标题",
  summary: "内容概述",
  bodyHtml: "正文",
  documentNumber: "发文字号",
  topic: "主题分类",
  validity: "有效性",
  generatedDate: "生成日期",
  changeNote: "修订说明",
  categoryId: "分类",
  departmentId: "发布机构",
  channels: "发布渠道",
  state: "状态",
  indexNo: "索引号",
};

/** The item's history tab: every audit entry, with the fields an edit changed. */
export async function getItemHistory(db: Db, itemId: string) {
  const rows = await db.auditLog.findMany({ where: { entityType: "Item", entityId: itemId }, orderBy: { id: "asc" } });
  return rows.map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as Record<string, unknown>;
    const changed =
      r.action === "item.edit" || r.action === "item.finding-masked"
        ? Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && FIELD_LABELS[k]).map((k) => FIELD_LABELS[k])
        : [];
    const detail = (r.detail ?? {}) as Record<string, unknown>;
    return {
      id: r.id.toString(),
      at: r.at,
      actor: r.actorName ?? "系统",
      action: HISTORY_LABELS[r.action] ?? r.action,
      changed,
      note:
        (detail.comment as string) ??
        (detail.reason as string) ??
        (detail.changeNote as string) ??
        (detail.twoPersonRuleOverridden ? "管理员越权审核（双人审核原则例外）" : undefined) ??
        (after.name as string | undefined),
    };
  });
}

export interface DiffPart {
  text: string;
  kind: "same" | "added" | "removed";
}

/** Character diff, the right grain for Chinese text. */
export function diffText(a: string, b: string): DiffPart[] {
  return diffChars(a, b).map((p) => ({ text: p.value, kind: p.added ? "added" : p.removed ? "removed" : "same" }));
}

export function versionDiff(
  a: { title: string; summary: string; bodyHtml: string },
  b: { title: string; summary: string; bodyHtml: string },
) {
  return {
    title: diffText(a.title, b.title),
    summary: diffText(a.summary, b.summary),
    body: diffText(bodyText(a.bodyHtml), bodyText(b.bodyHtml)),
  };
}
