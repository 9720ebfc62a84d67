import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { CHANNEL_LABELS, RECEIPT_RULES, STAFF_CHANNELS } from "@/lib/applications/labels";
import { todayOf } from "@/lib/applications/records";
import { ActionForm } from "../../../components/action-form";
import { ApplicationFields } from "../../../../(portal)/apply/application-fields";
import { registerApplicationAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "登记书面申请" };

export default async function NewApplicationPage() {
  await requirePage("application.handle");
  return (
    <>
      <p>
        <Link href="/console/applications">← 返回依申请公开</Link>
      </p>
      <h1>登记书面申请</h1>
      <div className="card">
        <p>当面、信函、传真、电子邮件提交的申请在此登记。收到申请的日期按《中华人民共和国政府信息公开条例》第三十一条确定：</p>
        <ul>
          {STAFF_CHANNELS.map((c) => (
            <li key={c}>
              {CHANNEL_LABELS[c]}：{RECEIPT_RULES[c].rule}。
            </li>
          ))}
        </ul>
        <ActionForm action={registerApplicationAction} submitLabel="登记申请" testId="register-application">
          <div className="field">
            <label htmlFor="channel">申请方式</label>
            <select id="channel" name="channel" required defaultValue="">
              <option value="">请选择</option>
              {STAFF_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="receivedOn">收到申请日期</label>
            <input id="receivedOn" name="receivedOn" type="date" required defaultValue={todayOf()} max={todayOf()} />
            <p className="hint">当面提交填提交日期；需签收的邮件填签收日期；平常信函填与申请人确认日期；传真、电子邮件填双方确认日期。</p>
          </div>
          <ApplicationFields />
          <div className="field">
            <label htmlFor="attachments">申请书扫描件等材料（选填）</label>
            <input id="attachments" name="attachments" type="file" multiple accept=".pdf,.jpg,.jpeg,.png" />
          </div>
        </ActionForm>
      </div>
    </>
  );
}
