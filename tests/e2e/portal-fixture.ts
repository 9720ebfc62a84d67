// Writes portal test data through the domain commands, in a process of its own (run with tsx by
// portal.spec.ts: Playwright's loader cannot import lib/, and a separate process is the point — the
// cached pages learn of these changes only through the database's notifications, as they do of the
// workers' scheduled publishing). Prints one JSON line.
import { createDb } from "../../lib/db/client";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { approveItem, createItem, signOffItem, submitItem, withdrawItem, type ItemActor } from "../../lib/items/item-commands";

const db = createDb(process.env.E2E_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/gk_e2e");
const as = async (username: string): Promise<ItemActor> => {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { user: (await loadSessionUser(db, u.id))!, ip: "127.0.0.1" };
};

interface Draft {
  title: string;
  category: string;
  summary: string;
  body: string;
  /** The body as HTML (a table, say); `body` is wrapped in a paragraph otherwise. */
  bodyHtml?: string;
  generatedDate?: string;
}

async function toSignedOff(d: Draft) {
  const staff = await as("staff");
  const item = await createItem(db, staff, {
    title: d.title,
    summary: d.summary,
    bodyHtml: d.bodyHtml ?? `<p>${d.body}</p>`,
    categoryId: (await db.category.findFirstOrThrow({ where: { code: d.category } })).id,
    departmentId: (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id,
    generatedDate: d.generatedDate ?? "2026-03-02",
    topic: "综合政务",
  });
  await submitItem(db, staff, item.id);
  await signOffItem(db, await as("head"), item.id);
  return item.id;
}

const [command, arg, extra] = process.argv.slice(2);
let out: unknown;
if (command === "signed-off") out = { id: await toSignedOff(JSON.parse(arg) as Draft) };
else if (command === "publish") {
  const id = await toSignedOff(JSON.parse(arg) as Draft);
  await approveItem(db, await as("reviewer"), id);
  out = { id };
} else if (command === "approve") {
  await approveItem(db, await as("reviewer"), arg);
  out = { committedAt: Date.now() };
} else if (command === "withdraw") {
  await withdrawItem(db, await as("reviewer"), arg, extra);
  out = { committedAt: Date.now() };
} else throw new Error(`unknown command ${command}`);
console.log(JSON.stringify(out));
await db.$disconnect();
process.exit(0);
