// The annual report's own review path, as one pure module.
//
// The report is written by 党政办公室 and signed by the leader in charge of disclosure (分管领导,
// the 党工委委员 the office's 2017 report names as responsible), so its two-person rule is:
//   党政办审核人员 prepares it (编制: generate, edit, adjust, submit) — permission report.edit;
//   分管领导 approves it (审批) or returns it with comments — permission report.approve;
//   nobody approves a report they submitted themselves;
//   after approval 党政办 publishes it; what is published is exactly what was approved (the data
//   and text are frozen at submission).
// A published report may be revised (修订: back to DRAFT with a change note, the published item
// stays on the portal) and then runs the same path; publishing it again makes a new version of
// the same item.

import { can, type SessionUser } from "../auth/roles";

export const REPORT_STATUSES = ["DRAFT", "SUBMITTED", "APPROVED", "PUBLISHED"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type ReportAction = "edit" | "submit" | "return" | "approve" | "reopen" | "publish" | "revise";

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  DRAFT: "编制中",
  SUBMITTED: "待分管领导审批",
  APPROVED: "已审批待发布",
  PUBLISHED: "已发布",
};

export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  edit: "修改",
  submit: "提交审批",
  return: "退回修改",
  approve: "审批通过",
  reopen: "撤回重新编制",
  publish: "发布",
  revise: "修订",
};

const TRANSITIONS: Record<ReportAction, Partial<Record<ReportStatus, ReportStatus>>> = {
  edit: { DRAFT: "DRAFT" },
  submit: { DRAFT: "SUBMITTED" },
  return: { SUBMITTED: "DRAFT" },
  approve: { SUBMITTED: "APPROVED" },
  // 党政办 found something wrong after approval and before publishing: it must be approved again.
  reopen: { SUBMITTED: "DRAFT", APPROVED: "DRAFT" },
  publish: { APPROVED: "PUBLISHED" },
  revise: { PUBLISHED: "DRAFT" },
};

export interface ReportWorkflowState {
  status: ReportStatus;
  submittedById: string | null;
}

export type ReportDecision = { allowed: true; next: ReportStatus } | { allowed: false; reason: string };

export function isReportStatus(v: unknown): v is ReportStatus {
  return typeof v === "string" && (REPORT_STATUSES as readonly string[]).includes(v);
}

export function decideReport(
  state: ReportWorkflowState,
  action: ReportAction,
  actor: Pick<SessionUser, "id" | "roles">,
): ReportDecision {
  const next = TRANSITIONS[action][state.status];
  if (!next) {
    return { allowed: false, reason: `年度报告当前状态（${REPORT_STATUS_LABELS[state.status]}）下不能${REPORT_ACTION_LABELS[action]}` };
  }
  switch (action) {
    case "edit":
    case "submit":
    case "reopen":
    case "publish":
    case "revise":
      if (!can(actor, "report.edit")) return { allowed: false, reason: `只有党政办审核人员可以${REPORT_ACTION_LABELS[action]}年度报告` };
      return { allowed: true, next };
    case "return":
    case "approve":
      if (!can(actor, "report.approve")) return { allowed: false, reason: `只有分管领导可以${REPORT_ACTION_LABELS[action]}年度报告` };
      if (action === "approve" && state.submittedById === actor.id) {
        return { allowed: false, reason: "不能审批自己提交的年度报告（双人审核原则）" };
      }
      return { allowed: true, next };
  }
}

export function availableReportActions(state: ReportWorkflowState, actor: Pick<SessionUser, "id" | "roles">): ReportAction[] {
  return (Object.keys(TRANSITIONS) as ReportAction[]).filter((a) => decideReport(state, a, actor).allowed);
}
