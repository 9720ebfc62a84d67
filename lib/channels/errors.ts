/**
 * The one error type every channel client throws. A BullMQ processor only needs `permanent`:
 * permanent → UnrecoverableError (retrying cannot help: fix the item or the configuration);
 * otherwise rethrow and let the queue back off.
 */
export type ChannelErrorCode =
  /** Our item breaks the channel's rules (missing field, too long, attachment too large). */
  | "INVALID_PAYLOAD"
  /** Credentials, signature or clock refused by the channel: a configuration problem. */
  | "AUTH_FAILED"
  /** Client set up wrongly (bad base URL, missing secret, IP not whitelisted). */
  | "CONFIGURATION"
  /** The channel refused the request for another reason (4xx). */
  | "REJECTED"
  /** Version or idempotency conflict with what the channel already holds. */
  | "CONFLICT"
  | "NOT_FOUND"
  | "QUOTA_EXCEEDED"
  | "RATE_LIMITED"
  /** The channel answered 5xx. */
  | "UNAVAILABLE"
  | "TIMEOUT"
  /** Connection refused, reset, DNS failure… */
  | "NETWORK"
  /** A success status with a body we cannot read. */
  | "UNEXPECTED_RESPONSE"
  /** The caller aborted (worker shutting down). */
  | "ABORTED";

/** What the vendor actually said, kept for logs and the console's detail view. */
export interface ChannelVendorDetail {
  httpStatus?: number;
  code?: string | number;
  message?: string;
  /** Anything else worth keeping (validation details, raw body excerpt). */
  extra?: unknown;
}

export interface ChannelErrorOptions {
  channel: string;
  code: ChannelErrorCode;
  permanent: boolean;
  /** zh-CN, for staff: what happened and what to do. */
  message: string;
  vendor?: ChannelVendorDetail;
  /** When the vendor said how long to wait. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ChannelError extends Error {
  readonly channel: string;
  readonly code: ChannelErrorCode;
  readonly permanent: boolean;
  readonly vendor?: ChannelVendorDetail;
  readonly retryAfterMs?: number;

  constructor(options: ChannelErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = "ChannelError";
    this.channel = options.channel;
    this.code = options.code;
    this.permanent = options.permanent;
    this.vendor = options.vendor;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Plain data for a delivery row's lastError column or a log line. */
  toJSON(): {
    name: string;
    channel: string;
    code: ChannelErrorCode;
    permanent: boolean;
    message: string;
    vendor?: ChannelVendorDetail;
    retryAfterMs?: number;
  } {
    return {
      name: this.name,
      channel: this.channel,
      code: this.code,
      permanent: this.permanent,
      message: this.message,
      vendor: this.vendor,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isChannelError(e: unknown): e is ChannelError {
  return e instanceof ChannelError;
}

/** Unknown errors are treated as retryable: a bug shows up as exhausted attempts, not as lost work. */
export function isPermanentChannelError(e: unknown): boolean {
  return isChannelError(e) && e.permanent;
}
