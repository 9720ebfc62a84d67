import { existsSync } from "node:fs";
import { startManaged, type Managed } from "./processes";

// The demo and the browser tests talk to local stand-ins of the district system and WeChat,
// never to the internet.
export const DEMO_STAND_IN_PORTS = { district: 4010, wechat: 4020 };
// Browser tests: E2E_DISTRICT_PORT / E2E_WECHAT_PORT move them, so two runs can share a machine.
export const E2E_STAND_IN_PORTS = {
  district: Number(process.env.E2E_DISTRICT_PORT || 4110),
  wechat: Number(process.env.E2E_WECHAT_PORT || 4120),
};

export function standInEnv(): Record<string, string> {
  return {
    DISTRICT_API_BASE_URL: process.env.DISTRICT_API_BASE_URL || `http://127.0.0.1:${DEMO_STAND_IN_PORTS.district}`,
    WECHAT_API_BASE_URL: process.env.WECHAT_API_BASE_URL || `http://127.0.0.1:${DEMO_STAND_IN_PORTS.wechat}`,
  };
}

export function startManagedStandIns(env: NodeJS.ProcessEnv, ports: { district: number; wechat: number }): Managed[] {
  const procs: Managed[] = [];
  if (existsSync("stand-ins/run-district.ts")) {
    procs.push(startManaged("district", process.execPath, ["--import", "tsx", "stand-ins/run-district.ts", "--port", String(ports.district)], env));
  }
  if (existsSync("stand-ins/run-wechat.ts")) {
    procs.push(startManaged("wechat", process.execPath, ["--import", "tsx", "stand-ins/run-wechat.ts", "--port", String(ports.wechat)], env));
  }
  return procs;
}

/** For `npm start`: stand-ins unless the operator pointed a channel at a real system. */
export function standInProcesses(env: NodeJS.ProcessEnv): Managed[] {
  if (process.env.DISTRICT_API_BASE_URL && process.env.WECHAT_API_BASE_URL) return [];
  return startManagedStandIns(env, DEMO_STAND_IN_PORTS);
}
