/**
 * Codes stored on Application rows and their zh-CN labels. Codes never change once stored;
 * labels are what the portal, the console and the letters print.
 */

/** How the application reached the office; decides the receipt date (条例第三十一条). */
export const CHANNELS = ["ONLINE", "IN_PERSON", "POST_SIGNED", "POST_PLAIN", "FAX", "EMAIL"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  ONLINE: "网上申请",
  IN_PERSON: "当面申请",
  POST_SIGNED: "邮寄申请（需签收）",
  POST_PLAIN: "平常信函申请",
  FAX: "传真申请",
  EMAIL: "电子邮件申请",
};

/**
 * 条例第三十一条: the receipt date per channel. `dateLabel` is the form label for the date staff
 * enter; ONLINE has none because the receipt date is the day staff confirm it (双方确认之日).
 */
export const RECEIPT_RULES: Record<Channel, { rule: string; dateLabel: string | null }> = {
  IN_PERSON: { rule: "当面提交的，以提交之日为收到申请之日", dateLabel: "申请人当面提交日期" },
  POST_SIGNED: { rule: "以邮寄方式提交需要签收的，以签收之日为收到申请之日", dateLabel: "签收日期" },
  POST_PLAIN: {
    rule: "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日",
    dateLabel: "与申请人确认日期",
  },
  FAX: { rule: "通过传真提交的，以双方确认之日为收到申请之日", dateLabel: "双方确认日期" },
  EMAIL: { rule: "通过电子邮件提交的，以双方确认之日为收到申请之日", dateLabel: "双方确认日期" },
  ONLINE: { rule: "通过互联网渠道提交的，以双方确认之日为收到申请之日", dateLabel: null },
};

/** Channels staff register by hand (paper, letter, in person …); ONLINE comes through the portal. */
export const STAFF_CHANNELS = CHANNELS.filter((c) => c !== "ONLINE");

export const STATUSES = [
  "SUBMITTED",
  "PROCESSING",
  "AWAITING_CORRECTION",
  "IN_CONSULTATION",
  "AWAITING_PAYMENT",
  "DECIDED",
  "CLOSED",
] as const;
export type ApplicationStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  SUBMITTED: "待确认收到",
  PROCESSING: "办理中",
  AWAITING_CORRECTION: "待申请人补正",
  IN_CONSULTATION: "征求意见中",
  AWAITING_PAYMENT: "待缴纳信息处理费",
  DECIDED: "已拟定答复，待出具",
  CLOSED: "已办结",
};

/** What the applicant sees on the tracking page (shorter, no internal steps). */
export const PUBLIC_STATUS_LABELS: Record<ApplicationStatus, string> = {
  SUBMITTED: "已提交，待本机关确认收到",
  PROCESSING: "办理中",
  AWAITING_CORRECTION: "请按补正告知书补正申请",
  IN_CONSULTATION: "办理中（征求意见）",
  AWAITING_PAYMENT: "请按收费通知书缴纳信息处理费",
  DECIDED: "办理中",
  CLOSED: "已答复",
};

export const OPEN_STATUSES: readonly ApplicationStatus[] = STATUSES.filter((s) => s !== "CLOSED" && s !== "SUBMITTED");

export const ID_TYPES = ["resident_id", "passport", "hk_macao_permit", "taiwan_permit", "uscc"] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: "居民身份证",
  passport: "护照",
  hk_macao_permit: "港澳居民来往内地通行证",
  taiwan_permit: "台湾居民来往大陆通行证",
  uscc: "统一社会信用代码",
};

export const FORMS_WANTED = ["PAPER", "ELECTRONIC"] as const;
export type FormWanted = (typeof FORMS_WANTED)[number];
export const FORM_WANTED_LABELS: Record<FormWanted, string> = { PAPER: "纸质文本", ELECTRONIC: "电子文本" };

/** How the applicant wants to receive the information (条例第二十九条第二款第（三）项). */
export const DELIVERY_METHODS = ["POST", "EMAIL", "PICKUP", "ONLINE"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  POST: "邮寄",
  EMAIL: "电子邮件",
  PICKUP: "当面领取",
  ONLINE: "在本平台查询下载",
};

/** How a letter actually went out (recorded when it is issued). */
export const LETTER_DELIVERY_METHODS = ["ONLINE", "EMAIL", "POST", "PICKUP", "FAX"] as const;
export type LetterDeliveryMethod = (typeof LETTER_DELIVERY_METHODS)[number];
export const LETTER_DELIVERY_LABELS: Record<LetterDeliveryMethod, string> = {
  ONLINE: "平台送达（申请人可在查询页面下载）",
  EMAIL: "电子邮件送达",
  POST: "邮寄送达",
  PICKUP: "当面领取",
  FAX: "传真送达",
};

export const LETTER_KINDS = [
  "RECEIPT",
  "CORRECTION_NOTICE",
  "EXTENSION_NOTICE",
  "CONSULTATION",
  "FEE_NOTICE",
  "REPLY",
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  RECEIPT: "登记回执",
  CORRECTION_NOTICE: "补正告知书",
  EXTENSION_NOTICE: "延期答复告知书",
  CONSULTATION: "征求意见书",
  FEE_NOTICE: "收费通知书",
  REPLY: "答复告知书",
};

/** Letters addressed to the applicant; a 征求意见书 goes to the third party and is never shown to them. */
export const APPLICANT_LETTER_KINDS: readonly LetterKind[] = [
  "RECEIPT",
  "CORRECTION_NOTICE",
  "EXTENSION_NOTICE",
  "FEE_NOTICE",
  "REPLY",
];

export const EVENT_TYPES = [
  "SUBMITTED",
  "REGISTERED",
  "RECEIPT_CONFIRMED",
  "HANDLER_ASSIGNED",
  "CORRECTION_REQUESTED",
  "CORRECTION_RECEIVED",
  "CONSULTATION_STARTED",
  "CONSULTATION_ENDED",
  "EXTENSION_REQUESTED",
  "EXTENSION_GRANTED",
  "EXTENSION_DECLINED",
  "FEE_NOTICE_ISSUED",
  "FEE_NOTICE_DELIVERED",
  "FEE_PAID",
  "FEE_WAIVED",
  "DECIDED",
  "LETTER_ISSUED",
  "CLOSED",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  SUBMITTED: "申请人网上提交申请",
  REGISTERED: "工作人员登记申请",
  RECEIPT_CONFIRMED: "确认收到申请",
  HANDLER_ASSIGNED: "指定承办人",
  CORRECTION_REQUESTED: "发出补正告知书",
  CORRECTION_RECEIVED: "收到补正后的申请",
  CONSULTATION_STARTED: "发出征求意见书（暂停计算答复期限）",
  CONSULTATION_ENDED: "征求意见结束（恢复计算答复期限）",
  EXTENSION_REQUESTED: "申请延长答复期限",
  EXTENSION_GRANTED: "批准延长答复期限",
  EXTENSION_DECLINED: "不同意延长答复期限",
  FEE_NOTICE_ISSUED: "发出收费通知书",
  FEE_NOTICE_DELIVERED: "收费通知书送达申请人（缴费期限自次日起计算）",
  FEE_PAID: "申请人缴纳信息处理费",
  FEE_WAIVED: "减免信息处理费",
  DECIDED: "拟定处理决定",
  LETTER_ISSUED: "出具文书",
  CLOSED: "办结",
};

/** Events the applicant sees on the tracking page; internal steps (handler, drafts) are left out. */
export const PUBLIC_EVENT_TYPES: readonly EventType[] = [
  "SUBMITTED",
  "REGISTERED",
  "RECEIPT_CONFIRMED",
  "CORRECTION_REQUESTED",
  "CORRECTION_RECEIVED",
  "CONSULTATION_STARTED",
  "CONSULTATION_ENDED",
  "EXTENSION_GRANTED",
  "FEE_NOTICE_ISSUED",
  "FEE_NOTICE_DELIVERED",
  "FEE_PAID",
  "FEE_WAIVED",
  "CLOSED",
];

export const PUBLIC_EVENT_LABELS: Partial<Record<EventType, string>> = {
  SUBMITTED: "您已网上提交申请",
  REGISTERED: "本机关登记了您的申请",
  RECEIPT_CONFIRMED: "本机关确认收到申请（答复期限自次日起计算）",
  CORRECTION_REQUESTED: "本机关发出补正告知书",
  CORRECTION_RECEIVED: "本机关收到补正后的申请（答复期限重新计算）",
  CONSULTATION_STARTED: "本机关征求第三方或其他机关意见（所需时间不计算在答复期限内）",
  CONSULTATION_ENDED: "征求意见结束",
  EXTENSION_GRANTED: "本机关延长答复期限",
  FEE_NOTICE_ISSUED: "本机关发出收费通知书",
  FEE_NOTICE_DELIVERED: "您收到收费通知书（缴费期限自次日起计算）",
  FEE_PAID: "本机关确认收到信息处理费",
  FEE_WAIVED: "本机关决定减免信息处理费",
  CLOSED: "本机关已作出答复，申请办结",
};

export const CONSULTEE_LABELS = { THIRD_PARTY: "第三方", AGENCY: "其他机关" } as const;

export function labelOf<T extends string>(labels: Partial<Record<T, string>>, code: string | null | undefined): string {
  if (!code) return "—";
  return (labels as Record<string, string | undefined>)[code] ?? code;
}
