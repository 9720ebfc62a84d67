import { getEnv } from "../lib/config/env";
import { startRuntime } from "./runtime";
import { processorDefinitions, registerRepeatables, stopProcessors } from "./registry";

const env = getEnv();
// Signals are handled from the first moment: a stop asked for while the runtime is still starting
// waits for the start, then stops cleanly.
const started = startRuntime({
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
    started
      .then((runtime) => runtime.stop())
      .then(() => process.exit(0))
      .catch((e) => {
        console.error("[workers] unclean stop", e);
        process.exit(1);
      });
  });
}

await started;
