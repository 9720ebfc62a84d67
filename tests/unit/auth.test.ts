import { describe, expect, it } from "vitest";
import { checkPasswordStrength, hashPassword, verifyPassword } from "../../lib/auth/password";
import { can, menuFor, type RoleGrant } from "../../lib/auth/roles";
import { signInErrorMessage } from "../../lib/auth/sign-in";

describe("hashPassword", () => {
  it("stores scrypt parameters and a salt, and verifies only the right password", async () => {
    const hash = await hashPassword("Sibaoshan2026");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("Sibaoshan2026", hash)).toBe(true);
    expect(await verifyPassword("sibaoshan2026", hash)).toBe(false);
    expect(await hashPassword("Sibaoshan2026")).not.toBe(hash);
  });

  it("rejects a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });

  it("explains weak passwords in Chinese", () => {
    expect(checkPasswordStrength("abc1")).toBe("密码长度不能少于8位");
    expect(checkPasswordStrength("abcdefgh")).toBe("密码须同时包含字母和数字");
    expect(checkPasswordStrength("abcd1234")).toBeNull();
  });
});

describe("permissions", () => {
  const grants = (...roles: RoleGrant["role"][]): { roles: RoleGrant[] } => ({
    roles: roles.map((role) => ({ role, departmentId: null })),
  });

  it("gives the administrator user management and the supervisor read-only oversight", () => {
    expect(can(grants("ADMIN"), "admin.users")).toBe(true);
    expect(can(grants("SUPERVISOR"), "admin.users")).toBe(false);
    expect(can(grants("SUPERVISOR"), "audit.read")).toBe(true);
    expect(can(grants("SUPERVISOR"), "item.review")).toBe(false);
    expect(can(grants("STAFF"), "item.signoff")).toBe(false);
    expect(can(null, "console.access")).toBe(false);
  });

  it("combines the menus of several roles without repeating entries", () => {
    const menu = menuFor(grants("SUPERVISOR", "ADMIN")).map((m) => m.label);
    expect(menu).toEqual([
      "工作台",
      "信息管理",
      "延期审批",
      "自查",
      "发布渠道",
      "公开栏",
      "年度报告",
      "督察检查",
      "学习培训",
      "复议诉讼",
      "操作日志",
      "用户管理",
      "科室管理",
      "单位信息",
      "工作日历",
      "敏感词库",
      "错敏词库",
      "栏目更新要求",
      "期限设置",
      "任务队列",
      "年报统计口径",
    ]);
  });
});

describe("signInErrorMessage", () => {
  it("names the minutes left on a locked account", () => {
    expect(signInErrorMessage("ACCOUNT_LOCKED:12")).toContain("请12分钟后再试");
    expect(signInErrorMessage("CredentialsSignin")).toContain("用户名或密码错误");
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
