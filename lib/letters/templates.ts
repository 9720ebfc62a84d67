/**
 * Standard letters of disclosure on application, as an office writes them (Jiangsu practice has 26
 * formats; these are the ones the 条例 requires of every office). Pure: every date and figure comes
 * in through the arguments, so the same call gives the same letter.
 *
 * References: 《中华人民共和国政府信息公开条例》(2019) 第三十条 (补正), 第三十一条 (receipt),
 * 第三十二条 (third parties), 第三十三条 (periods and extension), 第三十六条–第三十九条 (answers),
 * 第五十一条 (remedies); 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) for fees.
 */
import { provisionalLetterSentence } from "../calendar/provisional";
import { formatChineseDate, toChinaDate, type IsoDate } from "../calendar/dates";
import { formatYuan, type FeeQuote } from "../applications/fees";
import { getOutcome, type OutcomeCode } from "../applications/outcomes";
import {
  CHANNEL_LABELS,
  DELIVERY_METHOD_LABELS,
  FORM_WANTED_LABELS,
  labelOf,
} from "../applications/labels";
import type { LetterDocument } from "./document";

const TIAOLI = "《中华人民共和国政府信息公开条例》";

export interface LetterOrganisation {
  name: string;
  address: string;
  postcode: string;
  phone: string;
  /** 行政复议机关 named in the remedies paragraph (the office's superior government). */
  superior: string;
}

export interface LetterApplication {
  trackingCode: string;
  applicantType: string;
  applicantName: string;
  contactPerson: string | null;
  channel: string;
  submittedAt: Date;
  /** 条例第三十一条 receipt date; null before it is confirmed. */
  receivedOn: IsoDate | null;
  infoTitle: string | null;
  infoNumber: string | null;
  description: string;
  formWanted: string;
  deliveryMethod: string;
}

export interface LetterContext {
  org: LetterOrganisation;
  application: LetterApplication;
}

const reference = (a: LetterApplication) => `申请编号：${a.trackingCode}`;

function footer(org: LetterOrganisation): string {
  return `联系地址：${org.address}（邮编${org.postcode}）　联系电话：${org.phone}`;
}

/** "“2025年度财政预算”（文号：四宝山发〔2025〕3号）" or the description's first 60 characters. */
export function requestedInformation(a: Pick<LetterApplication, "infoTitle" | "infoNumber" | "description">): string {
  const name = a.infoTitle?.trim() || shorten(a.description.replace(/\s+/g, " ").trim(), 60);
  return `“${name}”${a.infoNumber ? `（文号：${a.infoNumber}）` : ""}`;
}

function shorten(text: string, max: number): string {
  const c = Array.from(text);
  return c.length > max ? `${c.slice(0, max).join("")}……` : text;
}

function salutation(a: LetterApplication): string {
  return `${a.applicantName}：`;
}

function receivedSentence(a: LetterApplication): string {
  const when = a.receivedOn ? `${formatChineseDate(a.receivedOn)}收到` : "收到";
  return `本机关于${when}您提出的政府信息公开申请（${reference(a)}），您申请获取${requestedInformation(a)}的政府信息。`;
}

function remedies(org: LetterOrganisation): string {
  // 条例第五十一条; 行政复议法第二十条 (60 days); 行政诉讼法第四十六条 (6 months).
  return `如对本答复不服，可以自收到本答复之日起六十日内向${org.superior}申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。`;
}

const chinaDateOf = (instant: Date): IsoDate => toChinaDate(instant);

function chinaTimeOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}

/** The 暂定 sentence after a date counted across a year without a known holiday schedule. */
function provisional(date: IsoDate, years: readonly number[] | undefined): string[] {
  return years && years.length > 0 ? [provisionalLetterSentence(date, years)] : [];
}

// ───────────────────────── 登记回执 ─────────────────────────

export interface ReceiptLetterInput {
  /** The ID document, already masked: the receipt is the applicant's own, but may be passed around. */
  maskedIdNumber: string;
  issuedOn: IsoDate;
}

export function receiptLetter(ctx: LetterContext, input: ReceiptLetterInput): LetterDocument {
  const { org, application: a } = ctx;
  const online = a.channel === "ONLINE";
  const paragraphs = [
    salutation(a),
    online
      ? `您于${formatChineseDate(chinaDateOf(a.submittedAt))}${chinaTimeOf(a.submittedAt)}通过本平台提交的政府信息公开申请已登记。根据${TIAOLI}第三十一条的规定，通过互联网渠道提交的申请，以双方确认之日为收到申请之日；本机关确认收到后，将在办理进度查询页面告知收到申请的日期和答复期限。`
      : `本机关已于${a.receivedOn ? formatChineseDate(a.receivedOn) : "　　年　　月　　日"}收到您以${labelOf(CHANNEL_LABELS, a.channel)}方式提交的政府信息公开申请，现予登记。`,
    `根据${TIAOLI}第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将另行书面告知。申请内容不明确的，本机关将在7个工作日内一次性告知您补正。`,
    `您可以凭申请编号和联系电话后四位，在本机关政府信息公开平台“依申请公开”栏目查询办理进度、提交补正材料、下载本机关出具的文书。请妥善保管本回执。`,
  ];
  return {
    title: "政府信息公开申请登记回执",
    reference: reference(a),
    body: paragraphs.join("\n"),
    table: [
      ["申请编号", a.trackingCode],
      ["申请人", a.applicantName],
      ["证件号码", input.maskedIdNumber],
      ["提交方式", labelOf(CHANNEL_LABELS, a.channel)],
      ["提交时间", `${formatChineseDate(chinaDateOf(a.submittedAt))} ${chinaTimeOf(a.submittedAt)}`],
      ["所需信息", requestedInformation(a)],
      ["提供形式", labelOf(FORM_WANTED_LABELS, a.formWanted)],
      ["获取方式", labelOf(DELIVERY_METHOD_LABELS, a.deliveryMethod)],
    ],
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

// ───────────────────────── 补正告知书 ─────────────────────────

export interface CorrectionNoticeInput {
  /** What the applicant must add or clarify, one point per line. */
  items: string;
  issuedOn: IsoDate;
  deadlineOn: IsoDate;
  /** Years without a known holiday schedule the deadline was counted across (暂定). */
  provisionalYears?: readonly number[];
}

export function correctionNotice(ctx: LetterContext, input: CorrectionNoticeInput): LetterDocument {
  const { org, application: a } = ctx;
  const points = input.items
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l, i, all) => (all.length > 1 && !/^[（(]?[一二三四五六七八九十\d]+[）).、]/.test(l) ? `${i + 1}. ${l}` : l));
  const paragraphs = [
    salutation(a),
    `${receivedSentence(a)}经审查，您的申请内容不明确，本机关无法据此确定您所需要的政府信息。根据${TIAOLI}第三十条的规定，现一次性告知您作出如下补正：`,
    ...points,
    `请您于${formatChineseDate(input.deadlineOn)}前，通过本机关政府信息公开平台“依申请公开—办理进度查询”栏目在线提交补正后的申请，或者以书面形式向本机关提交。答复期限自本机关收到补正后的申请之日起计算。`,
    ...provisional(input.deadlineOn, input.provisionalYears),
    `无正当理由逾期不补正的，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
    `特此告知。`,
  ];
  return {
    title: "政府信息公开申请补正告知书",
    reference: reference(a),
    body: paragraphs.join("\n"),
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

// ───────────────────────── 延期答复告知书 ─────────────────────────

export interface ExtensionNoticeInput {
  reason: string;
  workingDays: number;
  issuedOn: IsoDate;
  /** The due date after the extension; null while a consultation is open. */
  newDueOn: IsoDate | null;
  provisionalYears?: readonly number[];
}

export function extensionNotice(ctx: LetterContext, input: ExtensionNoticeInput): LetterDocument {
  const { org, application: a } = ctx;
  const reason = input.reason.trim().replace(/[。.]$/, "");
  const paragraphs = [
    salutation(a),
    `${receivedSentence(a)}因${reason}，本机关不能在法定期限内作出答复。`,
    `根据${TIAOLI}第三十三条第一款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${input.workingDays}个工作日，${input.newDueOn ? `本机关将于${formatChineseDate(input.newDueOn)}前作出答复。` : "本机关将在延长后的期限内作出答复。"}`,
    ...(input.newDueOn ? provisional(input.newDueOn, input.provisionalYears) : []),
    `特此告知。`,
  ];
  return {
    title: "政府信息公开申请延期答复告知书",
    reference: reference(a),
    body: paragraphs.join("\n"),
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

// ───────────────────────── 征求意见书 ─────────────────────────

export interface ConsultationLetterInput {
  consultee: "THIRD_PARTY" | "AGENCY";
  /** Name of the third party or agency consulted. */
  party: string;
  /** The part of the information that concerns them. */
  matter: string;
  issuedOn: IsoDate;
  /** THIRD_PARTY: 15 working days from receipt of the letter (条例第三十二条). */
  replyByOn: IsoDate | null;
  provisionalYears?: readonly number[];
}

/** Goes to the third party or agency; it names the information wanted, never the applicant. */
export function consultationLetter(ctx: LetterContext, input: ConsultationLetterInput): LetterDocument {
  const { org, application: a } = ctx;
  const info = requestedInformation(a);
  const matter = input.matter.trim().replace(/[。.]$/, "");
  const paragraphs =
    input.consultee === "THIRD_PARTY"
      ? [
          `${input.party}：`,
          `本机关收到一件政府信息公开申请，申请获取${info}的政府信息。经审查，该政府信息涉及${matter}，公开后可能损害贵方合法权益。`,
          `根据${TIAOLI}第三十二条的规定，现书面征求贵方意见。请贵方自收到本征求意见书之日起15个工作日内${input.replyByOn ? `（即${formatChineseDate(input.replyByOn)}前）` : ""}提出书面意见，并说明理由。`,
          ...(input.replyByOn ? provisional(input.replyByOn, input.provisionalYears) : []),
          `贵方逾期未提出意见的，由本机关依照条例的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。`,
          `特此函询。`,
        ]
      : [
          `${input.party}：`,
          `本机关收到一件政府信息公开申请，申请获取${info}的政府信息。经审查，该政府信息涉及${matter}，需要征求贵机关意见。`,
          `根据${TIAOLI}第三十三条第二款的规定，征求其他机关意见所需时间不计算在答复期限内。请贵机关尽快提出书面意见，以便本机关依法按期答复申请人。`,
          `特此函询。`,
        ];
  return {
    title: "政府信息公开征求意见书",
    reference: reference(a),
    body: paragraphs.join("\n"),
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

// ───────────────────────── 收费通知书 ─────────────────────────

export interface FeeNoticeInput {
  quote: FeeQuote;
  issuedOn: IsoDate;
  /** Null when the notice goes by post: the deadline runs from the day the applicant receives it. */
  dueOn: IsoDate | null;
  paymentPeriodWorkingDays?: number;
  provisionalYears?: readonly number[];
}

export function feeNotice(ctx: LetterContext, input: FeeNoticeInput): LetterDocument {
  const { org, application: a } = ctx;
  const q = input.quote;
  const method =
    q.method === "PER_CASE"
      ? `按件计收：您本月此前已提出${q.earlierThisMonth ?? 0}件政府信息公开申请，本件为本月第${(q.earlierThisMonth ?? 0) + 1}件`
      : `按量计收：本次提供的政府信息共${q.quantity}页`;
  const lines = q.lines.filter((l) => l.subtotalFen > 0).map((l) => `${l.label}，小计${formatYuan(l.subtotalFen)}元；`);
  const paragraphs = [
    salutation(a),
    `${receivedSentence(a)}根据${TIAOLI}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费，计算方式如下：`,
    `${method}。`,
    ...lines,
    `合计应缴纳信息处理费人民币${q.totalYuan}元。`,
    `请您${input.dueOn ? `于${formatChineseDate(input.dueOn)}前` : `自收到本通知书之日起${input.paymentPeriodWorkingDays ?? 20}个工作日内`}缴纳（可持本通知书到${org.address}缴纳，或拨打${org.phone}咨询其他缴纳方式）。自本通知书出具之日起至本机关收到费用之日止的期间，不计算在答复期限内。逾期未缴纳的，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
    ...(input.dueOn ? provisional(input.dueOn, input.provisionalYears) : []),
    `特此通知。`,
  ];
  return {
    title: "政府信息公开信息处理费收费通知书",
    reference: reference(a),
    body: paragraphs.join("\n"),
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

// ───────────────────────── 答复告知书 ─────────────────────────

export interface ReplyLetterInput {
  outcome: OutcomeCode;
  /** The legal basis as recorded with the decision (defaults to the outcome's own). */
  legalBasis?: string | null;
  /** The handler's explanation: what is provided, what is withheld and why. */
  detail?: string | null;
  /** OTHER_NO_CORRECTION: the 补正 request and its deadline. */
  correction?: { requestedOn: IsoDate; deadlineOn: IsoDate } | null;
  /** OTHER_FEE_UNPAID: the fee notice and its deadline. */
  fee?: { issuedOn: IsoDate; dueOn: IsoDate; totalYuan: string } | null;
  /** Null for a draft. */
  issuedOn: IsoDate | null;
}

const DETAIL_PLACEHOLDER = "【请在此写明具体情况】";

/** How the information reaches the applicant, in the way chosen on the form (条例第四十条). */
function providing(a: LetterApplication): string {
  const form = labelOf(FORM_WANTED_LABELS, a.formWanted);
  switch (a.deliveryMethod) {
    case "ONLINE":
      return `您可以在本机关政府信息公开平台“依申请公开—办理进度查询”页面下载本答复告知书和所提供的政府信息。`;
    case "EMAIL":
      return `本机关将通过电子邮件向您提供${form}。`;
    case "PICKUP":
      return `请您携带有效身份证件到本机关领取${form}。`;
    default:
      return `本机关将以${labelOf(DELIVERY_METHOD_LABELS, a.deliveryMethod)}方式向您提供${form}。`;
  }
}

/** The outcome-specific middle of the reply. */
function decisionParagraphs(ctx: LetterContext, input: ReplyLetterInput, basis: string): string[] {
  const a = ctx.application;
  const detail = input.detail?.trim() || null;
  const outcome = getOutcome(input.outcome);
  const by = `根据${basis}的规定`;
  switch (outcome.group) {
    case "GRANTED":
      return [`经审查，您申请获取的政府信息属于公开范围，${by}，本机关予以公开。${providing(a)}`, ...(detail ? [detail] : [])];
    case "PARTIAL":
      return [
        `经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。${by}，本机关向您提供可以公开的政府信息内容，对不予公开的内容说明如下：`,
        detail ?? `${DETAIL_PLACEHOLDER}（写明不予公开的部分及理由）`,
        providing(a),
      ];
    case "WITHHELD": {
      const reason = outcome.shortName.replace(/^不予公开（|）$/g, "");
      return [`经审查，您申请获取的政府信息${reason}，${by}，本机关不予公开。`, detail ?? `${DETAIL_PLACEHOLDER}（写明不予公开的理由）`];
    }
    case "UNAVAILABLE":
      switch (input.outcome) {
        case "UNAVAILABLE_NOT_HELD":
          return [
            `经检索查找，本机关未制作、获取您申请的政府信息，该政府信息不存在。${by}，本机关告知您该政府信息不存在。`,
            ...(detail ? [detail] : []),
          ];
        case "UNAVAILABLE_NEEDS_CREATION":
          return [
            `经审查，本机关没有您申请获取的现成政府信息，提供该信息需要对现有政府信息进行加工、分析。${by}，本机关不予提供。`,
            ...(detail ? [detail] : []),
          ];
        default:
          return [
            `本机关已告知您补正申请，经审查，补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息。${by}，本机关无法提供。`,
            ...(detail ? [detail] : []),
          ];
      }
    case "NOT_PROCESSED": {
      const reason = outcome.shortName.replace(/^不予处理（|）$/g, "");
      return [`经审查，您的申请属于${reason}的情形，${by}，本机关不作为政府信息公开申请处理。`, ...(detail ? [detail] : [])];
    }
    case "OTHER":
      if (input.outcome === "OTHER_NO_CORRECTION" && input.correction) {
        return [
          `本机关于${formatChineseDate(input.correction.requestedOn)}向您出具补正告知书，请您于${formatChineseDate(input.correction.deadlineOn)}前补正申请。您无正当理由逾期未补正，${by}，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
        ];
      }
      if (input.outcome === "OTHER_FEE_UNPAID" && input.fee) {
        return [
          `本机关于${formatChineseDate(input.fee.issuedOn)}向您出具收费通知书，请您于${formatChineseDate(input.fee.dueOn)}前缴纳信息处理费${input.fee.totalYuan}元。您逾期未缴纳，${by}，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
        ];
      }
      return [`${by}，本机关对您的申请作如下处理：`, detail ?? DETAIL_PLACEHOLDER];
  }
}

export function replyLetter(ctx: LetterContext, input: ReplyLetterInput): LetterDocument {
  const { org, application: a } = ctx;
  const outcome = getOutcome(input.outcome);
  const basis = input.legalBasis?.trim() || outcome.legalBasis;
  const paragraphs = [
    salutation(a),
    `${receivedSentence(a)}现答复如下：`,
    ...decisionParagraphs(ctx, input, basis),
    remedies(org),
    `特此告知。`,
  ];
  return {
    title: "政府信息公开申请答复告知书",
    reference: reference(a),
    body: paragraphs.join("\n"),
    issuer: org.name,
    date: input.issuedOn,
    footer: footer(org),
  };
}

/** Whether a draft body still carries a placeholder staff must replace before issuing. */
export function hasPlaceholder(body: string): boolean {
  return body.includes("【请在此");
}
