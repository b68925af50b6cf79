-- CreateEnum
CREATE TYPE "DeviceType" AS ENUM ('ev', 'hp', 'iv', 'wb');

-- CreateEnum
CREATE TYPE "DeviceStatus" AS ENUM ('CONNECTED', 'NEEDS_ATTENTION', 'DISCONNECTED');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "deviceId" UUID;

-- CreateTable
CREATE TABLE "PoderoUserLink" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "hostUserId" TEXT NOT NULL,
    "poderoUserId" TEXT NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "devicesReadAt" TIMESTAMP(3),
    "goneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PoderoUserLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "linkId" UUID NOT NULL,
    "poderoUserId" TEXT NOT NULL,
    "poderoDeviceId" TEXT NOT NULL,
    "type" "DeviceType" NOT NULL,
    "typeName" TEXT NOT NULL,
    "manufacturer" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" "DeviceStatus" NOT NULL,
    "isAuthenticated" BOOLEAN NOT NULL,
    "lifecycleState" TEXT,
    "lifecycleError" TEXT,
    "connectionStatus" TEXT,
    "actionNeeded" BOOLEAN NOT NULL DEFAULT false,
    "actions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "connectedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceAttempt" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "sessionId" UUID,
    "linkId" UUID NOT NULL,
    "deviceType" "DeviceType" NOT NULL,
    "deviceId" UUID,
    "poderoOnboardingId" TEXT NOT NULL,
    "mode" "AttemptMode" NOT NULL,
    "status" "AttemptStatus" NOT NULL DEFAULT 'PENDING',
    "nonceHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "DeviceAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PoderoUserLink_poderoUserId_key" ON "PoderoUserLink"("poderoUserId");

-- CreateIndex
CREATE UNIQUE INDEX "PoderoUserLink_accountId_hostUserId_key" ON "PoderoUserLink"("accountId", "hostUserId");

-- CreateIndex
CREATE INDEX "Device_accountId_createdAt_idx" ON "Device"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Device_linkId_idx" ON "Device"("linkId");

-- CreateIndex
CREATE INDEX "Device_status_createdAt_idx" ON "Device"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Device_poderoUserId_poderoDeviceId_key" ON "Device"("poderoUserId", "poderoDeviceId");

-- CreateIndex
CREATE INDEX "DeviceAttempt_accountId_startedAt_idx" ON "DeviceAttempt"("accountId", "startedAt");

-- CreateIndex
CREATE INDEX "DeviceAttempt_linkId_status_idx" ON "DeviceAttempt"("linkId", "status");

-- CreateIndex
CREATE INDEX "DeviceAttempt_status_expiresAt_idx" ON "DeviceAttempt"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "DeviceAttempt_startedAt_idx" ON "DeviceAttempt"("startedAt");

-- CreateIndex
CREATE INDEX "Event_deviceId_createdAt_idx" ON "Event"("deviceId", "createdAt");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoderoUserLink" ADD CONSTRAINT "PoderoUserLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "PoderoUserLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceAttempt" ADD CONSTRAINT "DeviceAttempt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceAttempt" ADD CONSTRAINT "DeviceAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ConnectSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceAttempt" ADD CONSTRAINT "DeviceAttempt_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "PoderoUserLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceAttempt" ADD CONSTRAINT "DeviceAttempt_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;
