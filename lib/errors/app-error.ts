/** The one error type of the domain. Codes map to HTTP statuses in one place (httpStatusOf). */
export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "INVALID_STATE"
  | "RATE_LIMITED"
  | "LOCKED"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  LOCKED: 423,
  INTERNAL: 500,
};

const DEFAULT_MESSAGE: Record<AppErrorCode, string> = {
  UNAUTHENTICATED: "请先登录",
  FORBIDDEN: "您没有权限执行此操作",
  NOT_FOUND: "未找到相应内容",
  INVALID_INPUT: "提交的内容有误，请检查后重试",
  CONFLICT: "数据已被他人修改，请刷新后重试",
  INVALID_STATE: "当前状态下不能执行此操作",
  RATE_LIMITED: "操作过于频繁，请稍后再试",
  LOCKED: "账号已被锁定",
  INTERNAL: "系统繁忙，请稍后再试",
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field-level problems (zh-CN), for forms. */
  readonly fields?: Record<string, string>;

  constructor(code: AppErrorCode, message?: string, options?: { fields?: Record<string, string>; cause?: unknown }) {
    super(message ?? DEFAULT_MESSAGE[code], { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options?.fields;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function httpStatusOf(e: unknown): number {
  return isAppError(e) ? STATUS[e.code] : 500;
}

/** The message a user may see: the AppError's own, never a raw internal error. */
export function publicMessageOf(e: unknown): string {
  return isAppError(e) ? e.message : DEFAULT_MESSAGE.INTERNAL;
}
