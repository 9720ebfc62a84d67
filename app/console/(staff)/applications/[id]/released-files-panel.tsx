import { getDb } from "@/lib/db/client";
import { formatChineseDate, toChinaDate } from "@/lib/calendar/dates";
import { dbDateToIso } from "@/lib/calendar/load-calendar";
import { LETTER_DELIVERY_LABELS, LETTER_DELIVERY_METHODS } from "@/lib/applications/labels";
import { RELEASED_FILE_MONTHS, releasedFilesUntil, releasesFiles } from "@/lib/applications/released-files";
import { ActionForm } from "../../../components/action-form";
import { addReleasedFileAction, recordReplyDeliveryAction, removeReleasedFileAction } from "../actions";

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(n / 1024))} KB`);

/**
 * 公开的信息 and 送达: the files released with a 予以公开 / 部分公开 reply (在本平台查询下载), and how and
 * when the reply reached the applicant (邮寄 with its number, 当面领取, 电子邮件 …).
 */
export async function ReleasedFilesPanel({ applicationId, today }: { applicationId: string; today: string }) {
  const db = getDb();
  const app = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
  if (!["DECIDED", "CLOSED"].includes(app.status)) return null;
  const releasing = await releasesFiles(db, app);
  const [files, reply] = await Promise.all([
    db.applicationReleasedFile.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } }),
    db.applicationLetter.findFirst({ where: { applicationId, kind: "REPLY", issuedAt: { not: null } }, orderBy: { issuedAt: "desc" } }),
  ]);
  return (
    <div className="card" data-testid="released-files">
      {releasing && (
        <>
          <h2>提供的政府信息（申请人在本平台下载）</h2>
          <p className="hint">
            上传后自动检查文件类型、清除文件属性中的作者等信息，并进行保密审查；答复告知书出具后，申请人可在查询页面下载，
            {app.closedOn ? `至${formatChineseDate(releasedFilesUntil(dbDateToIso(app.closedOn)))}止` : `自出具之日起${RELEASED_FILE_MONTHS}个月内有效`}
            ，每次下载均记入操作日志。
          </p>
          {files.length > 0 && (
            <ul>
              {files.map((f) => (
                <li key={f.id}>
                  {f.name}（{f.kind.toUpperCase()}，{kb(f.size)}
                  {f.metadataStripped ? "，已清除文件属性" : ""}）
                  <ActionForm action={removeReleasedFileAction} submitLabel="移除" className="inline-forms" confirm={`移除“${f.name}”？`}>
                    <input type="hidden" name="applicationId" value={applicationId} />
                    <input type="hidden" name="fileId" value={f.id} />
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
          <ActionForm action={addReleasedFileAction} submitLabel="上传文件" testId="add-released-file">
            <input type="hidden" name="applicationId" value={applicationId} />
            <div className="field">
              <label htmlFor="released-file">公开的信息（PDF、Word、Excel、JPG、PNG，每个不超过20MB）</label>
              <input id="released-file" name="file" type="file" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" />
            </div>
          </ActionForm>
        </>
      )}
      {reply && (
        <>
          <h2>答复送达</h2>
          <p data-testid="reply-delivery">
            {reply.deliveryMethod ? LETTER_DELIVERY_LABELS[reply.deliveryMethod as keyof typeof LETTER_DELIVERY_LABELS] ?? reply.deliveryMethod : "未记录"}
            {reply.deliveredOn ? `，${formatChineseDate(dbDateToIso(reply.deliveredOn))}` : ""}
            {reply.trackingNumber ? `，单号 ${reply.trackingNumber}` : ""}
          </p>
          <ActionForm action={recordReplyDeliveryAction} submitLabel="记录送达" testId="record-delivery">
            <input type="hidden" name="applicationId" value={applicationId} />
            <div className="field">
              <label htmlFor="delivery-method">送达方式</label>
              <select id="delivery-method" name="deliveryMethod" defaultValue={reply.deliveryMethod ?? ""}>
                {LETTER_DELIVERY_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {LETTER_DELIVERY_LABELS[m]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="delivered-on">送达日期</label>
              <input id="delivered-on" name="deliveredOn" type="date" max={today} defaultValue={reply.deliveredOn ? dbDateToIso(reply.deliveredOn) : toChinaDate(new Date())} />
            </div>
            <div className="field">
              <label htmlFor="tracking-number">邮件单号（邮寄送达时必填）</label>
              <input id="tracking-number" name="trackingNumber" type="text" maxLength={60} defaultValue={reply.trackingNumber ?? ""} />
            </div>
          </ActionForm>
        </>
      )}
    </div>
  );
}
