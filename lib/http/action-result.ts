import { z } from "zod";
import { AppError, isAppError, publicMessageOf } from "../errors/app-error";

export interface ActionResult {
  ok: boolean;
  message: string;
  fields?: Record<string, string>;
}

/** zod issues → field messages (the schemas carry zh-CN messages). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** Parses form input or throws an AppError carrying the field messages. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "提交的内容有误，请按提示修改后重新提交。", { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

/** Runs an action body and maps errors to a zh-CN result; unexpected errors are logged, not shown. */
export async function runAction(body: () => Promise<string>): Promise<ActionResult> {
  try {
    return { ok: true, message: await body() };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fields: e.fields };
    // Next's redirect()/notFound() signal by throwing: let them through.
    if (e && typeof e === "object" && "digest" in e) throw e;
    // Only the error's kind and where it happened: a database error's message can quote the
    // submitted values (an applicant's name or ID number), which must never reach the logs.
    const err = e as { name?: string; code?: string; stack?: string };
    const where = err.stack?.split("\n").find((l) => l.includes("/lib/") || l.includes("/app/"))?.trim();
    console.error(`[action] unexpected error ${err.name ?? "Error"}${err.code ? ` (${err.code})` : ""}${where ? ` ${where}` : ""}`);
    return { ok: false, message: publicMessageOf(e) };
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
