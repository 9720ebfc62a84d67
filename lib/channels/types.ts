/**
 * What every channel adapter receives: one published version of an item, as plain data.
 * Dates are strings so the value survives JSON (job payloads, logs, snapshots) unchanged.
 * Names follow the national catalogue (GB/T 21063.3 core metadata) where one exists.
 */
export interface PublishedItemDTO {
  /** Our item id (stable across versions). */
  id: string;
  /** 1 for the first publication, +1 for every published revision. */
  version: number;
  /** 索引号, e.g. "000014349/2017-00110". Never changes once assigned. */
  indexNo: string;
  /** 名称 */
  title: string;
  /** 内容概述 */
  summary: string;
  /** The text, already sanitised HTML. */
  bodyHtml: string;
  /** 信息类别 in the 公开目录. */
  category: { code: string; name: string };
  /** 发布机构 */
  departmentName: string;
  /** 生成日期 (成文日期), calendar date "YYYY-MM-DD". */
  generatedDate: string;
  /** 发文字号; absent or null when the item has none. */
  documentNumber?: string | null;
  /** 主题分类 */
  topic: string;
  /** 有效性; repealedOn ("YYYY-MM-DD") is required when status is "repealed". */
  validity: { status: "valid" | "repealed"; repealedOn?: string | null };
  /** 公开方式, normally "主动公开". */
  disclosureMethod: string;
  /** 公开范围, e.g. "面向社会". */
  disclosureScope: string;
  /** 发布日期: ISO 8601 instant with offset, e.g. "2024-05-06T09:30:00+08:00". */
  publishedAt: string;
  /** The item's page on our portal. */
  portalUrl: string;
  attachments: PublishedAttachmentDTO[];
  /** What changed in this version (shown on revisions). */
  changeNote?: string | null;
  /** Set when the item has been withdrawn (撤回). */
  withdrawnReason?: string | null;
}

export interface PublishedAttachmentDTO {
  /** File name as shown to readers, e.g. "2024年预算公开.pdf". */
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the content; adapters that ship content look it up by this. */
  sha256: string;
  /** Where the portal serves it. */
  url: string;
}
