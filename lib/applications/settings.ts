/**
 * Fee and clock settings, overridable through the Setting table ("fees", "applicationClock") because
 * the province's implementing rules may differ from the national defaults (国办函〔2020〕109号 leaves
 * the details to the provinces; the domain notes mark several figures "check").
 */
import type { Db } from "../db/client";
import { DEFAULT_APPLICATION_CLOCK_SETTINGS, type ApplicationClockSettings } from "./clock";
import { DEFAULT_FEE_SETTINGS, calculateFee, type FeeSettings } from "./fees";

export const FEE_SETTINGS_KEY = "fees";
export const CLOCK_SETTINGS_KEY = "applicationClock";

type SettingsDb = Pick<Db, "setting">;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The stored fee settings merged over the defaults; a stored value that does not compute is ignored (and logged). */
export async function loadFeeSettings(db: SettingsDb): Promise<FeeSettings> {
  const row = await db.setting.findUnique({ where: { key: FEE_SETTINGS_KEY } });
  if (!row || !isRecord(row.value)) return structuredClone(DEFAULT_FEE_SETTINGS) as FeeSettings;
  const v = row.value;
  const merged: FeeSettings = {
    perCase: isRecord(v.perCase) ? { ...DEFAULT_FEE_SETTINGS.perCase, ...(v.perCase as object) } as FeeSettings["perCase"] : structuredClone(DEFAULT_FEE_SETTINGS.perCase) as FeeSettings["perCase"],
    perPage: isRecord(v.perPage) ? { ...DEFAULT_FEE_SETTINGS.perPage, ...(v.perPage as object) } as FeeSettings["perPage"] : structuredClone(DEFAULT_FEE_SETTINGS.perPage) as FeeSettings["perPage"],
    paymentPeriodWorkingDays:
      typeof v.paymentPeriodWorkingDays === "number" && Number.isInteger(v.paymentPeriodWorkingDays) && v.paymentPeriodWorkingDays > 0
        ? v.paymentPeriodWorkingDays
        : DEFAULT_FEE_SETTINGS.paymentPeriodWorkingDays,
  };
  try {
    calculateFee({ method: "PER_PAGE", pages: 1000 }, merged);
    calculateFee({ method: "PER_CASE", receivedOn: "2026-01-05", earlier: 100 }, merged);
    return merged;
  } catch (e) {
    console.error(`[applications] stored "${FEE_SETTINGS_KEY}" setting is invalid, using the defaults: ${(e as Error).message}`);
    return structuredClone(DEFAULT_FEE_SETTINGS) as FeeSettings;
  }
}

export async function loadClockSettings(db: SettingsDb): Promise<ApplicationClockSettings> {
  const row = await db.setting.findUnique({ where: { key: CLOCK_SETTINGS_KEY } });
  const out: ApplicationClockSettings = { ...DEFAULT_APPLICATION_CLOCK_SETTINGS };
  if (!row || !isRecord(row.value)) return out;
  for (const key of Object.keys(out) as Array<keyof ApplicationClockSettings>) {
    const n = row.value[key];
    if (typeof n === "number" && Number.isInteger(n) && n > 0 && n <= 60) out[key] = n;
  }
  return out;
}
