import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors/app-error";
import { JOB_STATES, JOB_STATE_LABELS, getQueueOverview, type QueueView } from "@/lib/queues/queue-overview";
import { ActionForm } from "../../../components/action-form";
import { cleanQueueAction, retryJobAction } from "./actions";

export const metadata: Metadata = { title: "任务队列" };
export const dynamic = "force-dynamic";

const fmt = (d: Date | null) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—");

/** The administrator's queue dashboard (in place of Bull Board, which needs an Express server). */
export default async function QueuesPage() {
  await requirePage("admin.settings");
  let queues: QueueView[] = [];
  let problem: string | null = null;
  try {
    queues = await getQueueOverview();
  } catch (e) {
    problem = isAppError(e) ? e.message : "任务队列暂时无法访问，请稍后刷新。";
  }
  return (
    <>
      <h1>任务队列</h1>
      <p className="muted">
        各渠道推送和定时任务在后台工作进程中执行。推送记录保存在数据库中，队列只负责调度：清除队列中的任务记录不会丢失推送记录，遗漏的推送会由补发检查自动重新排队。
      </p>
      {problem && <div className="notice bad">{problem}</div>}
      <div className="card">
        <table className="data" data-testid="queue-counts">
          <thead>
            <tr>
              <th scope="col">队列</th>
              {JOB_STATES.map((s) => (
                <th scope="col" key={s}>
                  {JOB_STATE_LABELS[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.name} data-testid={`queue-${q.name}`}>
                <td>
                  {q.label}
                  <div className="muted">
                    <code>{q.name}</code>
                    {q.isPaused && <span className="tag warn">已暂停</span>}
                  </div>
                </td>
                {JOB_STATES.map((s) => (
                  <td key={s}>{q.counts[s] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {queues.map((q) => (
        <div className="card" key={q.name}>
          <h2>{q.label}</h2>
          <div className="inline-forms">
            <ActionForm action={cleanQueueAction} submitLabel="清除已完成任务记录" confirm="确定清除该队列中已完成任务的记录吗？">
              <input type="hidden" name="queue" value={q.name} />
              <input type="hidden" name="state" value="completed" />
            </ActionForm>
            <ActionForm action={cleanQueueAction} submitLabel="清除失败任务记录" confirm="确定清除该队列中失败任务的记录吗？推送记录不受影响。">
              <input type="hidden" name="queue" value={q.name} />
              <input type="hidden" name="state" value="failed" />
            </ActionForm>
          </div>
          {q.failed.length === 0 ? (
            <p className="muted">没有失败的任务。</p>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">任务</th>
                  <th scope="col">失败原因</th>
                  <th scope="col">尝试次数</th>
                  <th scope="col">时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {q.failed.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <code>{j.id}</code>
                      <div className="muted">{j.name}</div>
                    </td>
                    <td className="field-error">{j.failedReason}</td>
                    <td>{j.attemptsMade}</td>
                    <td>{fmt(j.finishedOn)}</td>
                    <td>
                      <ActionForm action={retryJobAction} submitLabel="重试">
                        <input type="hidden" name="queue" value={q.name} />
                        <input type="hidden" name="jobId" value={j.id} />
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </>
  );
}
