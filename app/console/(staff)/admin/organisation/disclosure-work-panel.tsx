import { getDb } from "@/lib/db/client";
import { getDisclosureOrganisation } from "@/lib/reports/report-records";
import { ActionForm } from "../../../components/action-form";
import { saveDisclosureWorkAction } from "./disclosure-work-actions";

/** 单位信息 → 信息公开工作机构: what the annual report says about the organisation of the work. */
export async function DisclosureWorkPanel() {
  const o = await getDisclosureOrganisation(getDb());
  return (
    <>
      <h2>信息公开工作机构</h2>
      <p className="muted">年度报告据此撰写组织领导情况；未填写的，报告不写这一内容。</p>
      <div className="card">
        <ActionForm action={saveDisclosureWorkAction} submitLabel="保存工作机构" testId="disclosure-work">
          <div className="field">
            <label htmlFor="dw-leader">分管负责人（如“一名党工委委员”）</label>
            <input id="dw-leader" name="leader" defaultValue={o.leader} maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="dw-office">具体负责的工作机构（如“党政办公室”）</label>
            <input id="dw-office" name="office" defaultValue={o.office} maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="dw-staff">工作人员人数（不清楚可不填）</label>
            <input id="dw-staff" name="staffCount" inputMode="numeric" defaultValue={o.staffCount ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="dw-parttime">
              <input id="dw-parttime" name="partTime" type="checkbox" value="1" defaultChecked={o.partTime} /> 工作人员为兼职（由各科室、单位安排人员兼职完成）
            </label>
          </div>
        </ActionForm>
      </div>
    </>
  );
}
