-- AlterEnum
ALTER TYPE "ItemState" ADD VALUE 'TAKEN_DOWN';

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "takenDownAt" TIMESTAMP(3),
ADD COLUMN     "takenDownById" TEXT,
ADD COLUMN     "takenDownReason" TEXT;

-- AlterTable
ALTER TABLE "BoardPosting" ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Takedown" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "versionNo" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cacheRefreshedAt" TIMESTAMP(3),
    "republishedAt" TIMESTAMP(3),

    CONSTRAINT "Takedown_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlockedBlob" (
    "key" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlockedBlob_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Takedown_itemId_idx" ON "Takedown"("itemId");

-- CreateIndex
CREATE INDEX "Takedown_cacheRefreshedAt_idx" ON "Takedown"("cacheRefreshedAt");

-- CreateIndex
CREATE INDEX "BlockedBlob_itemId_idx" ON "BlockedBlob"("itemId");

-- AddForeignKey
ALTER TABLE "Takedown" ADD CONSTRAINT "Takedown_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

