import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../../lib/db/migrate";
import { seedDemo } from "../../lib/seed/seed-demo";
import { DEMO_USERS } from "../../lib/seed/demo-data";
import { ROLES } from "../../lib/auth/roles";

describe("seedDemo", () => {
  // A database of its own: other test files seed the shared one in whatever order they run.
  const url = `postgresql://postgres@127.0.0.1:5432/gk_seed_${process.pid}`;
  const db = createDb(url);
  beforeAll(async () => {
    await dropDatabase(url);
    await ensureDatabase(url);
    await migrate(url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await dropDatabase(url);
  });

  it("writes the office, its departments, one account per role and the category tree — once", async () => {
    const first = await seedDemo(db);
    expect(first.created).toBeGreaterThan(0);
    const counts = async () => ({
      orgs: await db.organisation.count(),
      departments: await db.department.count(),
      users: await db.user.count({ where: { username: { in: DEMO_USERS.map((u) => u.username) } } }),
      categories: await db.category.count(),
    });
    const before = await counts();
    const second = await seedDemo(db);
    expect(second.created).toBe(0);
    expect(await counts()).toEqual(before);
    expect(before.orgs).toBe(1);
    const names = (await db.department.findMany()).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["党政办公室", "经济发展办公室", "社会事务办公室", "城市管理办公室", "财政所"]));
    const roles = new Set((await db.userRole.findMany()).map((r) => r.role));
    for (const role of ROLES) expect(roles.has(role)).toBe(true);
    const national = await db.category.count({ where: { kind: "NATIONAL", parentId: null } });
    expect(national).toBe(15);
    for (const local of ["统计数据", "规划计划", "其他信息", "政府领导", "机构设置", "人事信息", "政策文件", "政府工作报告", "政府重点工作", "乡村建设", "计划生育"]) {
      expect(await db.category.count({ where: { name: local, kind: "LOCAL" } })).toBe(1);
    }
  });
});

describe("migrate", () => {
  const url = `postgresql://postgres@127.0.0.1:5432/gk_migrator_${process.pid}`;
  afterAll(() => dropDatabase(url));

  it("applies pending migrations once, keeps Prisma's bookkeeping, and refuses an edited migration", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "20260101000000_one"));
    writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), `CREATE TABLE "T" ("id" INT PRIMARY KEY);`);
    await ensureDatabase(url);
    expect((await migrate(url, dir)).applied).toEqual(["20260101000000_one"]);
    expect((await migrate(url, dir)).applied).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name, applied_steps_count, finished_at FROM "_prisma_migrations"`);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0].applied_steps_count).toBe(1);

    writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), `CREATE TABLE "T" ("id" BIGINT PRIMARY KEY);`);
    await expect(migrate(url, dir)).rejects.toThrow(/checksum/);
  });

  it("rolls a failing migration back whole", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "20260102000000_bad"));
    writeFileSync(path.join(dir, "20260102000000_bad", "migration.sql"), `CREATE TABLE "U" ("id" INT); SELECT * FROM nowhere;`);
    await expect(migrate(url, dir)).rejects.toThrow(/20260102000000_bad failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rowCount } = await client.query(`SELECT 1 FROM pg_tables WHERE tablename = 'U'`);
    await client.end();
    expect(rowCount).toBe(0);
  });
});
