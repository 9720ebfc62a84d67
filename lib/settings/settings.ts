import type { Db } from "../db/client";
import { DEFAULT_ITEM_DEADLINE_SETTINGS, type ItemDeadlineSettings } from "../items/deadlines";
import type { DisclosureOrganisation } from "../annual-report/from-records";

/** Settings kept in the Setting table, each with its default (used until an administrator saves one). */
export const SETTING_DEFAULTS = {
  itemDeadlines: DEFAULT_ITEM_DEADLINE_SETTINGS as ItemDeadlineSettings,
  attachmentMaxMb: 20,
  /** 单位信息: who leads and who does the disclosure work (empty until entered: the report then says nothing of it). */
  disclosureOrganisation: { leader: "", office: "", staffCount: null, partTime: false } as DisclosureOrganisation,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function getSetting<K extends SettingKey>(db: Pick<Db, "setting">, key: K): Promise<(typeof SETTING_DEFAULTS)[K]> {
  const row = await db.setting.findUnique({ where: { key } });
  if (!row) return SETTING_DEFAULTS[key];
  const value = row.value as unknown;
  if (value && typeof value === "object" && !Array.isArray(value) && typeof SETTING_DEFAULTS[key] === "object") {
    return { ...(SETTING_DEFAULTS[key] as object), ...(value as object) } as (typeof SETTING_DEFAULTS)[K];
  }
  return value as (typeof SETTING_DEFAULTS)[K];
}

export async function putSetting(db: Pick<Db, "setting">, key: SettingKey, value: unknown, updatedBy: string | null) {
  const json = JSON.parse(JSON.stringify(value));
  await db.setting.upsert({ where: { key }, create: { key, value: json, updatedBy }, update: { value: json, updatedBy } });
}
