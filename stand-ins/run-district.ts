import { parseArgs } from "node:util";
import { DISTRICT_DEV_CREDENTIALS } from "../lib/channels/district/contract";
import { startDistrictStandIn } from "./district-server";

// Development, demos and e2e runs: `tsx stand-ins/run-district.ts --port 4010`.
// The defaults match a fresh checkout's defaults; set DISTRICT_API_KEY_ID / DISTRICT_API_SECRET to change both sides.
const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.DISTRICT_STANDIN_PORT ?? "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "key-id": { type: "string", default: process.env.DISTRICT_API_KEY_ID || DISTRICT_DEV_CREDENTIALS.keyId },
    secret: { type: "string", default: process.env.DISTRICT_API_SECRET || DISTRICT_DEV_CREDENTIALS.secret },
    "public-base-url": { type: "string" },
    "failure-rate": { type: "string", default: "0" },
    "timeout-rate": { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    seed: { type: "string" },
  },
});

const standIn = await startDistrictStandIn({
  port: Number(values.port),
  host: values.host,
  keyId: values["key-id"]!,
  secret: values.secret!,
  publicBaseUrl: values["public-base-url"],
  faults: {
    failureRate: Number(values["failure-rate"]),
    timeoutRate: Number(values["timeout-rate"]),
    latencyMs: Number(values["latency-ms"]),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  },
});

console.log(`District disclosure stand-in listening on ${standIn.url} (key id "${values["key-id"]}")`);
console.log(`  admin: ${standIn.url}/__standin/items, POST /__standin/faults, POST /__standin/reset`);

const stop = async () => {
  await standIn.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
