"use client";

/** 打印本页: the print stylesheet (portal.css) leaves the metadata table, text and attachments. */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()}>
      打印本页
    </button>
  );
}
