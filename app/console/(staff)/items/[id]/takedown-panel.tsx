import { can, type SessionUser } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { getTakedownReports, type PlaceStatus } from "@/lib/items/takedown-report";
import { ActionForm } from "../../../components/action-form";
import { retryTakedownDeliveryAction } from "../actions";

const fmt = (d: Date | null) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—");
const STATUS: Record<PlaceStatus, [string, string]> = {
  done: ["已确认删除", "tag ok"],
  pending: ["处理中", "tag warn"],
  failed: ["删除失败，重试中", "tag bad"],
  "not-reached": ["未曾送达，无需删除", "tag"],
};

/** 下架报告: each place the content had reached and when each confirmed removal (failed ones in red). */
export async function TakedownPanel({ itemId, user }: { itemId: string; user: SessionUser }) {
  const reports = await getTakedownReports(getDb(), itemId);
  const mayRetry = can(user, "item.takedown");
  if (reports.length === 0) return <div className="card"><p className="muted">该信息没有紧急下架记录。</p></div>;
  return (
    <>
      {reports.map(({ takedown: t, places, complete }) => (
        <div className="card" key={t.id} data-testid="takedown-report">
          <h2>紧急下架报告</h2>
          <p>
            {fmt(t.createdAt)}　{t.actorName} 紧急下架第 {t.versionNo} 版。下架原因：{t.reason}
            {t.republishedAt && `　（更正后的新版本已于 ${fmt(t.republishedAt)} 经审核重新发布）`}
          </p>
          <p className={`notice ${complete ? "ok" : "bad"}`} data-testid="takedown-complete" data-complete={complete ? "1" : "0"}>
            {complete ? "各处均已确认删除。" : "尚有未确认删除的地方，系统会自动重试；失败项可手动重试。"}
          </p>
          <table className="data">
            <caption className="visually-hidden">各处删除情况</caption>
            <thead>
              <tr>
                <th scope="col">位置</th>
                <th scope="col">曾经到达</th>
                <th scope="col">状态</th>
                <th scope="col">确认时间</th>
                <th scope="col">说明</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {places.map((p) => (
                <tr key={p.key} data-testid={`takedown-place-${p.key}`} data-status={p.status}>
                  <td>{p.label}</td>
                  <td>{p.reached}</td>
                  <td>
                    <span className={STATUS[p.status][1]}>{STATUS[p.status][0]}</span>
                  </td>
                  <td>{fmt(p.confirmedAt)}</td>
                  <td className={p.status === "failed" ? "field-error" : undefined}>{p.detail}</td>
                  <td>
                    {p.retryDeliveryId && mayRetry ? (
                      <ActionForm action={retryTakedownDeliveryAction} submitLabel="重试" testId="retry-takedown">
                        <input type="hidden" name="deliveryId" value={p.retryDeliveryId} />
                      </ActionForm>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
