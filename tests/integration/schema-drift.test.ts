import { readFileSync } from "node:fs";
import internals from "@prisma/internals";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The migrated database must be what schema.prisma describes: a migration forgotten after a schema
// edit (or a hand edit of a migration) fails here. Prisma's own `migrate diff` needs a native engine
// that cannot be downloaded offline, so this compares the DMMF with the catalogue directly.

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Float: "double precision",
  Decimal: "numeric",
  Bytes: "bytea",
};

const NATIVE_TYPES: Record<string, string> = {
  Date: "date",
  Timestamptz: "timestamp with time zone",
  VarChar: "character varying",
  Text: "text",
  SmallInt: "smallint",
  Uuid: "uuid",
  Inet: "inet",
};

interface Column {
  table: string;
  column: string;
  dataType: string;
  udt: string;
  nullable: boolean;
}

describe("schema.prisma and the migrated database", () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  let dmmf: Awaited<ReturnType<typeof internals.getDMMF>>;
  let columns: Column[];

  beforeAll(async () => {
    await client.connect();
    dmmf = await internals.getDMMF({ datamodel: readFileSync("prisma/schema.prisma", "utf8") });
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, is_generated
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    columns = rows
      .filter((r) => r.is_generated !== "ALWAYS")
      .map((r) => ({
        table: r.table_name,
        column: r.column_name,
        dataType: r.data_type,
        udt: r.udt_name,
        nullable: r.is_nullable === "YES",
      }));
  });
  afterAll(() => client.end());

  it("has exactly the tables of the models", async () => {
    const { rows } = await client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const tables = rows.map((r) => r.tablename).sort();
    const models = dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort();
    expect(tables).toEqual(models);
  });

  it("has every field as a column of the right type and nullability, and no column the schema lacks", () => {
    const problems: string[] = [];
    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const tableColumns = columns.filter((c) => c.table === table);
      const fields = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
      for (const f of fields) {
        const name = f.dbName ?? f.name;
        const col = tableColumns.find((c) => c.column === name);
        if (!col) {
          problems.push(`${table}.${name}: missing column`);
          continue;
        }
        let expected: string;
        if (f.kind === "enum") expected = "USER-DEFINED";
        else if (f.nativeType) expected = NATIVE_TYPES[f.nativeType[0]] ?? f.nativeType[0];
        else expected = SCALAR_TYPES[f.type] ?? f.type;
        if (f.isList) expected = "ARRAY";
        if (col.dataType !== expected) problems.push(`${table}.${name}: ${col.dataType}, schema says ${expected}`);
        if (f.kind === "enum" && col.udt !== f.type) problems.push(`${table}.${name}: enum ${col.udt}, schema says ${f.type}`);
        if (col.nullable === f.isRequired && !f.isList) {
          problems.push(`${table}.${name}: ${col.nullable ? "nullable" : "NOT NULL"} in the database`);
        }
      }
      for (const col of tableColumns) {
        if (!fields.some((f) => (f.dbName ?? f.name) === col.column)) problems.push(`${table}.${col.column}: not in schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has the enums with the same values", async () => {
    const { rows } = await client.query(
      `SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const db = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const schema = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
    expect(db).toEqual(schema);
  });

  it("has every unique constraint and index of the schema", async () => {
    const { rows } = await client.query(`
      SELECT t.relname AS tbl, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
             array_agg(a.attname::text ORDER BY k.ord) AS cols
        FROM pg_index ix
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
        CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
    const have = new Set(rows.map((r) => `${r.tbl}|${r.is_primary ? "id" : r.is_unique ? "unique" : "normal"}|${r.cols.join(",")}`));
    const missing: string[] = [];
    for (const idx of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === idx.model)!;
      const cols = idx.fields.map((f) => {
        const field = model.fields.find((x) => x.name === f.name);
        return field?.dbName ?? f.name;
      });
      const key = `${model.dbName ?? model.name}|${idx.type}|${cols.join(",")}`;
      if (!have.has(key)) missing.push(key);
    }
    expect(missing).toEqual([]);
  });

  it("has a foreign key for every relation the schema declares", async () => {
    const { rows } = await client.query(`
      SELECT c.conrelid::regclass::text AS tbl, array_agg(a.attname::text ORDER BY k.ord) AS cols
        FROM pg_constraint c
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
       WHERE c.contype = 'f' GROUP BY c.oid, c.conrelid`);
    const have = new Set(rows.map((r) => `${r.tbl.replace(/"/g, "")}|${r.cols.join(",")}`));
    const missing: string[] = [];
    for (const model of dmmf.datamodel.models) {
      for (const f of model.fields) {
        if (f.kind !== "object" || !f.relationFromFields?.length) continue;
        const cols = f.relationFromFields.map((n) => model.fields.find((x) => x.name === n)?.dbName ?? n);
        const key = `${model.dbName ?? model.name}|${cols.join(",")}`;
        if (!have.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});
