import type { SessionUser } from "@/lib/auth/roles";
import { can } from "@/lib/auth/roles";
import type { LocatedFinding } from "@/lib/scan/scan-text";
import { FINDING_KIND_LABELS } from "@/lib/scan/scan-text";
import { MASKABLE_KINDS } from "@/lib/scan/mask";
import { ActionForm } from "../../../components/action-form";
import { dismissFindingAction } from "../actions";
import { maskFindingAction } from "./mask-action";

const fmt = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

/** The 审核与保密审查 tab: open findings (where, what, mask/dismiss), dismissed ones, WeChat checks. */
export function ReviewPanel({
  itemId,
  user,
  open,
  dismissals,
  mayMask,
  wechatWarnings,
}: {
  itemId: string;
  user: SessionUser;
  open: LocatedFinding[];
  dismissals: Array<{ id: string; kind: string; excerpt: string; reason: string; createdAt: Date }>;
  mayMask: boolean;
  wechatWarnings: Array<{ message: string; blocking: boolean }>;
}) {
  return (
    <div className="card" data-testid="scan-findings">
      <h2>保密审查</h2>
      {open.length === 0 ? (
        <p className="notice ok">未发现疑似涉密或敏感内容。</p>
      ) : (
        <p className="notice bad">发现 {open.length} 处疑似涉密或敏感内容，须修改删除或由保密审查员排除后方可审核通过。</p>
      )}
      {open.map((f) => (
        <div className="finding" key={f.fingerprint + f.start + f.location} data-testid="finding">
          <strong>{FINDING_KIND_LABELS[f.kind]}</strong>（<span data-testid="finding-location">{f.location}{f.position ? ` ${f.position}` : ""}</span>）：{f.message}
          <br />
          <span>…{f.context}…</span>
          {f.part === "attachment" && <p className="muted">请修改文件后删除原附件、重新上传，或由保密审查员说明理由后排除。</p>}
          {f.part !== "attachment" && mayMask && MASKABLE_KINDS.includes(f.kind) && (
            <ActionForm action={maskFindingAction} submitLabel="一键脱敏" testId="mask-finding">
              <input type="hidden" name="itemId" value={itemId} />
              <input type="hidden" name="fingerprint" value={f.fingerprint} />
            </ActionForm>
          )}
          {can(user, "scan.dismiss") && (
            <ActionForm action={dismissFindingAction} submitLabel="排除">
              <input type="hidden" name="itemId" value={itemId} />
              <input type="hidden" name="fingerprint" value={f.fingerprint} />
              <label htmlFor={`reason-${f.fingerprint}`}>排除理由</label>
              <input id={`reason-${f.fingerprint}`} name="reason" type="text" required />
            </ActionForm>
          )}
        </div>
      ))}
      {dismissals.length > 0 && (
        <>
          <h3>已排除</h3>
          <ul>
            {dismissals.map((d) => (
              <li key={d.id}>
                {FINDING_KIND_LABELS[d.kind as keyof typeof FINDING_KIND_LABELS] ?? d.kind}：{d.excerpt}；理由：{d.reason}（{fmt(d.createdAt)}）
              </li>
            ))}
          </ul>
        </>
      )}
      {wechatWarnings.length > 0 && (
        <>
          <h2>微信公众号发布检查</h2>
          <ul>
            {wechatWarnings.map((w, i) => (
              <li key={i} className={w.blocking ? "field-error" : undefined}>{w.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
