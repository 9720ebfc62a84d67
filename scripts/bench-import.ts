// Benchmark of the spreadsheet import (not a test): N rows of history with 1 % bad rows, validated
// and imported in this process against a database of its own, timings printed.
//
//   npx tsx scripts/bench-import.ts [--rows 10000] [--database-url postgresql://…/sibaoshan_bench_import]
//
// Targets (issue 17, 2-core machine): 10,000 rows validate in under 20 s and import in under 2 minutes.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate";
import { seedDemo } from "../lib/seed/seed-demo";
import { createStorage } from "../lib/attachments/storage";
import { confirmImportBatch, createImportBatch } from "../lib/import/import-batches";
import { validateImportBatch } from "../lib/import/validate-batch";
import { runImportBatch } from "../lib/import/run-import";
import { generateImportRows, rowsToXlsx } from "../tests/fixtures/import-rows";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000" },
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/sibaoshan_bench_import" },
  },
});
const N = Number(values.rows);
const databaseUrl = values["database-url"]!;
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-bench-import-"));
const storage = createStorage({ driver: "local", root: storageDir });

await dropDatabase(databaseUrl);
await ensureDatabase(databaseUrl);
await migrate(databaseUrl);
const db = createDb(databaseUrl);
try {
  await seedDemo(db);
  const user = await db.user.findUniqueOrThrow({ where: { username: "reviewer" } });
  const actor = { user: { id: user.id, displayName: user.displayName }, ip: "127.0.0.1" };
  const { creditCode } = await db.organisation.findFirstOrThrow();
  const generated = await generateImportRows(N, { creditCode, badEvery: 100 });
  const xlsx = await rowsToXlsx(generated.rows);
  console.log(`${N} rows, XLSX ${(xlsx.length / 1024 / 1024).toFixed(1)} MB, ZIP ${(generated.zip.length / 1024).toFixed(0)} KB; ${cpus().length} cores`);

  let t = performance.now();
  const id = await createImportBatch(db, storage, actor, { sheet: { name: "bench.xlsx", data: xlsx }, zip: { name: "files.zip", data: generated.zip } }, { enqueue: false });
  await validateImportBatch(db, storage, id);
  const validateS = (performance.now() - t) / 1000;
  const batch = await db.importBatch.findUniqueOrThrow({ where: { id } });
  console.log(`validate: ${validateS.toFixed(1)} s (${Math.round(N / validateS)} rows/s) — create ${batch.createCount}, errors ${batch.errorCount}, status ${batch.status}`);

  await confirmImportBatch(db, actor, id, [], { enqueue: false });
  t = performance.now();
  await runImportBatch(db, storage, id);
  const importS = (performance.now() - t) / 1000;
  const done = await db.importBatch.findUniqueOrThrow({ where: { id } });
  console.log(`import:   ${importS.toFixed(1)} s (${Math.round(done.createdItems / importS)} items/s) — created ${done.createdItems}, status ${done.status}`);

  t = performance.now();
  const again = await createImportBatch(db, storage, actor, { sheet: { name: "bench.xlsx", data: xlsx }, zip: { name: "files.zip", data: generated.zip } }, { enqueue: false });
  await validateImportBatch(db, storage, again);
  const second = await db.importBatch.findUniqueOrThrow({ where: { id: again } });
  console.log(`re-validate same file: ${((performance.now() - t) / 1000).toFixed(1)} s — create ${second.createCount}, skip ${second.skipCount}`);
} finally {
  await db.$disconnect();
  await dropDatabase(databaseUrl);
  rmSync(storageDir, { recursive: true, force: true });
}
