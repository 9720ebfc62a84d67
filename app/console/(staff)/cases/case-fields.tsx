import { CASE_KIND_LABELS, CASE_KIND_VALUES, CASE_RESULT_LABELS_ZH, CASE_RESULT_VALUES } from "@/lib/reports/map-records";

export interface CaseValues {
  kind: string;
  trackingCode: string | null;
  filedOn: string;
  result: string;
  closedOn: string | null;
  note: string;
}

/** The fields of a case form; `prefix` keeps the ids unique when several forms share a page. */
export function CaseFields({ prefix, values }: { prefix: string; values?: CaseValues }) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-kind`}>类型</label>
        <select id={`${prefix}-kind`} name="kind" defaultValue={values?.kind ?? ""} required>
          <option value="" disabled>
            请选择
          </option>
          {CASE_KIND_VALUES.map((k) => (
            <option key={k} value={k}>
              {CASE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-code`}>所涉申请的查询码（选填）</label>
        <input id={`${prefix}-code`} name="trackingCode" type="text" defaultValue={values?.trackingCode ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-filed`}>申请复议／起诉日期</label>
        <input id={`${prefix}-filed`} name="filedOn" type="date" defaultValue={values?.filedOn ?? ""} required />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-result`}>审理结果</label>
        <select id={`${prefix}-result`} name="result" defaultValue={values?.result ?? "PENDING"}>
          {CASE_RESULT_VALUES.map((r) => (
            <option key={r} value={r}>
              {CASE_RESULT_LABELS_ZH[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-closed`}>审结日期（复议决定或裁判日期）</label>
        <input id={`${prefix}-closed`} name="closedOn" type="date" defaultValue={values?.closedOn ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-note`}>备注</label>
        <input id={`${prefix}-note`} name="note" type="text" defaultValue={values?.note ?? ""} />
      </div>
    </>
  );
}
