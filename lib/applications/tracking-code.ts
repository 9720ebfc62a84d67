import { randomInt } from "node:crypto";

/**
 * Tracking codes like "2026-7KQM-3XPD": the year, then eight characters from an alphabet without
 * look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B), so an applicant can read it out on the phone.
 * 27^8 ≈ 2.8·10^11 codes a year; together with the phone's last four digits and the lookup rate
 * limit, guessing someone else's application is out of reach.
 */
export const TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";

const CODE_RE = new RegExp(`^\\d{4}-[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{4}$`);

export function generateTrackingCode(year: number, random: (max: number) => number = randomInt): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += TRACKING_ALPHABET[random(TRACKING_ALPHABET.length)];
  return `${year}-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Accepts what people type: lower case, spaces, missing or full-width dashes. Null when malformed. */
export function normalizeTrackingCode(input: string): string | null {
  const compact = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-—–_]/g, "");
  if (!/^\d{4}[A-Z0-9]{8}$/.test(compact)) return null;
  const code = `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
  return CODE_RE.test(code) ? code : null;
}

/** The second factor on the tracking page: the last four digits of the phone given in the application. */
export function phoneLastFour(phone: string): string {
  return phone.replace(/[^\d]/g, "").slice(-4);
}
