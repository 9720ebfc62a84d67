import { getDb } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { getCategoryTree, getOrganisation, type CategoryNode } from "@/lib/org/get-organisation";
import { CHANNELS, CHANNEL_LABELS, DISCLOSURE_SCOPES, TOPICS } from "@/lib/items/item-input";
import { ActionForm } from "../../components/action-form";
import { RichTextEditor } from "../../components/rich-text-editor";
import type { ActionResult } from "@/lib/http/action-result";

export interface ItemFormValues {
  itemId?: string;
  title: string;
  summary: string;
  bodyHtml: string;
  categoryId: string;
  departmentId: string;
  generatedDate: string;
  documentNumber: string;
  topic: string;
  validity: string;
  repealedDate: string;
  disclosureScope: string;
  channels: string[];
  boardIds: string[];
  postingFrom: string;
  postingTo: string;
  changeNote: string;
  versionNo: number;
}

function flatten(nodes: CategoryNode[], depth = 0): { id: string; label: string }[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${"　".repeat(depth)}${n.name}` }, ...flatten(n.children, depth + 1)]);
}

export async function ItemForm({
  user,
  values,
  action,
  submitLabel,
}: {
  user: SessionUser;
  values: ItemFormValues;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  submitLabel: string;
}) {
  const db = getDb();
  const org = await getOrganisation(db);
  const categories = flatten(await getCategoryTree(db, org.id));
  const deptIds = user.roles.filter((r) => (r.role === "STAFF" || r.role === "DEPT_HEAD") && r.departmentId).map((r) => r.departmentId as string);
  const departments = await db.department.findMany({ where: { id: { in: deptIds }, active: true }, orderBy: { sortOrder: "asc" } });
  const boards = await db.board.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
  return (
    <ActionForm action={action} submitLabel={submitLabel} testId="item-form" warnUnsaved>
      {values.itemId && <input type="hidden" name="itemId" value={values.itemId} />}
      <input type="hidden" name="channelsPresent" value="1" />
      <div className="field">
        <label htmlFor="title">标题（名称）</label>
        <input id="title" name="title" type="text" defaultValue={values.title} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="summary">内容概述</label>
        <textarea id="summary" name="summary" defaultValue={values.summary} required maxLength={500} rows={3} />
        <p className="hint">公开目录中显示，10至500字。</p>
      </div>
      <div className="field">
        <label htmlFor="body">正文</label>
        <RichTextEditor id="body" name="bodyHtml" label="正文" defaultValue={values.bodyHtml} />
      </div>
      <div className="field">
        <label htmlFor="categoryId">公开目录分类</label>
        <select id="categoryId" name="categoryId" defaultValue={values.categoryId} required>
          <option value="">请选择</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="departmentId">发布机构</label>
        <select id="departmentId" name="departmentId" defaultValue={values.departmentId || departments[0]?.id} required>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {org.name}
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="generatedDate">生成日期</label>
        <input id="generatedDate" name="generatedDate" type="date" defaultValue={values.generatedDate} required />
        <p className="hint">信息形成或者变更的日期，法定公开期限（20个工作日）自此起算。</p>
      </div>
      <div className="field">
        <label htmlFor="documentNumber">发文字号（可选）</label>
        <input id="documentNumber" name="documentNumber" type="text" defaultValue={values.documentNumber} placeholder="如：四宝山办发〔2026〕12号" />
      </div>
      <div className="field">
        <label htmlFor="topic">主题分类</label>
        <select id="topic" name="topic" defaultValue={values.topic} required>
          {TOPICS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>有效性</legend>
        <label>
          <input type="radio" name="validity" value="VALID" defaultChecked={values.validity !== "REPEALED"} /> 有效
        </label>{" "}
        <label>
          <input type="radio" name="validity" value="REPEALED" defaultChecked={values.validity === "REPEALED"} /> 已废止
        </label>
        <div className="field">
          <label htmlFor="repealedDate">废止日期</label>
          <input id="repealedDate" name="repealedDate" type="date" defaultValue={values.repealedDate} />
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="disclosureScope">公开范围</label>
        <select id="disclosureScope" name="disclosureScope" defaultValue={values.disclosureScope}>
          {DISCLOSURE_SCOPES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <p className="hint">公开方式：主动公开。</p>
      </div>
      <fieldset>
        <legend>发布渠道</legend>
        {CHANNELS.map((c) => (
          <label key={c} style={{ marginRight: "1rem" }}>
            <input type="checkbox" name="channels" value={c} defaultChecked={values.channels.includes(c)} /> {CHANNEL_LABELS[c]}
          </label>
        ))}
        <p className="hint">本平台门户网站始终发布。</p>
      </fieldset>
      {boards.length > 0 && (
        <fieldset>
          <legend>张贴的公开栏（不选则按分类默认）</legend>
          {boards.map((b) => (
            <label key={b.id} style={{ display: "block" }}>
              <input type="checkbox" name="boardIds" value={b.id} defaultChecked={values.boardIds.includes(b.id)} /> {b.name}
            </label>
          ))}
          <div className="field">
            <label htmlFor="postingFrom">公示期开始</label>
            <input id="postingFrom" name="postingFrom" type="date" defaultValue={values.postingFrom} />
          </div>
          <div className="field">
            <label htmlFor="postingTo">公示期结束</label>
            <input id="postingTo" name="postingTo" type="date" defaultValue={values.postingTo} />
          </div>
        </fieldset>
      )}
      {values.versionNo > 1 && (
        <div className="field">
          <label htmlFor="changeNote">修订说明</label>
          <textarea id="changeNote" name="changeNote" defaultValue={values.changeNote} required rows={2} />
        </div>
      )}
    </ActionForm>
  );
}
