import type { Db } from "../db/client";

type Tx = Pick<Db, "auditLog">;

export interface AuditEntry {
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  ip?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

const toJson = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Appends one audit row. Pass the transaction client so the row commits with the change it records. */
export async function writeAudit(db: Tx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId ?? null,
      actorName: entry.actorName ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      ip: entry.ip ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      detail: toJson(entry.detail),
    },
  });
}
