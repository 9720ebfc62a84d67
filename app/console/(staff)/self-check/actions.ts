"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { writeAudit } from "@/lib/audit/write-audit";
import { runSelfCheck } from "@/lib/self-check/run";
import { generateWeeklyReport } from "@/lib/self-check/weekly-report";
import { vetoCountOf } from "@/lib/self-check/indicators";

export async function runSelfCheckAction(_: ActionResult | null): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("selfcheck.run");
    const db = getDb();
    const r = await runSelfCheck(db, { storage: getStorage(), trigger: "MANUAL", userId: user.id });
    await writeAudit(db, { actorId: user.id, actorName: user.displayName, ip: await requestIp(), action: "self-check.run", entityType: "SelfCheckRun", entityId: r.runId, detail: { findings: r.findings } });
    revalidatePath("/console/self-check");
    const veto = vetoCountOf(r.summary);
    return `自查完成（用时${(r.durationMs / 1000).toFixed(1)}秒）：单项否决问题${veto}项，共发现${r.findings}项。`;
  });
}

export async function generateReportAction(_: ActionResult | null): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("selfcheck.run");
    const db = getDb();
    const row = await generateWeeklyReport(db, getStorage(), { trigger: "MANUAL", userId: user.id });
    await writeAudit(db, { actorId: user.id, actorName: user.displayName, ip: await requestIp(), action: "self-check.report", entityType: "SelfCheckReport", entityId: row.id });
    revalidatePath("/console/self-check");
    return "本周自查报告已生成，可在下方下载。";
  });
}
