-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ItemVersion" ADD COLUMN     "editorIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

