-- Hand-written (no schema.prisma change: the column is generated and kept out of the model).
-- Title/summary matches are ranked first; for very common words the search takes the newest
-- title/summary matches as candidates, which this index finds without reading the bodies.
CREATE INDEX "PublicItem_headVector_idx" ON "PublicItem" USING GIN ("headVector");
