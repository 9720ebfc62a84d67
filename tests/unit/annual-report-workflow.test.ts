import { describe, expect, it } from "vitest";
import { availableReportActions, decideReport, type ReportStatus } from "../../lib/annual-report/workflow";
import type { RoleGrant } from "../../lib/auth/roles";

const reviewer = { id: "u-reviewer", roles: [{ role: "OFFICE_REVIEWER", departmentId: null }] as RoleGrant[] };
const supervisor = { id: "u-supervisor", roles: [{ role: "SUPERVISOR", departmentId: null }] as RoleGrant[] };
const staff = { id: "u-staff", roles: [{ role: "STAFF", departmentId: "d1" }] as RoleGrant[] };
const both = { id: "u-both", roles: [...reviewer.roles, ...supervisor.roles] };

const state = (status: ReportStatus, submittedById: string | null = null) => ({ status, submittedById });

describe("decideReport", () => {
  it("lets 党政办 prepare and submit, 分管领导 approve, 党政办 publish", () => {
    expect(decideReport(state("DRAFT"), "edit", reviewer)).toEqual({ allowed: true, next: "DRAFT" });
    expect(decideReport(state("DRAFT"), "submit", reviewer)).toEqual({ allowed: true, next: "SUBMITTED" });
    expect(decideReport(state("SUBMITTED", reviewer.id), "approve", supervisor)).toEqual({ allowed: true, next: "APPROVED" });
    expect(decideReport(state("APPROVED", reviewer.id), "publish", reviewer)).toEqual({ allowed: true, next: "PUBLISHED" });
    expect(decideReport(state("PUBLISHED", reviewer.id), "revise", reviewer)).toEqual({ allowed: true, next: "DRAFT" });
  });

  it("refuses approval by the person who submitted it, even when they hold both roles", () => {
    const d = decideReport(state("SUBMITTED", both.id), "approve", both);
    expect(d).toEqual({ allowed: false, reason: "不能审批自己提交的年度报告（双人审核原则）" });
    expect(decideReport(state("SUBMITTED", reviewer.id), "approve", both).allowed).toBe(true);
  });

  it("keeps each step to its role", () => {
    expect(decideReport(state("SUBMITTED", "x"), "approve", reviewer)).toMatchObject({ allowed: false, reason: expect.stringContaining("分管领导") });
    expect(decideReport(state("DRAFT"), "submit", supervisor)).toMatchObject({ allowed: false, reason: expect.stringContaining("党政办审核人员") });
    expect(decideReport(state("APPROVED", "x"), "publish", supervisor).allowed).toBe(false);
    expect(decideReport(state("DRAFT"), "edit", staff).allowed).toBe(false);
  });

  it("refuses edits once submitted and steps out of order", () => {
    expect(decideReport(state("SUBMITTED", "x"), "edit", reviewer)).toMatchObject({ allowed: false, reason: expect.stringContaining("不能修改") });
    expect(decideReport(state("DRAFT"), "publish", reviewer).allowed).toBe(false);
    expect(decideReport(state("APPROVED", "x"), "approve", supervisor).allowed).toBe(false);
    expect(decideReport(state("PUBLISHED", "x"), "submit", reviewer).allowed).toBe(false);
  });

  it("offers each role its buttons", () => {
    expect(availableReportActions(state("DRAFT"), reviewer)).toEqual(["edit", "submit"]);
    expect(availableReportActions(state("SUBMITTED", reviewer.id), supervisor)).toEqual(["return", "approve"]);
    expect(availableReportActions(state("SUBMITTED", reviewer.id), reviewer)).toEqual(["reopen"]);
    expect(availableReportActions(state("APPROVED", reviewer.id), reviewer)).toEqual(["reopen", "publish"]);
    expect(availableReportActions(state("PUBLISHED", reviewer.id), supervisor)).toEqual([]);
  });
});
