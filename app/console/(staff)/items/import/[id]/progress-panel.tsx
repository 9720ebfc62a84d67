import { AutoRefresh } from "./auto-refresh";

export interface ProgressView {
  status: string;
  statusLabel: string;
  done: number;
  total: number;
  errors: number;
}

/** 正在校验 / 正在导入: a progress bar with rows done of all, refreshed every second. */
export function ProgressPanel({ view }: { view: ProgressView }) {
  const pct = view.total ? Math.floor((view.done / view.total) * 100) : 0;
  return (
    <div className="card" data-testid="import-progress" aria-live="polite">
      <AutoRefresh />
      <h2>{view.statusLabel}</h2>
      <progress max={view.total || 1} value={view.done} aria-label={`${view.statusLabel}进度`} style={{ width: "100%", height: "1.5em" }} />
      <p>
        已处理 <strong data-testid="import-done">{view.done}</strong> / {view.total} 行（{pct}%）
        {view.status === "VALIDATING" && <>，发现问题 {view.errors} 行</>}。页面每秒自动更新，可以离开本页，导入在后台继续。
      </p>
    </div>
  );
}
