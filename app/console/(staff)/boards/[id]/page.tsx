import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { getBoardQueue, type QueueTask } from "@/lib/boards/board-queue";
import { shanghaiToday } from "@/lib/channels/outbox";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { ActionForm } from "../../../components/action-form";
import { markPostedAction, markTakenDownAction } from "../actions";

export const metadata: Metadata = { title: "公开栏打印队列" };
export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");
const when = (d: Date | null) => (d ? d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }) : "—");

function TaskRows({ boardId, tasks, selectable, showSheet }: { boardId: string; tasks: QueueTask[]; selectable: boolean; showSheet?: boolean }) {
  return (
    <tbody>
      {tasks.map((t) => (
        <tr key={t.id} data-testid={`task-${t.task}`} data-item={t.itemId}>
          {selectable && (
            <td>
              <input type="checkbox" name="postingIds" value={t.id} aria-label={`选择：${t.title}`} />
            </td>
          )}
          <td>
            <Link href={`/console/items/${t.itemId}`}>{t.title}</Link>
            <div className="muted">
              {t.indexNo}　第 {t.versionNo} 版
            </div>
          </td>
          <td>{t.task === "POST" || t.postingFrom ? `${day(t.postingFrom)} 至 ${day(t.postingTo)}` : "—"}</td>
          <td>{t.reason || "—"}</td>
          {showSheet && (
            <td>
              {t.hasSheet ? (
                <a href={`/console/boards/${encodeURIComponent(boardId)}/sheets/${encodeURIComponent(t.id)}`}>单张下载</a>
              ) : (
                <span className="muted">生成中</span>
              )}
            </td>
          )}
        </tr>
      ))}
    </tbody>
  );
}

export default async function BoardQueuePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("board.post");
  const { id } = await params;
  let queue;
  try {
    queue = await getBoardQueue(getDb(), id);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const today = shanghaiToday().toISOString().slice(0, 10);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/console/boards">政务公开栏</Link> › {queue.board.name}
      </p>
      <h1>{queue.board.name}</h1>
      <p className="muted">设置地点：{queue.board.location}</p>

      {queue.urgentTakeDown.length > 0 && (
        <div className="card" data-testid="urgent-take-down">
          <h2>
            <span className="tag bad">紧急</span> 立即撤下（{queue.urgentTakeDown.length}）
          </h2>
          <p className="notice bad">以下信息已紧急下架，内容不得继续公开。请立即从本公开栏撤下张贴件并销毁，然后登记。</p>
          <ActionForm action={markTakenDownAction} submitLabel="登记为已撤下" testId="mark-urgent-taken-down">
            <input type="hidden" name="boardId" value={queue.board.id} />
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">选择</th>
                  <th scope="col">信息</th>
                  <th scope="col">公示期</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <TaskRows boardId={queue.board.id} tasks={queue.urgentTakeDown} selectable />
            </table>
            <div className="field">
              <label htmlFor="urgent-taken-down-date">撤下日期</label>
              <input id="urgent-taken-down-date" name="date" type="date" defaultValue={today} max={today} required />
            </div>
          </ActionForm>
        </div>
      )}

      <div className="card" data-testid="to-post">
        <h2>待张贴（{queue.toPost.length}）</h2>
        {queue.toPost.length === 0 ? (
          <p className="muted">没有待张贴的张贴件。</p>
        ) : (
          <>
            <p>
              <a className="btn" href={`/console/boards/${queue.board.id}/print?paper=A4`} data-testid="print-batch">
                下载全部待张贴件（A4）
              </a>{" "}
              <a className="btn secondary" href={`/console/boards/${queue.board.id}/print?paper=A3`}>
                下载全部待张贴件（A3）
              </a>
            </p>
            <ActionForm action={markPostedAction} submitLabel="登记为已张贴" testId="mark-posted">
              <input type="hidden" name="boardId" value={queue.board.id} />
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">选择</th>
                    <th scope="col">信息</th>
                    <th scope="col">公示期</th>
                    <th scope="col">说明</th>
                    <th scope="col">张贴件</th>
                  </tr>
                </thead>
                <TaskRows boardId={queue.board.id} tasks={queue.toPost} selectable showSheet />
              </table>
              <div className="field">
                <label htmlFor="posted-date">张贴日期</label>
                <input id="posted-date" name="date" type="date" defaultValue={today} max={today} required />
              </div>
            </ActionForm>
          </>
        )}
      </div>

      <div className="card" data-testid="to-take-down">
        <h2>待撤下（{queue.toTakeDown.length}）</h2>
        {queue.toTakeDown.length === 0 ? (
          <p className="muted">没有需要撤下的张贴件。</p>
        ) : (
          <ActionForm action={markTakenDownAction} submitLabel="登记为已撤下" testId="mark-taken-down">
            <input type="hidden" name="boardId" value={queue.board.id} />
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">选择</th>
                  <th scope="col">信息</th>
                  <th scope="col">公示期</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <TaskRows boardId={queue.board.id} tasks={queue.toTakeDown} selectable />
            </table>
            <div className="field">
              <label htmlFor="taken-down-date">撤下日期</label>
              <input id="taken-down-date" name="date" type="date" defaultValue={today} max={today} required />
            </div>
          </ActionForm>
        )}
      </div>

      <div className="card" data-testid="on-board">
        <h2>在栏张贴（{queue.onBoard.length}）</h2>
        {queue.onBoard.length === 0 ? (
          <p className="muted">目前没有登记在栏的张贴件。</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">信息</th>
                <th scope="col">公示期</th>
                <th scope="col">张贴</th>
              </tr>
            </thead>
            <tbody>
              {queue.onBoard.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={`/console/items/${t.itemId}`}>{t.title}</Link>
                    <div className="muted">{t.indexNo}</div>
                  </td>
                  <td>
                    {day(t.postingFrom)} 至 {day(t.postingTo)}
                  </td>
                  <td>
                    {when(t.doneAt)}　{t.doneBy ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <h2>办理记录</h2>
        {queue.history.length === 0 ? (
          <p className="muted">暂无记录。</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">信息</th>
                <th scope="col">任务</th>
                <th scope="col">结果</th>
                <th scope="col">日期</th>
                <th scope="col">经办人</th>
              </tr>
            </thead>
            <tbody>
              {queue.history.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.title}
                    <div className="muted">第 {t.versionNo} 版</div>
                  </td>
                  <td>{t.task === "POST" ? "张贴" : "撤下"}</td>
                  <td>{t.status === "DONE" ? "已完成" : `已取消${t.reason ? `（${t.reason}）` : ""}`}</td>
                  <td>{when(t.doneAt)}</td>
                  <td>{t.doneBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
