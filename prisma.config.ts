import { defineConfig } from "prisma/config";

// The CLI is used here only for `prisma generate` (see scripts/generate-client.mjs); migrations are
// applied by scripts/migrate.ts. The URL mirrors lib/env.ts's default.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/sibaoshan",
  },
});
