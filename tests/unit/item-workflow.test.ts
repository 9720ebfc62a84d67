import { describe, expect, it } from "vitest";
import { ALL_ACTIONS, ALL_STATES, decide, nextState, type ItemAction, type ItemState, type WorkflowItem } from "../../lib/items/workflow";
import type { RoleGrant } from "../../lib/auth/roles";
import { formatIndexNo, parseIndexNo } from "../../lib/items/index-number";

const D = "dept-econ";
const OTHER = "dept-social";
const staff = { id: "u-staff", roles: [{ role: "STAFF", departmentId: D }] as RoleGrant[] };
const otherStaff = { id: "u-other", roles: [{ role: "STAFF", departmentId: OTHER }] as RoleGrant[] };
const head = { id: "u-head", roles: [{ role: "DEPT_HEAD", departmentId: D }] as RoleGrant[] };
const otherHead = { id: "u-ohead", roles: [{ role: "DEPT_HEAD", departmentId: OTHER }] as RoleGrant[] };
const reviewer = { id: "u-rev", roles: [{ role: "OFFICE_REVIEWER", departmentId: null }] as RoleGrant[] };
const secrecy = { id: "u-sec", roles: [{ role: "CONFIDENTIALITY_OFFICER", departmentId: null }] as RoleGrant[] };
const supervisor = { id: "u-sup", roles: [{ role: "SUPERVISOR", departmentId: null }] as RoleGrant[] };
const admin = { id: "u-admin", roles: [{ role: "ADMIN", departmentId: null }, { role: "OFFICE_REVIEWER", departmentId: null }] as RoleGrant[] };

const item = (state: ItemState, extra: Partial<WorkflowItem> = {}): WorkflowItem => ({
  state,
  departmentId: D,
  createdById: staff.id,
  signedOffById: state === "SIGNED_OFF" || state === "APPROVED" || state === "PUBLISHED" ? head.id : null,
  hasPublishedVersion: state === "PUBLISHED" || state === "WITHDRAWN",
  ...extra,
});

// The whole transition table, written out by hand: [action, from] → to. Everything else is refused.
const EXPECTED: [ItemAction, ItemState, ItemState][] = [
  ["edit", "DRAFT", "DRAFT"],
  ["submit", "DRAFT", "SUBMITTED"],
  ["signOff", "SUBMITTED", "SIGNED_OFF"],
  ["return", "SUBMITTED", "DRAFT"],
  ["return", "SIGNED_OFF", "DRAFT"],
  ["return", "APPROVED", "DRAFT"],
  ["approve", "SIGNED_OFF", "APPROVED"],
  ["schedule", "APPROVED", "APPROVED"],
  ["publish", "APPROVED", "PUBLISHED"],
  ["withdraw", "PUBLISHED", "WITHDRAWN"],
  ["takedown", "PUBLISHED", "TAKEN_DOWN"],
  ["takedown", "WITHDRAWN", "TAKEN_DOWN"],
  ["takedown", "DRAFT", "TAKEN_DOWN"],
  ["takedown", "SUBMITTED", "TAKEN_DOWN"],
  ["takedown", "SIGNED_OFF", "TAKEN_DOWN"],
  ["takedown", "APPROVED", "TAKEN_DOWN"],
  ["revise", "PUBLISHED", "DRAFT"],
  ["revise", "TAKEN_DOWN", "DRAFT"],
];

describe("the item state machine", () => {
  it("allows exactly the transitions of the procedure, from every state", () => {
    for (const action of ALL_ACTIONS) {
      for (const state of ALL_STATES) {
        const expected = EXPECTED.find(([a, from]) => a === action && from === state)?.[2] ?? null;
        expect(nextState(state, action), `${action} from ${state}`).toBe(expected);
      }
    }
  });

  it("refuses every action that does not apply to the state, whoever asks, with a Chinese reason", () => {
    for (const action of ALL_ACTIONS) {
      for (const state of ALL_STATES) {
        if (nextState(state, action)) continue;
        for (const actor of [staff, head, reviewer, admin]) {
          const d = decide(item(state), action, actor);
          expect(d.allowed).toBe(false);
          if (!d.allowed) expect(d.reason).toContain("当前状态");
        }
      }
    }
  });

  it("lets only the department's own staff edit and submit", () => {
    expect(decide(item("DRAFT"), "submit", staff)).toEqual({ allowed: true, next: "SUBMITTED" });
    expect(decide(item("DRAFT"), "submit", head).allowed).toBe(true);
    for (const actor of [otherStaff, otherHead, reviewer, secrecy, supervisor]) {
      expect(decide(item("DRAFT"), "submit", actor).allowed).toBe(false);
      expect(decide(item("DRAFT"), "edit", actor).allowed).toBe(false);
    }
  });

  it("lets only the department's own head sign off", () => {
    expect(decide(item("SUBMITTED"), "signOff", head)).toEqual({ allowed: true, next: "SIGNED_OFF" });
    for (const actor of [staff, otherHead, reviewer, supervisor, admin]) {
      expect(decide(item("SUBMITTED"), "signOff", actor).allowed).toBe(false);
    }
  });

  it("lets the head or a reviewer return a submitted item, and only a reviewer return a signed-off one", () => {
    expect(decide(item("SUBMITTED"), "return", head).allowed).toBe(true);
    expect(decide(item("SUBMITTED"), "return", reviewer).allowed).toBe(true);
    expect(decide(item("SUBMITTED"), "return", staff).allowed).toBe(false);
    expect(decide(item("SIGNED_OFF"), "return", head).allowed).toBe(false);
    expect(decide(item("SIGNED_OFF"), "return", reviewer).allowed).toBe(true);
  });

  it("lets only an office reviewer approve, publish, schedule and withdraw", () => {
    expect(decide(item("SIGNED_OFF"), "approve", reviewer)).toEqual({ allowed: true, next: "APPROVED" });
    expect(decide(item("APPROVED"), "publish", reviewer)).toEqual({ allowed: true, next: "PUBLISHED" });
    expect(decide(item("APPROVED"), "schedule", reviewer).allowed).toBe(true);
    expect(decide(item("PUBLISHED"), "withdraw", reviewer)).toEqual({ allowed: true, next: "WITHDRAWN" });
    for (const actor of [staff, head, secrecy, supervisor]) {
      expect(decide(item("SIGNED_OFF"), "approve", actor).allowed).toBe(false);
      expect(decide(item("APPROVED"), "publish", actor).allowed).toBe(false);
      expect(decide(item("PUBLISHED"), "withdraw", actor).allowed).toBe(false);
    }
  });

  it("refuses approval by the person who drafted it (two-person rule)", () => {
    const d = decide(item("SIGNED_OFF", { createdById: reviewer.id }), "approve", reviewer);
    expect(d).toEqual({ allowed: false, reason: "不能审核通过自己起草的信息（双人审核原则）" });
  });

  it("refuses approval by the person who signed it off", () => {
    const d = decide(item("SIGNED_OFF", { signedOffById: reviewer.id }), "approve", reviewer);
    expect(d).toEqual({ allowed: false, reason: "不能审核通过自己签发的信息（双人审核原则）" });
  });

  it("refuses approval by anyone who edited the working version", () => {
    const d = decide(item("SIGNED_OFF", { editorIds: ["someone-else", reviewer.id] }), "approve", reviewer);
    expect(d).toEqual({ allowed: false, reason: "不能审核通过自己修改过的信息（双人审核原则）" });
    expect(decide(item("SIGNED_OFF", { editorIds: ["someone-else"] }), "approve", reviewer).allowed).toBe(true);
  });

  it("has no override: an administrator who drafted it cannot approve it either", () => {
    const own = item("SIGNED_OFF", { createdById: admin.id });
    expect(decide(own, "approve", admin).allowed).toBe(false);
  });

  it("blocks approval while confidentiality findings are open", () => {
    const d = decide(item("SIGNED_OFF"), "approve", reviewer, { openFindings: 2 });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toContain("保密审查发现 2 处");
  });

  it("lets the department or a reviewer start a revision of a published item", () => {
    expect(decide(item("PUBLISHED"), "revise", staff)).toEqual({ allowed: true, next: "DRAFT" });
    expect(decide(item("PUBLISHED"), "revise", reviewer).allowed).toBe(true);
    expect(decide(item("PUBLISHED"), "revise", otherStaff).allowed).toBe(false);
    expect(decide(item("WITHDRAWN"), "revise", staff).allowed).toBe(false);
  });
});

describe("索引号", () => {
  it("lets only an office reviewer or the administrator take down (紧急下架) what has been public", () => {
    const live = item("PUBLISHED");
    expect(decide(live, "takedown", reviewer)).toEqual({ allowed: true, next: "TAKEN_DOWN" });
    const adminOnly = { id: "u-adm", roles: [{ role: "ADMIN", departmentId: null }] as RoleGrant[] };
    expect(decide(live, "takedown", adminOnly)).toEqual({ allowed: true, next: "TAKEN_DOWN" });
    for (const who of [staff, head, secrecy, supervisor]) {
      const d = decide(live, "takedown", who);
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.reason).toContain("党政办审核人员或系统管理员");
    }
    // A withdrawn item (page still up with a notice) and a revision under way can be taken down too.
    expect(decide(item("WITHDRAWN"), "takedown", reviewer).allowed).toBe(true);
    expect(decide(item("SUBMITTED", { hasPublishedVersion: true }), "takedown", reviewer).allowed).toBe(true);
    // Never public: nothing to take down. Already down: not twice.
    const never = decide(item("APPROVED"), "takedown", reviewer);
    expect(never).toEqual({ allowed: false, reason: "该信息尚未公开，无需紧急下架" });
    const twice = decide(item("DRAFT", { hasPublishedVersion: true, takenDown: true }), "takedown", reviewer);
    expect(twice).toEqual({ allowed: false, reason: "该信息已紧急下架" });
  });

  it("brings a taken-down item back only as a revision through the whole review", () => {
    const down = item("TAKEN_DOWN", { hasPublishedVersion: true, takenDown: true });
    expect(decide(down, "revise", staff)).toEqual({ allowed: true, next: "DRAFT" });
    for (const action of ["publish", "approve", "withdraw", "edit", "submit"] as const) {
      expect(decide(down, action, admin).allowed).toBe(false);
    }
  });

  it("has the national form and round-trips", () => {
    expect(formatIndexNo("11370300MB28513644", 2026, 7)).toBe("11370300MB28513644/2026-00007");
    expect(parseIndexNo("000014349/2017-00110")).toEqual({ organisationCode: "000014349", year: 2017, serial: 110 });
    expect(() => formatIndexNo("X", 2026, 100_000)).toThrow();
  });
});
