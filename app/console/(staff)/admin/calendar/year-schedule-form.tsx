"use client";

import { useRef, useState, useTransition } from "react";
import { previewYearAction, saveYearAction, type YearPreviewResult, type YearSaveResult } from "./actions";
import { YearPreview } from "./year-preview";

const HOLIDAY_NAMES = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

interface HolidayRow {
  name: string;
  from: string;
  to: string;
}
interface WorkdayRow {
  date: string;
  name: string;
}

/** One form for a whole year: holiday ranges with names and make-up working days; preview, then save. */
export function YearScheduleForm({ defaultYear }: { defaultYear: number }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [year, setYear] = useState(String(defaultYear));
  const [source, setSource] = useState("");
  const [holidays, setHolidays] = useState<HolidayRow[]>(HOLIDAY_NAMES.map((name) => ({ name, from: "", to: "" })));
  const [workdays, setWorkdays] = useState<WorkdayRow[]>(Array.from({ length: 6 }, () => ({ date: "", name: "" })));
  const [preview, setPreview] = useState<YearPreviewResult | null>(null);
  const [saved, setSaved] = useState<YearSaveResult | null>(null);
  const [pending, start] = useTransition();

  const setHoliday = (i: number, patch: Partial<HolidayRow>) => {
    setHolidays((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setPreview(null);
  };
  const setWorkday = (i: number, patch: Partial<WorkdayRow>) => {
    setWorkdays((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setPreview(null);
  };
  const run = (what: "preview" | "save") =>
    start(async () => {
      const data = new FormData(formRef.current!);
      if (what === "preview") {
        setSaved(null);
        setPreview(await previewYearAction(data));
      } else {
        setSaved(await saveYearAction(data));
      }
    });

  return (
    <form ref={formRef} data-testid="year-schedule-form" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="ys-year">年份</label>
        <input id="ys-year" name="year" inputMode="numeric" value={year} onChange={(e) => { setYear(e.target.value); setPreview(null); }} required />
      </div>
      <div className="field">
        <label htmlFor="ys-source">依据（国务院办公厅通知文号，选填）</label>
        <input id="ys-source" name="source" value={source} onChange={(e) => setSource(e.target.value)} placeholder="如：国办发明电〔2026〕X号" />
      </div>
      <fieldset>
        <legend>放假安排（起止日期含周末，与通知一致；未填日期的行不计入）</legend>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">节日</th>
              <th scope="col">放假开始</th>
              <th scope="col">放假结束</th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((h, i) => (
              <tr key={i}>
                <td>
                  <input name="holidayName" aria-label={`第${i + 1}项节日名称`} value={h.name} onChange={(e) => setHoliday(i, { name: e.target.value })} />
                </td>
                <td>
                  <input name="holidayFrom" type="date" aria-label={`${h.name || `第${i + 1}项`}放假开始`} value={h.from} onChange={(e) => setHoliday(i, { from: e.target.value })} />
                </td>
                <td>
                  <input name="holidayTo" type="date" aria-label={`${h.name || `第${i + 1}项`}放假结束`} value={h.to} onChange={(e) => setHoliday(i, { to: e.target.value })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn secondary" onClick={() => setHolidays((r) => [...r, { name: "", from: "", to: "" }])}>
          增加一项放假安排
        </button>
      </fieldset>
      <fieldset>
        <legend>调休上班日期（周六或周日上班）</legend>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {workdays.map((w, i) => (
              <tr key={i}>
                <td>
                  <input name="workdayDate" type="date" aria-label={`第${i + 1}个调休上班日期`} value={w.date} onChange={(e) => setWorkday(i, { date: e.target.value })} />
                </td>
                <td>
                  <input name="workdayName" aria-label={`第${i + 1}个调休上班说明`} value={w.name} onChange={(e) => setWorkday(i, { name: e.target.value })} placeholder="如：春节调休" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn secondary" onClick={() => setWorkdays((r) => [...r, { date: "", name: "" }])}>
          增加一个调休上班日期
        </button>
      </fieldset>
      <p>
        <button type="button" className="btn" disabled={pending} onClick={() => run("preview")} data-testid="year-preview-button">
          {pending ? "正在处理…" : "预览全年日历"}
        </button>{" "}
        <button type="button" className="btn" disabled={pending || !preview?.ok} onClick={() => run("save")} data-testid="year-save-button">
          保存全年安排
        </button>
        {!preview?.ok && <span className="hint">　请先预览，核对无误后保存。</span>}
      </p>
      {preview && (
        <div className={`notice ${preview.ok ? "ok" : "bad"}`} aria-live="polite" data-testid="year-preview-message">
          {preview.message}
          {preview.problems && (
            <ul>
              {preview.problems.map((p) => (
                <li key={p.field + p.message}>{p.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {saved && <SaveResult result={saved} />}
      {preview?.ok && preview.months && <YearPreview year={preview.year!} months={preview.months} />}
    </form>
  );
}

function SaveResult({ result }: { result: YearSaveResult }) {
  return (
    <div className={`notice ${result.ok ? "ok" : "bad"}`} aria-live="polite" data-testid="year-save-message">
      {result.message}
      {result.fields && (
        <ul>
          {Object.entries(result.fields).map(([k, v]) => (
            <li key={k}>{v}</li>
          ))}
        </ul>
      )}
      {result.moved && result.moved.length > 0 && (
        <table className="data" data-testid="moved-due-dates">
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">事项</th>
              <th scope="col">期限</th>
              <th scope="col">原截止日期</th>
              <th scope="col">新截止日期</th>
            </tr>
          </thead>
          <tbody>
            {result.moved.map((m) => (
              <tr key={`${m.kind}-${m.id}-${m.clock}`}>
                <td>{m.kindLabel}</td>
                <td>
                  <a href={m.link}>{m.title}</a>
                </td>
                <td>{m.clock}</td>
                <td>{m.before}</td>
                <td>{m.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
