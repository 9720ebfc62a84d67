import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getSetting } from "@/lib/settings/settings";
import { ActionForm } from "../../../components/action-form";
import { saveDeadlinesAction } from "./actions";

export const metadata: Metadata = { title: "期限设置" };

function Period({ prefix, label, value }: { prefix: string; label: string; value: { length: number; unit: string } }) {
  return (
    <fieldset>
      <legend>{label}</legend>
      <label htmlFor={`${prefix}Length`}>天数</label>
      <input id={`${prefix}Length`} name={`${prefix}Length`} type="number" min={1} max={60} defaultValue={value.length} />{" "}
      <label htmlFor={`${prefix}Unit`}>计算方式</label>
      <select id={`${prefix}Unit`} name={`${prefix}Unit`} defaultValue={value.unit}>
        <option value="CALENDAR_DAYS">自然日（末日遇节假日顺延）</option>
        <option value="WORKING_DAYS">工作日</option>
      </select>
    </fieldset>
  );
}

export default async function SettingsPage() {
  await requirePage("admin.settings");
  const s = await getSetting(getDb(), "itemDeadlines");
  return (
    <>
      <h1>期限设置</h1>
      <div className="card">
        <ActionForm action={saveDeadlinesAction} submitLabel="保存">
          <Period prefix="signOff" label="科室负责人签发期限（自生成日期起）" value={s.signOff} />
          <Period prefix="publish" label="党政办审核后发布期限（自审核通过起）" value={s.publish} />
          <Period prefix="statutory" label="法定公开期限（条例第二十六条，自生成日期起）" value={s.statutory} />
          <div className="field">
            <label htmlFor="dueSoonWorkingDays">剩余几个工作日时提示“即将到期”</label>
            <input id="dueSoonWorkingDays" name="dueSoonWorkingDays" type="number" min={0} max={10} defaultValue={s.dueSoonWorkingDays} />
          </div>
        </ActionForm>
      </div>
    </>
  );
}
