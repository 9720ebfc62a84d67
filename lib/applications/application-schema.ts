/**
 * The application form (条例第二十九条): who applies (name, proof of identity, contact), what
 * information is wanted (name / 文号 / description), and in what form and how to receive it.
 * The same schema serves the public form and staff registering a paper application.
 */
import { z } from "zod";
import { APPLICANT_TYPE_CODES, type ApplicantTypeCode } from "./outcomes";
import { DELIVERY_METHODS, FORMS_WANTED, ID_TYPES } from "./labels";
import { idDocumentError, normalizeMobile, usccProblem, type IdDocumentType } from "../validation/ids";

const text = (max: number, tooLong: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string().max(max, tooLong).optional().transform((v) => (v ? v : undefined)),
  );

// Choices are optional at this level and required in superRefine: zod runs refinements only when
// the object's own fields parse, and the applicant should see every problem at once.
const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values, { error: message }).optional());

const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 11-digit mainland mobile, or a landline with its area code (0533-3581234). */
export function normalizePhone(value: string): string | null {
  const v = value.normalize("NFKC").trim();
  const mobile = normalizeMobile(v);
  if (/^1[3-9]\d{9}$/.test(mobile)) return mobile;
  const landline = v.replace(/[\s()（）]/g, "").replace(/—|－/g, "-");
  return LANDLINE.test(landline) ? landline : null;
}

export const applicationFormSchema = z
  .object({
    applicantType: choice(APPLICANT_TYPE_CODES as unknown as readonly [ApplicantTypeCode, ...ApplicantTypeCode[]], "请选择申请人类型"),
    applicantName: text(100, "申请人名称不能超过100个字"),
    idType: z.preprocess((v) => (v === "" ? undefined : v), z.enum(ID_TYPES, { error: "请选择证件类型" }).optional()),
    idNumber: text(40, "证件号码不能超过40个字符"),
    contactPerson: text(50, "联系人姓名不能超过50个字"),
    phone: text(30, "联系电话格式不正确"),
    email: text(100, "电子邮箱不能超过100个字符"),
    address: text(200, "通信地址不能超过200个字"),
    postcode: text(6, "邮政编码应为6位数字"),
    infoTitle: text(200, "政府信息名称不能超过200个字"),
    infoNumber: text(100, "文号不能超过100个字符"),
    description: text(2000, "所需信息的内容描述不能超过2000个字"),
    formWanted: choice(FORMS_WANTED, "请选择所需信息的提供形式"),
    deliveryMethod: choice(DELIVERY_METHODS, "请选择获取信息的方式"),
  })
  .superRefine((v, ctx) => {
    const add = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const isPerson = v.applicantType === "NATURAL_PERSON";
    if (!v.applicantType) add("applicantType", "请选择申请人类型");
    if (!v.formWanted) add("formWanted", "请选择所需信息的提供形式");
    if (!v.deliveryMethod) add("deliveryMethod", "请选择获取信息的方式");

    if (!v.applicantName) add("applicantName", isPerson ? "请填写申请人姓名" : "请填写法人或其他组织名称");

    // 条例第二十九条: the application must carry the applicant's proof of identity.
    if (isPerson) {
      if (!v.idType || v.idType === "uscc") add("idType", "请选择身份证件类型");
      else if (!v.idNumber) add("idNumber", "请填写证件号码");
      else {
        const problem = idDocumentError(v.idType as IdDocumentType, v.idNumber.toUpperCase());
        if (problem) add("idNumber", problem);
      }
    } else if (v.applicantType) {
      if (!v.idNumber) add("idNumber", "请填写统一社会信用代码");
      else {
        const p = usccProblem(v.idNumber.toUpperCase());
        if (p === "format") add("idNumber", "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）");
        else if (p === "checkChar") add("idNumber", "统一社会信用代码校验位不正确，请核对");
      }
      if (!v.contactPerson) add("contactPerson", "请填写联系人姓名");
    }

    // 条例第二十九条: contact details. A phone is always needed (and is the tracking page's second factor).
    if (!v.phone) add("phone", "请填写联系电话");
    else if (!normalizePhone(v.phone)) add("phone", "联系电话格式不正确，请填写11位手机号码或带区号的固定电话");
    if (v.email && !EMAIL.test(v.email)) add("email", "电子邮箱格式不正确");
    if (v.postcode && !/^\d{6}$/.test(v.postcode)) add("postcode", "邮政编码应为6位数字");
    if (v.deliveryMethod === "EMAIL" && !v.email) add("email", "选择以电子邮件获取信息的，请填写电子邮箱");
    if (v.deliveryMethod === "POST" && !v.address) add("address", "选择邮寄方式获取信息的，请填写通信地址");

    if (!v.description) add("description", "请描述所需政府信息的内容");
    else if (Array.from(v.description).length < 5) add("description", "所需信息的内容描述过于简单，请至少填写5个字");
  })
  .transform((v) => {
    const isPerson = v.applicantType === "NATURAL_PERSON";
    const idNumber = (v.idNumber ?? "").toUpperCase();
    return {
      applicantType: v.applicantType!,
      applicantName: v.applicantName!,
      idType: isPerson ? v.idType! : ("uscc" as const),
      idNumber,
      orgCode: isPerson ? null : idNumber,
      contactPerson: isPerson ? null : v.contactPerson!,
      phone: normalizePhone(v.phone!)!,
      email: v.email ?? null,
      address: v.address ?? null,
      postcode: v.postcode ?? null,
      infoTitle: v.infoTitle ?? null,
      infoNumber: v.infoNumber ?? null,
      description: v.description!,
      formWanted: v.formWanted!,
      deliveryMethod: v.deliveryMethod!,
    };
  });

export type ApplicationForm = z.output<typeof applicationFormSchema>;

/** The form fields by name, so pages can re-fill the form after an error. */
export const APPLICATION_FORM_FIELDS = [
  "applicantType",
  "applicantName",
  "idType",
  "idNumber",
  "contactPerson",
  "phone",
  "email",
  "address",
  "postcode",
  "infoTitle",
  "infoNumber",
  "description",
  "formWanted",
  "deliveryMethod",
  // The pledge checkbox ("1" when ticked) is echoed too, so a failed submission does not clear it.
  "pledge",
] as const;

export type ApplicationFormValues = Partial<Record<(typeof APPLICATION_FORM_FIELDS)[number], string>>;

/** Only the known text fields of a submitted form, for echoing back after an error. */
export function pickFormValues(input: Record<string, unknown>): ApplicationFormValues {
  const out: ApplicationFormValues = {};
  for (const k of APPLICATION_FORM_FIELDS) {
    const v = input[k];
    if (typeof v === "string") out[k] = v.slice(0, 2000);
  }
  return out;
}
