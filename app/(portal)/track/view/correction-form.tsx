"use client";

import { useActionState } from "react";
import { submitCorrectionAction, type FormState } from "../actions";

export function CorrectionForm({ infoTitle, description, maxMb }: { infoTitle: string; description: string; maxMb: number }) {
  const [state, action, pending] = useActionState<FormState | null, FormData>(submitCorrectionAction, null);
  const f = state?.fields ?? {};
  const v = state?.values ?? { infoTitle, description };
  return (
    <form action={action} key={state?.seq ?? 0} encType="multipart/form-data" noValidate data-testid="correction-form">
      {state?.message && (
        <div className="notice bad" data-testid="correction-error">
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
        <label htmlFor="corr-infoTitle">
          政府信息名称<span className="muted">（选填）</span>
        </label>
        <input id="corr-infoTitle" name="infoTitle" type="text" maxLength={200} defaultValue={v.infoTitle} />
      </div>
      <div className="field">
        <label htmlFor="corr-description">补正后的申请内容（必填）</label>
        <textarea
          id="corr-description"
          name="description"
          rows={6}
          maxLength={2000}
          defaultValue={v.description}
          aria-describedby={`corr-hint${f.description ? " corr-description-error" : ""}`}
          aria-invalid={f.description ? true : undefined}
          required
        />
        <p className="hint" id="corr-hint">
          请按补正告知书的要求，完整描述您需要的政府信息（可修改上面已填写的内容）。
        </p>
        {f.description && (
          <p className="field-error" id="corr-description-error">
            {f.description}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="corr-attachments">
          补正材料<span className="muted">（选填）</span>
        </label>
        <input id="corr-attachments" name="attachments" type="file" multiple accept=".pdf,.jpg,.jpeg,.png" aria-describedby="corr-att-hint" />
        <p className="hint" id="corr-att-hint">
          最多3个，每个不超过{maxMb}MB，仅限PDF、JPG、PNG格式。
        </p>
        {f.attachments && <p className="field-error">{f.attachments}</p>}
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在提交…" : "提交补正"}
      </button>
    </form>
  );
}
