"use client";

import { useActionState } from "react";
import { lookupAction, type FormState } from "./actions";

export function LookupForm() {
  const [state, action, pending] = useActionState<FormState | null, FormData>(lookupAction, null);
  const f = state?.fields ?? {};
  return (
    <form action={action} key={state?.seq ?? 0} noValidate data-testid="lookup-form">
      {state?.message && (
        <div className="notice bad" data-testid="lookup-error" tabIndex={-1}>
          {state.message}
        </div>
      )}
      <div className="field">
        <label htmlFor="code">申请编号</label>
        <input
          id="code"
          name="code"
          type="text"
          autoComplete="off"
          spellCheck={false}
          defaultValue={state?.values.code}
          aria-describedby={`code-hint${f.code ? " code-error" : ""}`}
          aria-invalid={f.code ? true : undefined}
          required
        />
        <p className="hint" id="code-hint">
          见登记回执，形如“2026-XXXX-XXXX”。
        </p>
        {f.code && (
          <p className="field-error" id="code-error">
            {f.code}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="phoneLastFour">联系电话后四位</label>
        <input
          id="phoneLastFour"
          name="phoneLastFour"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          style={{ maxWidth: "8rem" }}
          aria-describedby={`phone-hint${f.phoneLastFour ? " phoneLastFour-error" : ""}`}
          aria-invalid={f.phoneLastFour ? true : undefined}
          required
        />
        <p className="hint" id="phone-hint">
          申请时填写的联系电话的最后四位数字。
        </p>
        {f.phoneLastFour && (
          <p className="field-error" id="phoneLastFour-error">
            {f.phoneLastFour}
          </p>
        )}
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在查询…" : "查询"}
      </button>
    </form>
  );
}
