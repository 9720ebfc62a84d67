"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { runAction } from "@/lib/http/action-result";
import type { YearScheduleProblem } from "@/lib/calendar/year-schedule";
import type { PreviewMonth } from "@/lib/calendar/year-schedule";
import { previewYearSchedule, saveYearSchedule, yearScheduleFromForm, type MovedDueDate } from "@/lib/settings/calendar-year";

export interface YearPreviewResult {
  ok: boolean;
  message: string;
  problems?: YearScheduleProblem[];
  year?: number;
  months?: PreviewMonth[];
}

export interface YearSaveResult {
  ok: boolean;
  message: string;
  fields?: Record<string, string>;
  moved?: MovedDueDate[];
}

const inputOf = (form: FormData) => yearScheduleFromForm((name) => form.getAll(name).map(String));

export async function previewYearAction(form: FormData): Promise<YearPreviewResult> {
  let out: YearPreviewResult = { ok: false, message: "" };
  const r = await runAction(async () => {
    await requireAction("admin.settings");
    const p = await previewYearSchedule(getDb(), inputOf(form));
    if (!p.ok) {
      out = { ok: false, message: "全年安排有误，请修改后再预览：", problems: p.problems };
      return out.message;
    }
    out = {
      ok: true,
      message: `预览：${p.year}年放假${p.holidayDays}天（含周末），调休上班${p.makeUpDays}天。请逐月核对后保存。`,
      year: p.year,
      months: p.months,
    };
    return out.message;
  });
  return r.ok ? out : { ok: false, message: r.message };
}

export async function saveYearAction(form: FormData): Promise<YearSaveResult> {
  let moved: MovedDueDate[] = [];
  const input = inputOf(form);
  const r = await runAction(async () => {
    const user = await requireAction("admin.settings");
    moved = await saveYearSchedule(getDb(), { user, ip: await requestIp() }, input);
    revalidatePath("/console", "layout");
    return moved.length > 0
      ? `已保存${input.year}年节假日安排，以下${moved.length}个期限已按新日历重新计算：`
      : `已保存${input.year}年节假日安排；办理中的期限均未变化。`;
  });
  return { ...r, moved: r.ok ? moved : undefined };
}
