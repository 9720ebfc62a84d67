// Shared pieces of the record forms (cases, figures, inspections, trainings): dates as
// "YYYY-MM-DD" China calendar days, optional fields that arrive as empty strings.

import { z } from "zod";
import type { SessionUser } from "../auth/roles";

export interface RecordActor {
  user: Pick<SessionUser, "id" | "displayName">;
  ip?: string;
  now?: Date;
}

export const isoDate = (message = "请填写日期") =>
  z
    .string({ message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日")
    .refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "日期无效");

export const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const optionalIsoDate = z.preprocess(emptyToUndefined, isoDate().optional());
