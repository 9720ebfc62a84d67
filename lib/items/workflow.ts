/**
 * The item workflow as one pure module: which action is allowed from which state, for whom.
 *
 * The office's procedure (its 2017 report): a department drafts; its head signs within 5 days and
 * sends it to 党政办公室; 党政办公室 reviews (content, form, confidentiality) and approves; it is
 * published within 10 days. Returned items go back to draft with comments. Published items may be
 * withdrawn (the public page stays with a notice) or revised (a new version through the same review,
 * 先审后发). Two-person rule: nobody approves a version they drafted, edited or signed off — not
 * even an administrator (there is no override; refusals are audited by the caller).
 *
 * 紧急下架 (takedown) is not 撤回: it is for content that must not be public at all (a leaked ID
 * number). The office reviewer or the administrator takes the item off every public place; it comes
 * back only as a corrected new version through the whole review again, keeping its 索引号.
 */
import type { Role, RoleGrant } from "../auth/roles";

export type ItemState = "DRAFT" | "SUBMITTED" | "SIGNED_OFF" | "APPROVED" | "PUBLISHED" | "WITHDRAWN" | "TAKEN_DOWN";

export type ItemAction =
  | "edit"
  | "submit"
  | "signOff"
  | "return"
  | "approve"
  | "schedule"
  | "publish"
  | "withdraw"
  | "takedown"
  | "revise";

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  DRAFT: "草稿",
  SUBMITTED: "待科室负责人签发",
  SIGNED_OFF: "待党政办审核",
  APPROVED: "已审核待发布",
  PUBLISHED: "已发布",
  WITHDRAWN: "已撤回",
  TAKEN_DOWN: "已紧急下架",
};

export const ITEM_ACTION_LABELS: Record<ItemAction, string> = {
  edit: "修改",
  submit: "提交签发",
  signOff: "签发",
  return: "退回修改",
  approve: "审核通过",
  schedule: "定时发布",
  publish: "发布",
  withdraw: "撤回",
  takedown: "紧急下架",
  revise: "修订",
};

export interface WorkflowItem {
  state: ItemState;
  departmentId: string;
  /** Drafter of the working version. */
  createdById: string;
  signedOffById: string | null;
  /** Everyone who edited the working version after it was drafted (its text or its attachments). */
  editorIds?: readonly string[];
  /** True while a published version is on the portal (a revision is being prepared). */
  hasPublishedVersion: boolean;
  /** True while the item is taken down (紧急下架), until a corrected version is published. */
  takenDown?: boolean;
}

export interface WorkflowActor {
  id: string;
  roles: readonly RoleGrant[];
}

export interface WorkflowContext {
  /** Open (not dismissed) confidentiality findings on the working version. */
  openFindings?: number;
}

export type Decision = { allowed: true; next: ItemState } | { allowed: false; reason: string };

/** Why the actor may not approve this version under the two-person rule, or null. */
export function twoPersonConflict(item: WorkflowItem, actorId: string): string | null {
  if (item.createdById === actorId) return "不能审核通过自己起草的信息（双人审核原则）";
  if (item.editorIds?.includes(actorId)) return "不能审核通过自己修改过的信息（双人审核原则）";
  if (item.signedOffById === actorId) return "不能审核通过自己签发的信息（双人审核原则）";
  return null;
}

const TRANSITIONS: Record<ItemAction, Partial<Record<ItemState, ItemState>>> = {
  edit: { DRAFT: "DRAFT" },
  submit: { DRAFT: "SUBMITTED" },
  signOff: { SUBMITTED: "SIGNED_OFF" },
  return: { SUBMITTED: "DRAFT", SIGNED_OFF: "DRAFT", APPROVED: "DRAFT" },
  approve: { SIGNED_OFF: "APPROVED" },
  schedule: { APPROVED: "APPROVED" },
  publish: { APPROVED: "PUBLISHED" },
  withdraw: { PUBLISHED: "WITHDRAWN" },
  // Anything that has been public can be taken down, also while a revision of it is under way.
  takedown: {
    PUBLISHED: "TAKEN_DOWN",
    WITHDRAWN: "TAKEN_DOWN",
    DRAFT: "TAKEN_DOWN",
    SUBMITTED: "TAKEN_DOWN",
    SIGNED_OFF: "TAKEN_DOWN",
    APPROVED: "TAKEN_DOWN",
  },
  revise: { PUBLISHED: "DRAFT", TAKEN_DOWN: "DRAFT" },
};

function holds(actor: WorkflowActor, role: Role, departmentId?: string): boolean {
  return actor.roles.some(
    (g) => g.role === role && (departmentId === undefined || g.departmentId === null || g.departmentId === departmentId),
  );
}

function isDepartmentMember(actor: WorkflowActor, departmentId: string): boolean {
  return holds(actor, "STAFF", departmentId) || holds(actor, "DEPT_HEAD", departmentId);
}

/** Decides whether `actor` may take `action` on `item`, and the resulting state. */
export function decide(item: WorkflowItem, action: ItemAction, actor: WorkflowActor, ctx: WorkflowContext = {}): Decision {
  const next = TRANSITIONS[action][item.state];
  if (!next) {
    return { allowed: false, reason: `当前状态（${ITEM_STATE_LABELS[item.state]}）下不能${ITEM_ACTION_LABELS[action]}` };
  }
  const reviewer = holds(actor, "OFFICE_REVIEWER");
  switch (action) {
    case "edit":
    case "submit":
      if (!isDepartmentMember(actor, item.departmentId)) {
        return { allowed: false, reason: "只有本科室的工作人员或负责人可以修改和提交本科室的信息" };
      }
      return { allowed: true, next };
    case "signOff":
      if (!holds(actor, "DEPT_HEAD", item.departmentId)) {
        return { allowed: false, reason: "只有本科室负责人可以签发" };
      }
      return { allowed: true, next };
    case "return":
      if (item.state === "SUBMITTED" && !holds(actor, "DEPT_HEAD", item.departmentId) && !reviewer) {
        return { allowed: false, reason: "只有本科室负责人或党政办审核人员可以退回" };
      }
      if (item.state !== "SUBMITTED" && !reviewer) {
        return { allowed: false, reason: "只有党政办审核人员可以退回已签发的信息" };
      }
      return { allowed: true, next };
    case "approve": {
      if (!reviewer) return { allowed: false, reason: "只有党政办审核人员可以审核通过" };
      if ((ctx.openFindings ?? 0) > 0) {
        return {
          allowed: false,
          reason: `保密审查发现 ${ctx.openFindings} 处疑似涉密或敏感内容，须修改删除或由保密审查员说明理由后排除，方可审核通过`,
        };
      }
      const conflict = twoPersonConflict(item, actor.id);
      if (conflict) return { allowed: false, reason: conflict };
      return { allowed: true, next };
    }
    case "schedule":
    case "publish":
    case "withdraw":
      if (!reviewer) return { allowed: false, reason: `只有党政办审核人员可以${ITEM_ACTION_LABELS[action]}` };
      return { allowed: true, next };
    case "takedown":
      if (!item.hasPublishedVersion) return { allowed: false, reason: "该信息尚未公开，无需紧急下架" };
      if (item.takenDown) return { allowed: false, reason: "该信息已紧急下架" };
      if (!reviewer && !holds(actor, "ADMIN")) {
        return { allowed: false, reason: "只有党政办审核人员或系统管理员可以紧急下架" };
      }
      return { allowed: true, next };
    case "revise":
      if (!reviewer && !isDepartmentMember(actor, item.departmentId)) {
        return { allowed: false, reason: "只有本科室人员或党政办审核人员可以修订已发布的信息" };
      }
      return { allowed: true, next };
  }
}

/** Every action the actor could take now (for showing buttons). */
export function availableActions(item: WorkflowItem, actor: WorkflowActor, ctx: WorkflowContext = {}): ItemAction[] {
  return (Object.keys(TRANSITIONS) as ItemAction[]).filter((a) => {
    const d = decide(item, a, actor, { ...ctx, openFindings: 0 });
    return d.allowed || (a === "approve" && TRANSITIONS.approve[item.state] && holds(actor, "OFFICE_REVIEWER"));
  });
}

export const ALL_STATES: readonly ItemState[] = ["DRAFT", "SUBMITTED", "SIGNED_OFF", "APPROVED", "PUBLISHED", "WITHDRAWN", "TAKEN_DOWN"];
export const ALL_ACTIONS = Object.keys(TRANSITIONS) as ItemAction[];

/** The state the action leads to from the given state, or null when the action does not apply. */
export function nextState(state: ItemState, action: ItemAction): ItemState | null {
  return TRANSITIONS[action][state] ?? null;
}
