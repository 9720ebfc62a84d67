import { NARRATIVE_KINDS, NARRATIVE_KIND_LABELS, WORK_SECTIONS, WORK_SECTION_LABELS, type NarrativeKind } from "@/lib/annual-report/from-records";
import { ActionForm } from "../../../components/action-form";
import { createReportRecordAction } from "./actions";

/** One record of the register: kind (and the part of the work for 工作开展情况), lead, sentences. */
export function RecordForm({ year, defaultKind, defaultTitle, sourceType, sourceId }: { year: number; defaultKind: NarrativeKind; defaultTitle?: string; sourceType?: string; sourceId?: string }) {
  return (
    <ActionForm action={createReportRecordAction} submitLabel="登记" testId="report-record-form">
      <input type="hidden" name="year" value={year} />
      {sourceType && <input type="hidden" name="sourceType" value={sourceType} />}
      {sourceId && <input type="hidden" name="sourceId" value={sourceId} />}
      <div className="field">
        <label htmlFor="rr-kind">类别</label>
        <select id="rr-kind" name="kind" defaultValue={NARRATIVE_KINDS.includes(defaultKind) ? defaultKind : "PROBLEM"}>
          {NARRATIVE_KINDS.map((k) => (
            <option key={k} value={k}>
              {NARRATIVE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rr-section">所属方面（仅工作开展情况）</label>
        <select id="rr-section" name="section" defaultValue="">
          <option value="">—</option>
          {WORK_SECTIONS.map((s) => (
            <option key={s} value={s}>
              {WORK_SECTION_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rr-title">要点（一句话，不加句号，如“工作程序有待改进”）</label>
        <input id="rr-title" name="title" defaultValue={defaultTitle} required maxLength={60} />
      </div>
      <div className="field">
        <label htmlFor="rr-body">具体内容（以句号结尾；公开渠道可不填）</label>
        <textarea id="rr-body" name="body" rows={4} maxLength={2000} />
      </div>
    </ActionForm>
  );
}
