import { APPLICANT_TYPES } from "@/lib/applications/outcomes";
import {
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
  FORMS_WANTED,
  FORM_WANTED_LABELS,
  ID_TYPES,
  ID_TYPE_LABELS,
} from "@/lib/applications/labels";
import type { ApplicationFormValues } from "@/lib/applications/application-schema";

type Errors = Record<string, string> | undefined;

/** Label + control + hint + error, wired with aria-describedby / aria-invalid for screen readers. */
function Field({
  name,
  label,
  required,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  errors: Errors;
  children: (props: { id: string; name: string; "aria-describedby"?: string; "aria-invalid"?: boolean; required?: boolean }) => React.ReactNode;
}) {
  const error = errors?.[name];
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>
        {label}
        {required ? <span aria-hidden="true">（必填）</span> : <span className="muted">（选填）</span>}
      </label>
      {children({ id: name, name, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, required })}
      {hint && (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function RadioGroup({
  name,
  legend,
  options,
  value,
  errors,
}: {
  name: string;
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value: string | undefined;
  errors: Errors;
}) {
  const error = errors?.[name];
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend>
        {legend}
        <span aria-hidden="true">（必填）</span>
      </legend>
      {options.map((o) => (
        <label key={o.value} className="choice" style={{ display: "inline-block", marginRight: "1.2rem", fontWeight: 400 }}>
          <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} required /> {o.label}
        </label>
      ))}
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The fields of an application (条例第二十九条), shared by the public form and staff registration. */
export function ApplicationFields({ values = {}, errors }: { values?: ApplicationFormValues; errors?: Errors }) {
  const v = values;
  return (
    <>
      <RadioGroup
        name="applicantType"
        legend="申请人类型"
        value={v.applicantType}
        errors={errors}
        options={APPLICANT_TYPES.map((t) => ({ value: t.code, label: t.organisation ? `法人或其他组织：${t.label}` : t.label }))}
      />

      <fieldset>
        <legend>申请人信息</legend>
        <Field name="applicantName" label="申请人姓名或名称" required errors={errors} hint="自然人填写姓名；法人或其他组织填写全称。">
          {(p) => <input type="text" autoComplete="name" defaultValue={v.applicantName} maxLength={100} {...p} />}
        </Field>
        <Field
          name="idType"
          label="证件类型"
          required
          errors={errors}
          hint="自然人选择身份证件；法人或其他组织选择“统一社会信用代码”。"
        >
          {(p) => (
            <select defaultValue={v.idType ?? ""} {...p}>
              <option value="">请选择</option>
              {ID_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ID_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="idNumber" label="证件号码" required errors={errors} hint="居民身份证号码为18位，最后一位可能是X。">
          {(p) => <input type="text" autoComplete="off" defaultValue={v.idNumber} maxLength={40} spellCheck={false} {...p} />}
        </Field>
        <Field name="contactPerson" label="联系人姓名" errors={errors} hint="法人或其他组织申请的必须填写。">
          {(p) => <input type="text" defaultValue={v.contactPerson} maxLength={50} {...p} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>联系方式</legend>
        <Field
          name="phone"
          label="联系电话"
          required
          errors={errors}
          hint="11位手机号码或带区号的固定电话。查询办理进度时需要输入其后四位。"
        >
          {(p) => <input type="tel" autoComplete="tel" inputMode="tel" defaultValue={v.phone} maxLength={30} {...p} />}
        </Field>
        <Field name="email" label="电子邮箱" errors={errors} hint="选择以电子邮件获取信息的必须填写。">
          {(p) => <input type="email" autoComplete="email" defaultValue={v.email} maxLength={100} {...p} />}
        </Field>
        <Field name="address" label="通信地址" errors={errors} hint="选择邮寄方式获取信息的必须填写。">
          {(p) => <input type="text" autoComplete="street-address" defaultValue={v.address} maxLength={200} {...p} />}
        </Field>
        <Field name="postcode" label="邮政编码" errors={errors}>
          {(p) => (
            <input type="text" inputMode="numeric" autoComplete="postal-code" defaultValue={v.postcode} maxLength={6} {...p} />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>所需政府信息</legend>
        <Field name="infoTitle" label="政府信息名称" errors={errors} hint="知道名称的请填写，便于准确查找。">
          {(p) => <input type="text" defaultValue={v.infoTitle} maxLength={200} {...p} />}
        </Field>
        <Field name="infoNumber" label="文号" errors={errors} hint="如“四宝山办发〔2025〕3号”。">
          {(p) => <input type="text" defaultValue={v.infoNumber} maxLength={100} {...p} />}
        </Field>
        <Field
          name="description"
          label="所需信息的内容描述"
          required
          errors={errors}
          hint="请写明信息的内容、形成时间、涉及事项等特征，便于本机关确定您需要的信息。"
        >
          {(p) => <textarea rows={6} defaultValue={v.description} maxLength={2000} {...p} />}
        </Field>
      </fieldset>

      <RadioGroup
        name="formWanted"
        legend="所需信息的提供形式"
        value={v.formWanted}
        errors={errors}
        options={FORMS_WANTED.map((f) => ({ value: f, label: FORM_WANTED_LABELS[f] }))}
      />
      <RadioGroup
        name="deliveryMethod"
        legend="获取信息的方式"
        value={v.deliveryMethod}
        errors={errors}
        options={DELIVERY_METHODS.map((d) => ({ value: d, label: DELIVERY_METHOD_LABELS[d] }))}
      />
    </>
  );
}
