import type { Db, Prisma } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { parseInput } from "../http/action-result";
import type { SessionUser } from "../auth/roles";
import { isoToDbDate, dbDateToIso } from "../calendar/load-calendar";
import { toChinaDate } from "../calendar/dates";
import { createDeliveries, enqueueDeliveries } from "../channels/outbox";
import { decide, type ItemAction, type WorkflowItem } from "./workflow";
import { allocateIndexNo } from "./index-number";
import { itemInputSchema, type ItemInput } from "./item-input";
import { scanItemVersion } from "./scan-item-version";
import { syncPublicItem } from "../search/sync-public-item";
import { blockItemBlobs, takedownChannels, unblockVersionBlobs } from "./takedown";

type Tx = Prisma.TransactionClient;

export interface ItemActor {
  user: Pick<SessionUser, "id" | "displayName" | "roles">;
  ip?: string;
  /** Injected clock (tests); defaults to the wall clock. */
  now?: Date;
}

/** The system itself (scheduled publishing): may publish approved items, nothing else. */
export const SYSTEM_ACTOR: ItemActor = {
  user: { id: "system", displayName: "系统（定时发布）", roles: [{ role: "OFFICE_REVIEWER", departmentId: null }] },
};

const now = (a: ItemActor) => a.now ?? new Date();

async function loadForWorkflow(tx: Tx, itemId: string) {
  const item = await tx.item.findUnique({ where: { id: itemId } });
  if (!item) throw new AppError("NOT_FOUND", "信息不存在");
  const version = await tx.itemVersion.findUniqueOrThrow({
    where: { itemId_number: { itemId, number: item.workingVersionNo } },
  });
  const wf: WorkflowItem = {
    state: item.state,
    departmentId: item.departmentId,
    createdById: version.createdById,
    signedOffById: item.signedOffById,
    editorIds: version.editorIds,
    hasPublishedVersion: item.publishedVersionNo !== null,
    takenDown: item.takenDownAt !== null,
  };
  return { item, version, wf };
}

function snapshot(item: { state: string; indexNo: string | null; workingVersionNo: number; publishedVersionNo: number | null }) {
  return { state: item.state, indexNo: item.indexNo, workingVersionNo: item.workingVersionNo, publishedVersionNo: item.publishedVersionNo };
}

function assertAllowed(wf: WorkflowItem, action: ItemAction, actor: ItemActor, ctx: Parameters<typeof decide>[3] = {}) {
  const d = decide(wf, action, { id: actor.user.id, roles: actor.user.roles }, ctx);
  if (!d.allowed) throw new AppError(action === "approve" && (ctx.openFindings ?? 0) > 0 ? "INVALID_STATE" : "FORBIDDEN", d.reason);
  return d;
}

function versionData(input: ItemInput) {
  return {
    title: input.title,
    summary: input.summary,
    bodyHtml: input.bodyHtml,
    documentNumber: input.documentNumber ?? null,
    topic: input.topic,
    validity: input.validity,
    repealedDate: input.repealedDate ? isoToDbDate(input.repealedDate) : null,
    disclosureScope: input.disclosureScope,
    generatedDate: isoToDbDate(input.generatedDate),
  };
}

async function checkReferences(tx: Tx, input: ItemInput, actor: ItemActor) {
  const category = await tx.category.findUnique({ where: { id: input.categoryId } });
  if (!category || !category.active) throw new AppError("INVALID_INPUT", "所选公开目录分类不存在", { fields: { categoryId: "所选分类不存在" } });
  const dept = await tx.department.findUnique({ where: { id: input.departmentId } });
  if (!dept || !dept.active) throw new AppError("INVALID_INPUT", "所选发布机构不存在", { fields: { departmentId: "所选科室不存在" } });
  const member = actor.user.roles.some(
    (g) => (g.role === "STAFF" || g.role === "DEPT_HEAD") && (g.departmentId === null || g.departmentId === dept.id),
  );
  if (!member) throw new AppError("FORBIDDEN", "只能以本科室名义起草信息");
  if (input.generatedDate > toChinaDate(now(actor))) {
    throw new AppError("INVALID_INPUT", "生成日期不能晚于今天", { fields: { generatedDate: "生成日期不能晚于今天" } });
  }
  if (input.boardIds.length) {
    const boards = await tx.board.count({ where: { id: { in: input.boardIds }, active: true } });
    if (boards !== input.boardIds.length) throw new AppError("INVALID_INPUT", "所选公开栏不存在或已停用");
  }
}

/** 起草: a new item with its first version, in the drafter's department. */
export async function createItem(db: Db, actor: ItemActor, raw: unknown) {
  const input = parseInput(itemInputSchema, raw);
  return db.$transaction(async (tx) => {
    await checkReferences(tx, input, actor);
    const org = await tx.organisation.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    const item = await tx.item.create({
      data: {
        organisationId: org.id,
        departmentId: input.departmentId,
        categoryId: input.categoryId,
        generatedDate: isoToDbDate(input.generatedDate),
        createdById: actor.user.id,
        channels: input.channels,
        postingFrom: input.postingFrom ? isoToDbDate(input.postingFrom) : null,
        postingTo: input.postingTo ? isoToDbDate(input.postingTo) : null,
        boards: { create: input.boardIds.map((boardId) => ({ boardId })) },
        versions: { create: { number: 1, createdById: actor.user.id, ...versionData(input) } },
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.create",
      entityType: "Item",
      entityId: item.id,
      after: { ...versionData(input), categoryId: input.categoryId, departmentId: input.departmentId, channels: input.channels },
    });
    return item;
  });
}

/** Edits the working version while it is a draft (or a revision being prepared). */
export async function updateItemDraft(db: Db, actor: ItemActor, itemId: string, raw: unknown) {
  const input = parseInput(itemInputSchema, raw);
  return db.$transaction(async (tx) => {
    const { item, version, wf } = await loadForWorkflow(tx, itemId);
    assertAllowed(wf, "edit", actor);
    await checkReferences(tx, input, actor);
    if (version.number > 1 && !input.changeNote) {
      throw new AppError("INVALID_INPUT", "修订须填写修订说明", { fields: { changeNote: "请填写修订说明" } });
    }
    const before = { ...pickVersion(version), categoryId: item.categoryId, departmentId: item.departmentId, channels: item.channels };
    const data = versionData(input);
    await tx.itemVersion.update({
      where: { id: version.id },
      data: { ...data, changeNote: input.changeNote ?? version.changeNote, ...editorUpdate(version, actor) },
    });
    await tx.itemBoard.deleteMany({ where: { itemId } });
    await tx.item.update({
      where: { id: itemId },
      data: {
        categoryId: input.categoryId,
        departmentId: input.departmentId,
        channels: input.channels,
        // 生成日期 of a revision is the day the information changed; the original keeps its own.
        ...(version.number === 1 ? { generatedDate: data.generatedDate } : {}),
        postingFrom: input.postingFrom ? isoToDbDate(input.postingFrom) : null,
        postingTo: input.postingTo ? isoToDbDate(input.postingTo) : null,
        boards: { create: input.boardIds.map((boardId) => ({ boardId })) },
      },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.edit",
      entityType: "Item",
      entityId: itemId,
      before,
      after: { ...data, changeNote: input.changeNote, categoryId: input.categoryId, departmentId: input.departmentId, channels: input.channels },
      detail: { versionNo: version.number },
    });
  });
}

/** Records the actor among the version's editors (two-person rule), unless they drafted it. */
export function editorUpdate(version: { createdById: string; editorIds: string[] }, actor: ItemActor): { editorIds?: { push: string } } {
  const id = actor.user.id;
  return id === version.createdById || version.editorIds.includes(id) ? {} : { editorIds: { push: id } };
}

function pickVersion(v: { title: string; summary: string; bodyHtml: string; documentNumber: string | null; topic: string; validity: string; generatedDate: Date; changeNote: string | null }) {
  return {
    title: v.title,
    summary: v.summary,
    bodyHtml: v.bodyHtml,
    documentNumber: v.documentNumber,
    topic: v.topic,
    validity: v.validity,
    generatedDate: dbDateToIso(v.generatedDate),
    changeNote: v.changeNote,
  };
}

async function transition(
  db: Db,
  actor: ItemActor,
  itemId: string,
  action: ItemAction,
  body: (ctx: { tx: Tx; item: Awaited<ReturnType<typeof loadForWorkflow>>["item"]; version: Awaited<ReturnType<typeof loadForWorkflow>>["version"]; wf: WorkflowItem }) => Promise<{ data: Prisma.ItemUpdateInput; detail?: Record<string, unknown>; deliveries?: () => Promise<string[]> }>,
  options: { openFindings?: (tx: Tx) => Promise<number> } = {},
) {
  let deliveryIds: string[] = [];
  const result = await db.$transaction(async (tx) => {
    const loaded = await loadForWorkflow(tx, itemId);
    // Serialise transitions on one item: a second click waits and then sees the new state.
    await tx.$queryRaw`SELECT 1 FROM "Item" WHERE id = ${itemId} FOR UPDATE`;
    const fresh = await loadForWorkflow(tx, itemId);
    void loaded;
    const openFindings = options.openFindings ? await options.openFindings(tx) : 0;
    const decision = assertAllowed(fresh.wf, action, actor, { openFindings });
    const { data, detail, deliveries } = await body({ tx, ...fresh });
    const updated = await tx.item.update({ where: { id: itemId }, data: { ...data, state: decision.next } });
    await syncPublicItem(tx, updated);
    if (deliveries) deliveryIds = await deliveries();
    await writeAudit(tx, {
      actorId: actor.user.id === "system" ? null : actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: `item.${action}`,
      entityType: "Item",
      entityId: itemId,
      before: snapshot(fresh.item),
      after: snapshot(updated),
      detail,
    });
    return updated;
  });
  if (deliveryIds.length) await enqueueDeliveries(deliveryIds);
  return result;
}

/** 提交签发: the drafter sends the item to the department head. */
export async function submitItem(db: Db, actor: ItemActor, itemId: string) {
  return transition(db, actor, itemId, "submit", async () => ({
    data: { submittedAt: now(actor), submittedById: actor.user.id, returnedComment: null },
  }));
}

/** 签发: the department head signs and sends it to 党政办公室. */
export async function signOffItem(db: Db, actor: ItemActor, itemId: string) {
  return transition(db, actor, itemId, "signOff", async () => ({
    data: { signedOffAt: now(actor), signedOffById: actor.user.id },
  }));
}

/** 退回: back to draft with the reviewer's comments. */
export async function returnItem(db: Db, actor: ItemActor, itemId: string, comment: string) {
  const text = comment.trim();
  if (text.length < 2) throw new AppError("INVALID_INPUT", "请填写退回意见", { fields: { comment: "请填写退回意见" } });
  return transition(db, actor, itemId, "return", async () => ({
    data: {
      returnedComment: text.slice(0, 1000),
      signedOffAt: null,
      signedOffById: null,
      submittedAt: null,
      submittedById: null,
      approvedAt: null,
      approvedById: null,
      scheduledAt: null,
    },
    detail: { comment: text.slice(0, 1000) },
  }));
}

export type PublishChoice = { mode: "now" } | { mode: "schedule"; at: Date } | { mode: "later" };

/**
 * 审核通过: the confidentiality gate must be clear, and the two-person rule holds. The 索引号 is
 * assigned here, once: a revision keeps the item's number.
 */
export async function approveItem(db: Db, actor: ItemActor, itemId: string, choice: PublishChoice = { mode: "now" }) {
  if (choice.mode === "schedule" && choice.at.getTime() <= now(actor).getTime()) {
    throw new AppError("INVALID_INPUT", "定时发布时间须晚于当前时间", { fields: { scheduledAt: "定时发布时间须晚于当前时间" } });
  }
  const approved = await transition(
    db,
    actor,
    itemId,
    "approve",
    async ({ tx, item }) => {
      let indexData: Prisma.ItemUpdateInput = {};
      if (!item.indexNo) {
        const org = await tx.organisation.findUniqueOrThrow({ where: { id: item.organisationId } });
        indexData = await allocateIndexNo(tx, org, Number(dbDateToIso(item.generatedDate).slice(0, 4)));
      }
      return {
        data: {
          ...indexData,
          approvedAt: now(actor),
          approvedById: actor.user.id,
          scheduledAt: choice.mode === "schedule" ? choice.at : null,
        },
        detail: { publish: choice.mode, scheduledAt: choice.mode === "schedule" ? choice.at.toISOString() : undefined },
      };
    },
    { openFindings: async (tx) => (await scanItemVersion(tx, itemId)).open.length },
  ).catch(async (e: unknown) => {
    // A refused approval is written to the audit log (the transaction itself was rolled back).
    if (e instanceof AppError && e.code === "FORBIDDEN") {
      await writeAudit(db, {
        actorId: actor.user.id === "system" ? null : actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip,
        action: "item.approve-refused",
        entityType: "Item",
        entityId: itemId,
        detail: { reason: e.message },
      });
    }
    throw e;
  });
  if (choice.mode === "now") return publishItem(db, actor, itemId);
  return approved;
}

/** 定时发布: (re)sets the time an approved item goes live. */
export async function scheduleItem(db: Db, actor: ItemActor, itemId: string, at: Date | null) {
  if (at && at.getTime() <= now(actor).getTime()) {
    throw new AppError("INVALID_INPUT", "定时发布时间须晚于当前时间", { fields: { scheduledAt: "定时发布时间须晚于当前时间" } });
  }
  return transition(db, actor, itemId, "schedule", async () => ({
    data: { scheduledAt: at },
    detail: { scheduledAt: at?.toISOString() ?? null },
  }));
}

/**
 * 发布: the working version goes live on the portal at once, and one delivery per outside channel is
 * written in the same transaction (the outbox); the jobs are enqueued after commit.
 */
export async function publishItem(db: Db, actor: ItemActor, itemId: string) {
  return transition(db, actor, itemId, "publish", async ({ tx, item, version }) => {
    const at = now(actor);
    await tx.itemVersion.update({ where: { id: version.id }, data: { publishedAt: at } });
    const outside = item.channels;
    if (item.takenDownAt) {
      // A corrected version after 紧急下架, through the whole review again: its files are public again.
      await unblockVersionBlobs(tx, itemId, version.id);
      await tx.takedown.updateMany({ where: { itemId, republishedAt: null }, data: { republishedAt: at } });
    }
    return {
      data: {
        publishedVersionNo: version.number,
        firstPublishedAt: item.firstPublishedAt ?? at,
        lastPublishedAt: at,
        scheduledAt: null,
        withdrawnAt: null,
        withdrawnById: null,
        withdrawnReason: null,
        takenDownAt: null,
        takenDownById: null,
        takenDownReason: null,
      },
      detail: { versionNo: version.number, channels: outside },
      deliveries: () => createDeliveries(tx, { itemId, versionId: version.id, action: "UPSERT", channels: outside }),
    };
  });
}

/** 撤回: the public page stays with a withdrawal notice; every channel it went to is told. */
export async function withdrawItem(db: Db, actor: ItemActor, itemId: string, reason: string) {
  const text = reason.trim();
  if (text.length < 4) throw new AppError("INVALID_INPUT", "请填写撤回原因（不少于4个字）", { fields: { reason: "请填写撤回原因" } });
  return transition(db, actor, itemId, "withdraw", async ({ tx, item }) => {
    const published = await tx.itemVersion.findUniqueOrThrow({
      where: { itemId_number: { itemId, number: item.publishedVersionNo! } },
    });
    return {
      data: { withdrawnAt: now(actor), withdrawnById: actor.user.id, withdrawnReason: text.slice(0, 1000) },
      detail: { reason: text.slice(0, 1000), versionNo: published.number },
      deliveries: () => createDeliveries(tx, { itemId, versionId: published.id, action: "DELETE", channels: item.channels }),
    };
  });
}

/**
 * 紧急下架: for content that must not be public (a leaked ID number). In one transaction the item
 * leaves the portal's read model (lists, search, feeds, sitemap, open data; the page and attachment
 * URLs answer 410), every stored file of it is blocked for every URL (blobs are content-addressed
 * and may be shared), a takedown record is written, and one TAKEDOWN delivery per channel the item
 * went to is added to the outbox (district DELETE, WeChat freepublish/delete, urgent board tasks);
 * the jobs run ahead of ordinary work. Audited as item.takedown.
 */
export async function takedownItem(db: Db, actor: ItemActor, itemId: string, reason: string) {
  const text = reason.trim();
  if (text.length < 4) throw new AppError("INVALID_INPUT", "请填写下架原因（不少于4个字）", { fields: { reason: "请填写下架原因" } });
  return transition(db, actor, itemId, "takedown", async ({ tx, item }) => {
    const published = await tx.itemVersion.findUniqueOrThrow({
      where: { itemId_number: { itemId, number: item.publishedVersionNo! } },
    });
    const at = now(actor);
    const blocked = await blockItemBlobs(tx, itemId);
    await tx.takedown.create({
      data: { itemId, versionNo: published.number, reason: text.slice(0, 1000), actorId: actor.user.id, actorName: actor.user.displayName, createdAt: at },
    });
    const channels = await takedownChannels(tx, itemId, item.channels);
    return {
      data: { takenDownAt: at, takenDownById: actor.user.id, takenDownReason: text.slice(0, 1000), scheduledAt: null },
      detail: { reason: text.slice(0, 1000), versionNo: published.number, blockedFiles: blocked, channels },
      deliveries: () => createDeliveries(tx, { itemId, versionId: published.id, action: "TAKEDOWN", channels, reason: text }),
    };
  });
}

/**
 * 修订: a new version copied from the published one, with a required change note; it runs the same
 * review as the original (先审后发) while the portal keeps showing the published version.
 */
export async function reviseItem(db: Db, actor: ItemActor, itemId: string, changeNote: string) {
  const note = changeNote.trim();
  if (note.length < 4) throw new AppError("INVALID_INPUT", "请填写修订说明（不少于4个字）", { fields: { changeNote: "请填写修订说明" } });
  return transition(db, actor, itemId, "revise", async ({ tx, item, version }) => {
    const number = item.workingVersionNo + 1;
    const attachments = await tx.itemAttachment.findMany({ where: { versionId: version.id } });
    await tx.itemVersion.create({
      data: {
        itemId,
        number,
        title: version.title,
        summary: version.summary,
        bodyHtml: version.bodyHtml,
        documentNumber: version.documentNumber,
        topic: version.topic,
        validity: version.validity,
        repealedDate: version.repealedDate,
        disclosureMethod: version.disclosureMethod,
        disclosureScope: version.disclosureScope,
        generatedDate: isoToDbDate(toChinaDate(now(actor))),
        changeNote: note.slice(0, 500),
        createdById: actor.user.id,
        attachments: {
          create: attachments.map(({ id: _id, versionId: _v, createdAt: _c, textMap, ...a }) => ({ ...a, textMap: textMap ?? {} })),
        },
      },
    });
    return {
      data: {
        workingVersionNo: number,
        submittedAt: null,
        submittedById: null,
        signedOffAt: null,
        signedOffById: null,
        approvedAt: null,
        approvedById: null,
        returnedComment: null,
      },
      detail: { versionNo: number, changeNote: note.slice(0, 500) },
    };
  });
}

/** 排除: a confidentiality officer dismisses one finding with a written reason. */
export async function dismissFinding(db: Db, actor: ItemActor, itemId: string, fingerprint: string, reason: string) {
  const text = reason.trim();
  if (text.length < 4) throw new AppError("INVALID_INPUT", "请填写排除理由（不少于4个字）", { fields: { reason: "请填写排除理由" } });
  if (!actor.user.roles.some((r) => r.role === "CONFIDENTIALITY_OFFICER")) {
    throw new AppError("FORBIDDEN", "只有保密审查员可以排除保密审查发现");
  }
  await db.$transaction(async (tx) => {
    const { open } = await scanItemVersion(tx, itemId);
    const finding = open.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new AppError("NOT_FOUND", "该审查发现已不存在（可能已被修改或排除）");
    await tx.scanDismissal.create({
      data: { itemId, fingerprint, kind: finding.kind, excerpt: finding.context.slice(0, 200), reason: text.slice(0, 500), dismissedById: actor.user.id },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip,
      action: "item.finding-dismissed",
      entityType: "Item",
      entityId: itemId,
      detail: { kind: finding.kind, location: finding.location, reason: text.slice(0, 500) },
    });
  });
}

/** Publishes approved items whose scheduled time has come (run by the workers every minute). */
export async function publishDueItems(db: Db, at: Date = new Date()): Promise<string[]> {
  const due = await db.item.findMany({
    where: { state: "APPROVED", scheduledAt: { lte: at } },
    select: { id: true },
    take: 100,
  });
  const published: string[] = [];
  for (const { id } of due) {
    try {
      await publishItem(db, { ...SYSTEM_ACTOR, now: at }, id);
      published.push(id);
    } catch (e) {
      console.error(`[scheduled-publish] item ${id}: ${(e as Error).message}`);
    }
  }
  return published;
}
