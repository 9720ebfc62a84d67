import { describe, expect, it } from "vitest";
import { planServices, type MachineFacts } from "../../scripts/lib/fresh-machine";

const fresh: MachineFacts = {
  isRoot: true,
  hasApt: true,
  pgClusters: [],
  hasRedisServer: false,
  postgresUp: false,
  redisUp: false,
  postgresLocal: true,
  redisLocal: true,
};

describe("[DEPLOY][FRESH] PostgreSQL and Redis on a fresh Debian machine", () => {
  it("installs both from the distribution, opens local access for postgres, then starts both", () => {
    const { steps, problems } = planServices(fresh);
    expect(problems).toEqual([]);
    const cmds = steps.map((s) => s.cmd);
    expect(cmds[0]).toBe("apt-get update -qq");
    expect(cmds[1]).toBe("DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql redis-server");
    expect(cmds[2]).toMatch(/^sed -i '1i host all postgres 127\.0\.0\.1\/32 trust\\nhost all postgres ::1\/128 trust' \/etc\/postgresql\/.*\/main\/pg_hba\.conf$/);
    expect(cmds[3]).toContain("main start");
    expect(cmds[4]).toContain("redis-server --daemonize yes --bind 127.0.0.1 -::1");
    expect(steps).toHaveLength(5);
  });

  it("only starts what is installed but stopped, and never touches an installed cluster's access rules", () => {
    const { steps } = planServices({ ...fresh, pgClusters: ["15"], hasRedisServer: true });
    expect(steps.map((s) => s.title)).toEqual(["启动 PostgreSQL", "启动 Redis"]);
    expect(steps.some((s) => s.cmd.includes("pg_hba"))).toBe(false);
    expect(steps.some((s) => s.cmd.includes("apt-get"))).toBe(false);
  });

  it("installs only the missing one", () => {
    const { steps } = planServices({ ...fresh, postgresUp: true, pgClusters: ["15"] });
    expect(steps.map((s) => s.cmd)).toEqual([
      "apt-get update -qq",
      "DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server",
      expect.stringContaining("redis-server --daemonize yes"),
    ]);
  });

  it("does nothing when both answer, and never installs for a server on another host", () => {
    expect(planServices({ ...fresh, postgresUp: true, redisUp: true }).steps).toEqual([]);
    const remote = planServices({ ...fresh, postgresLocal: false, redisUp: true });
    expect(remote.steps).toEqual([]);
    expect(remote.problems[0]).toContain("DATABASE_URL 指向其他主机");
  });
});
