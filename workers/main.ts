import { getEnv } from "../lib/config/env";
import { startRuntime } from "./runtime";
import { processorDefinitions, registerRepeatables, stopProcessors } from "./registry";

const env = getEnv();
const runtime = await startRuntime({
  prefix: env.REDIS_PREFIX,
  redisUrl: env.REDIS_URL,
  heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
  definitions: processorDefinitions(),
  onStart: registerRepeatables,
  onStop: stopProcessors,
});

let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    console.log(`[workers] ${signal} received, finishing running jobs…`);
    runtime
      .stop()
      .then(() => process.exit(0))
      .catch((e) => {
        console.error("[workers] unclean stop", e);
        process.exit(1);
      });
  });
}
