-- AlterTable
ALTER TABLE "ApplicationLetter" ADD COLUMN     "trackingNumber" TEXT;

-- CreateTable
CREATE TABLE "ApplicationReleasedFile" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "originalSha256" TEXT NOT NULL,
    "metadataStripped" BOOLEAN NOT NULL DEFAULT false,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationReleasedFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplicationReleasedFile_applicationId_idx" ON "ApplicationReleasedFile"("applicationId");

-- AddForeignKey
ALTER TABLE "ApplicationReleasedFile" ADD CONSTRAINT "ApplicationReleasedFile_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

