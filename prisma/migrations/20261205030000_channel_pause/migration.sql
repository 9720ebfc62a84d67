-- CreateTable
CREATE TABLE "ChannelPause" (
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "vendorCode" TEXT,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resumesAt" TIMESTAMP(3),
    "configFingerprint" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelPause_pkey" PRIMARY KEY ("channel")
);

