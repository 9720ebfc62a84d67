/**
 * Masks for applicants' personal data in lists, dashboards and for staff without
 * application.handle (个人信息保护法第五十一条: access on a need-to-know basis). Full values are
 * shown only on the application page to staff who handle applications.
 */

const chars = (s: string) => Array.from(s.trim());

/** 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明; organisations' names are not personal data. */
export function maskName(name: string): string {
  const c = chars(name);
  if (c.length === 0) return "";
  if (c.length === 1) return "*";
  if (c.length === 2) return `${c[0]}*`;
  return `${c[0]}${"*".repeat(c.length - 2)}${c[c.length - 1]}`;
}

/** 13800138000 → 138****8000; landlines keep the area code and the last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, "");
  if (digits.length <= 4) return "*".repeat(digits.length);
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  const area = /^0\d{2,3}(?=\d{7,8}$)/.exec(digits)?.[0];
  if (area) return `${area}-${"*".repeat(digits.length - area.length - 4)}${digits.slice(-4)}`;
  return `${"*".repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** 370303199001011239 → 3703**********1239; short numbers keep only their last two characters. */
export function maskIdNumber(id: string): string {
  const c = chars(id);
  if (c.length >= 10) return `${c.slice(0, 4).join("")}${"*".repeat(c.length - 8)}${c.slice(-4).join("")}`;
  if (c.length <= 2) return "*".repeat(c.length);
  return `${"*".repeat(c.length - 2)}${c.slice(-2).join("")}`;
}

/** zhang.san@example.com → z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Keeps the province/city part of an address: the first six characters, then ***. */
export function maskAddress(address: string): string {
  const c = chars(address);
  if (c.length <= 6) return "***";
  return `${c.slice(0, 6).join("")}***`;
}

/** The applicant's displayed name: a natural person's is masked, an organisation's is not. */
export function maskApplicantName(name: string, applicantType: string): string {
  return applicantType === "NATURAL_PERSON" ? maskName(name) : name;
}
