"use client";

import { useActionState } from "react";
import { CHANNEL_LABELS, STAFF_CHANNELS } from "@/lib/applications/labels";
import { ApplicationFields } from "../../../../(portal)/apply/application-fields";
import { registerApplicationAction, type RegisterState } from "../actions";

/** Registration of a paper application; keeps what was typed when a field needs correcting. */
export function RegisterForm({ today }: { today: string }) {
  const [state, action, pending] = useActionState<RegisterState | null, FormData>(registerApplicationAction, null);
  const f = state?.fields ?? {};
  const v = state?.values ?? {};
  return (
    <form action={action} key={state?.seq ?? 0} encType="multipart/form-data" noValidate data-testid="register-application">
      {state?.message && (
        <div className="notice bad" data-testid="action-message">
          {state.message}
          {Object.keys(f).length > 0 && (
            <ul>
              {Object.entries(f).map(([k, m]) => (
                <li key={k}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="channel">申请方式</label>
        <select id="channel" name="channel" required defaultValue={v.channel ?? ""} aria-invalid={f.channel ? true : undefined}>
          <option value="">请选择</option>
          {STAFF_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
        {f.channel && <p className="field-error">{f.channel}</p>}
      </div>
      <div className="field">
        <label htmlFor="receivedOn">收到申请日期</label>
        <input
          id="receivedOn"
          name="receivedOn"
          type="date"
          required
          defaultValue={v.receivedOn ?? today}
          max={today}
          aria-describedby="receivedOn-hint"
          aria-invalid={f.receivedOn ? true : undefined}
        />
        <p className="hint" id="receivedOn-hint">
          当面提交填提交日期；需签收的邮件填签收日期；平常信函填与申请人确认日期；传真、电子邮件填双方确认日期。
        </p>
        {f.receivedOn && <p className="field-error">{f.receivedOn}</p>}
      </div>
      <ApplicationFields values={v} errors={f} />
      <div className="field">
        <label htmlFor="attachments">申请书扫描件等材料（选填）</label>
        <input id="attachments" name="attachments" type="file" multiple accept=".pdf,.jpg,.jpeg,.png" />
        {f.attachments && <p className="field-error">{f.attachments}</p>}
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在提交…" : "登记申请"}
      </button>
    </form>
  );
}
