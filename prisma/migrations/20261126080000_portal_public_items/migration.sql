-- CreateTable
CREATE TABLE "PublicItem" (
    "itemId" TEXT NOT NULL,
    "versionNo" INTEGER NOT NULL,
    "indexNo" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,
    "attachmentText" TEXT NOT NULL,
    "documentNumber" TEXT,
    "topic" TEXT NOT NULL,
    "validity" "Validity" NOT NULL,
    "categoryId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "generatedDate" DATE NOT NULL,
    "firstPublishedAt" TIMESTAMP(3) NOT NULL,
    "lastPublishedAt" TIMESTAMP(3) NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnReason" TEXT,
    "titleTokens" TEXT NOT NULL,
    "summaryTokens" TEXT NOT NULL,
    "bodyTokens" TEXT NOT NULL,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicItem_pkey" PRIMARY KEY ("itemId")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicItem_indexNo_key" ON "PublicItem"("indexNo");

-- CreateIndex
CREATE INDEX "PublicItem_categoryId_firstPublishedAt_idx" ON "PublicItem"("categoryId", "firstPublishedAt");

-- CreateIndex
CREATE INDEX "PublicItem_departmentId_idx" ON "PublicItem"("departmentId");

-- CreateIndex
CREATE INDEX "PublicItem_firstPublishedAt_idx" ON "PublicItem"("firstPublishedAt");

-- CreateIndex
CREATE INDEX "PublicItem_lastPublishedAt_idx" ON "PublicItem"("lastPublishedAt");

-- CreateIndex
CREATE INDEX "PublicItem_generatedDate_idx" ON "PublicItem"("generatedDate");

-- AddForeignKey
ALTER TABLE "PublicItem" ADD CONSTRAINT "PublicItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: Chinese search over the jieba tokens ('simple' config: the tokens are already words,
-- so no stemming or stop words), with the title weighted above the summary above body/attachments.
-- Generated columns stay out of schema.prisma, so Prisma never reads a tsvector.
ALTER TABLE "PublicItem" ADD COLUMN "headVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', "titleTokens"), 'A') || setweight(to_tsvector('simple', "summaryTokens"), 'B')
) STORED;
ALTER TABLE "PublicItem" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', "titleTokens"), 'A') || setweight(to_tsvector('simple', "summaryTokens"), 'B')
  || to_tsvector('simple', "bodyTokens")
) STORED;
CREATE INDEX "PublicItem_searchVector_idx" ON "PublicItem" USING GIN ("searchVector");

-- Trigram index on titles: substring matches the segmenter missed (3+ characters use the index).
-- Needs a UTF-8 LC_CTYPE (lib/db/migrate.ts creates databases with C.UTF-8).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "PublicItem_title_trgm_idx" ON "PublicItem" USING GIN ("title" gin_trgm_ops);

-- The web processes keep published pages in a cache; any change the public can see tells them to
-- refresh it. NOTIFY is delivered at commit (never for a rolled-back transaction) to every
-- listening process, whoever made the change: a web instance, the workers (scheduled publishing)
-- or a script.
CREATE FUNCTION "portal_notify_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
CREATE TRIGGER "PublicItem_portal_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PublicItem"
  FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_changed"();
CREATE TRIGGER "Organisation_portal_changed" AFTER INSERT OR UPDATE OR DELETE ON "Organisation"
  FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_changed"();
CREATE TRIGGER "Department_portal_changed" AFTER INSERT OR UPDATE OR DELETE ON "Department"
  FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_changed"();
CREATE TRIGGER "Category_portal_changed" AFTER INSERT OR UPDATE OR DELETE ON "Category"
  FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_changed"();
CREATE TRIGGER "Setting_portal_changed" AFTER INSERT OR UPDATE OR DELETE ON "Setting"
  FOR EACH STATEMENT EXECUTE FUNCTION "portal_notify_changed"();
