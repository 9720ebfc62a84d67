/**
 * Records each request's TCP peer address in a header before Next.js sees the request, so
 * lib/http/client-address.ts can tell the real peer from what a client wrote into X-Forwarded-For
 * (Next only fills X-Forwarded-For when it is absent, and route code has no access to the socket).
 * A header of the same name sent by a client is overwritten. Installed once per web process from
 * instrumentation.ts; wraps `emit` of http(s) servers for the "request" event only.
 */
import http from "node:http";
import https from "node:https";
import { PEER_ADDRESS_HEADER } from "./client-address";

const INSTALLED = Symbol.for("gk.peer-address-installed");

function wrap(proto: { emit: (event: string | symbol, ...args: unknown[]) => boolean } & Record<symbol, unknown>) {
  if (proto[INSTALLED]) return;
  const original = proto.emit;
  proto.emit = function emit(this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage | undefined;
      if (req?.headers) req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return original.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
}

export function installPeerAddressRecorder(): void {
  wrap(http.Server.prototype as never);
  wrap(https.Server.prototype as never);
}
