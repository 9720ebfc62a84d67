import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { listBoards } from "@/lib/boards/manage-boards";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../components/action-form";
import { createBoardAction, setBoardDefaultsAction, updateBoardAction } from "./actions";

export const metadata: Metadata = { title: "公开栏" };
export const dynamic = "force-dynamic";

export default async function BoardsPage() {
  const user = await requirePage("board.post");
  const db = getDb();
  const mayManage = can(user, "admin.settings");
  const [boards, categories] = await Promise.all([
    listBoards(db),
    mayManage ? db.category.findMany({ where: { active: true, parentId: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }) : [],
  ]);
  return (
    <>
      <h1>政务公开栏</h1>
      <p className="muted">
        信息发布后，系统为其所选公开栏（未选择时按信息类别的默认公开栏）生成张贴件，列入各公开栏的打印队列；撤回、修订和公示期届满时生成撤下任务。
      </p>
      <div className="card">
        <table className="data" data-testid="boards">
          <thead>
            <tr>
              <th scope="col">公开栏</th>
              <th scope="col">设置地点</th>
              <th scope="col">待张贴</th>
              <th scope="col">待撤下</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {boards.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link href={`/console/boards/${b.id}`}>{b.name}</Link>
                </td>
                <td>{b.location}</td>
                <td>{b.pendingPosts > 0 ? <span className="tag warn">{b.pendingPosts}</span> : 0}</td>
                <td>
                  {b.pendingTakeDowns > 0 ? <span className="tag warn">{b.pendingTakeDowns}</span> : 0}
                  {b.urgentTakeDowns > 0 && (
                    <span className="tag bad" data-testid="urgent-count">
                      　其中紧急 {b.urgentTakeDowns}
                    </span>
                  )}
                </td>
                <td>{b.active ? "使用中" : "已停用"}</td>
              </tr>
            ))}
            {boards.length === 0 && (
              <tr>
                <td colSpan={5}>尚未设置公开栏。</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {mayManage && (
        <>
          <div className="card">
            <h2>添加公开栏</h2>
            <ActionForm action={createBoardAction} submitLabel="添加" testId="create-board">
              <div className="field">
                <label htmlFor="board-name">名称</label>
                <input id="board-name" name="name" required maxLength={60} placeholder="如：北石社区公示栏" />
              </div>
              <div className="field">
                <label htmlFor="board-location">设置地点</label>
                <input id="board-location" name="location" required maxLength={120} placeholder="如：北石社区居委会门前" />
              </div>
              <div className="field">
                <label htmlFor="board-sort">排序</label>
                <input id="board-sort" name="sortOrder" type="number" min={0} defaultValue={boards.length} />
              </div>
            </ActionForm>
          </div>
          {boards.map((b) => (
            <div className="card" key={b.id} data-testid={`manage-board-${b.id}`}>
              <h2>{b.name}</h2>
              <ActionForm action={updateBoardAction} submitLabel="保存">
                <input type="hidden" name="boardId" value={b.id} />
                <div className="field">
                  <label htmlFor={`name-${b.id}`}>名称</label>
                  <input id={`name-${b.id}`} name="name" required maxLength={60} defaultValue={b.name} />
                </div>
                <div className="field">
                  <label htmlFor={`location-${b.id}`}>设置地点</label>
                  <input id={`location-${b.id}`} name="location" required maxLength={120} defaultValue={b.location} />
                </div>
                <div className="field">
                  <label htmlFor={`sort-${b.id}`}>排序</label>
                  <input id={`sort-${b.id}`} name="sortOrder" type="number" min={0} defaultValue={b.sortOrder} />
                </div>
                <div className="field">
                  <label>
                    <input type="checkbox" name="active" value="1" defaultChecked={b.active} /> 使用中（停用后不再列入新信息的张贴）
                  </label>
                </div>
              </ActionForm>
              <ActionForm action={setBoardDefaultsAction} submitLabel="保存默认类别">
                <input type="hidden" name="boardId" value={b.id} />
                <fieldset>
                  <legend>默认张贴的信息类别（含其下级类别）</legend>
                  {categories.map((c) => (
                    <label key={c.id} style={{ display: "inline-block", marginRight: "1em" }}>
                      <input type="checkbox" name="categoryIds" value={c.id} defaultChecked={b.categoryIds.includes(c.id)} /> {c.name}
                    </label>
                  ))}
                </fieldset>
              </ActionForm>
            </div>
          ))}
        </>
      )}
    </>
  );
}
