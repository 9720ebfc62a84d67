import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { DISTRICT_MAX_CLOCK_SKEW_SECONDS } from "./contract";

export interface SignatureInput {
  method: string;
  /** The request target exactly as sent: path plus query, percent-encoding untouched. */
  path: string;
  /** Unix seconds, as sent in X-Gk-Timestamp. */
  timestamp: string | number;
  body: string | Uint8Array;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** METHOD\nPATH\nTIMESTAMP\nsha256hex(body) — an empty body hashes as the empty string. */
export function canonicalRequestString(input: SignatureInput): string {
  return [input.method.toUpperCase(), input.path, String(input.timestamp), sha256Hex(input.body)].join("\n");
}

/** Lower-case hex HMAC-SHA256 of the canonical string. */
export function signRequest(input: SignatureInput & { secret: string }): string {
  return createHmac("sha256", input.secret).update(canonicalRequestString(input)).digest("hex");
}

export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: "STALE_TIMESTAMP" | "BAD_SIGNATURE" };

/**
 * Checks the timestamp window first (a replayed request fails even with a valid signature), then
 * compares signatures in constant time so the response time leaks nothing about the expected value.
 */
export function verifyRequestSignature(
  input: SignatureInput & {
    secret: string;
    signature: string;
    nowSeconds: number;
    maxSkewSeconds?: number;
  },
): SignatureVerdict {
  const maxSkew = input.maxSkewSeconds ?? DISTRICT_MAX_CLOCK_SKEW_SECONDS;
  const ts = String(input.timestamp);
  if (!/^[0-9]{1,12}$/.test(ts) || Math.abs(input.nowSeconds - Number(ts)) > maxSkew) {
    return { ok: false, reason: "STALE_TIMESTAMP" };
  }
  const expected = Buffer.from(signRequest(input), "hex");
  const given = /^[0-9a-fA-F]{64}$/.test(input.signature) ? Buffer.from(input.signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "BAD_SIGNATURE" };
  }
  return { ok: true };
}
