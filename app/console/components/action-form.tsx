"use client";

import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";

type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

const UNSAVED = "您有尚未保存的修改，离开本页面将丢失这些修改。确定离开吗？";

/** Asks before the page is left (reload, close, a link) while the form has unsaved changes. */
function useUnsavedWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    // Links inside the app navigate without unloading the page, so they are asked here; capturing
    // on the document runs before the router's own click handler.
    const click = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || a.hasAttribute("download") || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      const url = new URL(a.href, location.href);
      if (url.pathname === location.pathname && url.search === location.search) return;
      if (!window.confirm(UNSAVED)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [active]);
}

/**
 * A form bound to a server action; shows the action's zh-CN message and field errors.
 *
 * With JavaScript the form is submitted through the action directly instead of React's form
 * `action` prop, which clears every field after each answer: after a refused submission everything
 * typed (and every file chosen) is still there to correct. After a successful one the fields go back
 * to what the page shows. Without JavaScript the form posts to the same action.
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  className,
  testId,
  confirm,
  warnUnsaved,
}: {
  action: Action;
  children?: React.ReactNode;
  submitLabel: string;
  className?: string;
  testId?: string;
  confirm?: string;
  /** Warn before leaving the page while there are unsaved changes (the item editor). */
  warnUnsaved?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const [dirty, setDirty] = useState(false);
  useUnsavedWarning(Boolean(warnUnsaved) && dirty);

  useEffect(() => {
    if (!state?.ok) return;
    formRef.current?.reset();
    setDirty(false);
  }, [state]);

  return (
    <form
      ref={formRef}
      action={formAction}
      className={className}
      data-testid={testId}
      onInput={() => warnUnsaved && setDirty(true)}
      onChange={() => warnUnsaved && setDirty(true)}
      onSubmit={(e) => {
        e.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => formAction(data));
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
