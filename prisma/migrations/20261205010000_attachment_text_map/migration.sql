-- AlterTable
ALTER TABLE "ItemAttachment" ADD COLUMN     "textMap" JSONB NOT NULL DEFAULT '{}';

