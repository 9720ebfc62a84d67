"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/http/action-result";

type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** A form bound to a server action; shows the action's zh-CN message and field errors. */
export function ActionForm({
  action,
  children,
  submitLabel,
  className,
  testId,
  confirm,
}: {
  action: Action;
  children?: React.ReactNode;
  submitLabel: string;
  className?: string;
  testId?: string;
  confirm?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className={className}
      data-testid={testId}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {state && (
        <div className={`notice ${state.ok ? "ok" : "bad"}`} aria-live="polite" data-testid="action-message">
          {state.message}
          {state.fields && (
            <ul>
              {Object.entries(state.fields).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {children}
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在提交…" : submitLabel}
      </button>
    </form>
  );
}
