// Figures table 二 needs that the office keeps in other systems (行政许可/处罚/强制 decisions and
// 行政事业性收费), entered once a year by 党政办.

import { z } from "zod";
import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { parseInput } from "../http/action-result";
import type { RecordActor } from "./record-input";

const count = (label: string) =>
  z.coerce.number({ message: `请填写${label}` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(1_000_000, `${label}过大`);

export const yearFiguresSchema = z.object({
  licensingDecisions: count("行政许可处理决定数量"),
  penaltyDecisions: count("行政处罚处理决定数量"),
  enforcementDecisions: count("行政强制处理决定数量"),
  feeAmountWan: z.coerce
    .number({ message: "请填写行政事业性收费金额" })
    .min(0, "收费金额不能为负数")
    .max(1_000_000, "收费金额过大")
    // The national table prints 万元 with up to four decimals (one yuan).
    .refine((v) => Math.abs(Math.round(v * 10_000) - v * 10_000) < 1e-6, "收费金额最多保留四位小数（精确到元）"),
});

export async function saveYearFigures(db: Db, actor: RecordActor, year: number, raw: unknown) {
  const input = parseInput(yearFiguresSchema, raw);
  await db.$transaction(async (tx) => {
    const before = await tx.yearFigures.findUnique({ where: { year } });
    await tx.yearFigures.upsert({ where: { year }, create: { year, ...input }, update: input });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "year-figures.save",
      entityType: "YearFigures",
      entityId: String(year),
      before: before
        ? { licensingDecisions: before.licensingDecisions, penaltyDecisions: before.penaltyDecisions, enforcementDecisions: before.enforcementDecisions, feeAmountWan: before.feeAmountWan }
        : null,
      after: input,
    });
  });
}
