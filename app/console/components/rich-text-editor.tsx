"use client";

import { useRef, useState } from "react";

/**
 * A small rich-text editor (paragraphs, headings, bold, lists, tables pasted from Word/WPS) with no
 * outside scripts. The HTML it produces is sanitised again on the server on save and on render.
 */
export function RichTextEditor({ name, defaultValue, label, id }: { name: string; defaultValue: string; label: string; id: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [html, setHtml] = useState(defaultValue);
  const exec = (command: string, value?: string) => {
    ref.current?.focus();
    document.execCommand(command, false, value);
    setHtml(ref.current?.innerHTML ?? "");
  };
  return (
    <div className="editor">
      <div role="toolbar" aria-label="正文格式" className="editor-toolbar">
        <button type="button" className="btn small secondary" onClick={() => exec("formatBlock", "h2")}>标题</button>{" "}
        <button type="button" className="btn small secondary" onClick={() => exec("formatBlock", "p")}>段落</button>{" "}
        <button type="button" className="btn small secondary" onClick={() => exec("bold")}>加粗</button>{" "}
        <button type="button" className="btn small secondary" onClick={() => exec("insertOrderedList")}>编号列表</button>{" "}
        <button type="button" className="btn small secondary" onClick={() => exec("insertUnorderedList")}>项目列表</button>
      </div>
      <div
        ref={ref}
        id={id}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        contentEditable
        suppressContentEditableWarning
        className="editor-area"
        data-testid="body-editor"
        onInput={() => setHtml(ref.current?.innerHTML ?? "")}
        onBlur={() => setHtml(ref.current?.innerHTML ?? "")}
        dangerouslySetInnerHTML={{ __html: defaultValue }}
      />
      <input type="hidden" name={name} value={html} />
    </div>
  );
}
