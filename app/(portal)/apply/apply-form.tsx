"use client";

import { useActionState, useEffect, useRef } from "react";
import { ApplicationFields } from "./application-fields";
import { submitApplicationAction, type ApplyState } from "./actions";
import type { ApplyCaptcha } from "./helpers";
import { ImageCaptchaFields, PowCaptchaField } from "./captcha-fields";

const FIELD_LABELS: Record<string, string> = {
  applicantType: "申请人类型",
  applicantName: "申请人姓名或名称",
  idType: "证件类型",
  idNumber: "证件号码",
  contactPerson: "联系人姓名",
  phone: "联系电话",
  email: "电子邮箱",
  address: "通信地址",
  postcode: "邮政编码",
  infoTitle: "政府信息名称",
  infoNumber: "文号",
  description: "所需信息的内容描述",
  formWanted: "所需信息的提供形式",
  deliveryMethod: "获取信息的方式",
  attachments: "附件",
  captchaAnswer: "验证码",
  altcha: "人机验证",
  pledge: "申请人承诺",
};

/** The public application form: server-rendered, works without JavaScript (React form actions). */
export function ApplyForm({ captcha, maxMb }: { captcha: ApplyCaptcha; maxMb: number }) {
  const [state, action, pending] = useActionState<ApplyState | null, FormData>(submitApplicationAction, null);
  const summary = useRef<HTMLDivElement>(null);
  const current = state?.captcha ?? captcha;
  const fields = state?.fields ?? {};
  const hasErrors = !!state?.message;

  useEffect(() => {
    if (hasErrors) summary.current?.focus();
  }, [state?.seq, hasErrors]);

  return (
    <form action={action} key={state?.seq ?? 0} encType="multipart/form-data" noValidate data-testid="apply-form">
      {hasErrors && (
        <div className="notice bad" role="alert" tabIndex={-1} ref={summary} data-testid="apply-errors">
          <p>
            <strong>{state!.message}</strong>
          </p>
          {Object.keys(fields).length > 0 && (
            <ul>
              {Object.entries(fields).map(([k, v]) => (
                <li key={k}>
                  <a href={`#${k === "altcha" ? "altcha-label" : k}`}>
                    {FIELD_LABELS[k] ?? k}：{v}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <ApplicationFields values={state?.values} errors={fields} />

      <div className="field">
        <label htmlFor="attachments">
          附件<span className="muted">（选填）</span>
        </label>
        <input
          id="attachments"
          name="attachments"
          type="file"
          multiple
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby={`attachments-hint${fields.attachments ? " attachments-error" : ""}`}
          aria-invalid={fields.attachments ? true : undefined}
        />
        <p className="hint" id="attachments-hint">
          可上传身份证件扫描件等材料，最多3个，每个不超过{maxMb}MB，仅限PDF、JPG、PNG格式。
          {state ? "如上次已选择附件，请重新选择。" : ""}
        </p>
        {fields.attachments && (
          <p className="field-error" id="attachments-error">
            {fields.attachments}
          </p>
        )}
      </div>

      <PowCaptchaField key={current.pow} challenge={current.pow} image={current.image} error={fields.altcha} />
      <noscript>
        <ImageCaptchaFields captcha={current.image} error={fields.captchaAnswer} />
      </noscript>

      <div className="field">
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" name="pledge" value="1" required aria-describedby={fields.pledge ? "pledge-error" : undefined} />{" "}
          本人承诺所填写的信息真实、准确，并了解申请内容不明确的，本机关将告知补正。
        </label>
        {fields.pledge && (
          <p className="field-error" id="pledge-error">
            {fields.pledge}
          </p>
        )}
      </div>

      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在提交…" : "提交申请"}
      </button>
    </form>
  );
}
