-- CreateEnum
CREATE TYPE "ConnectorStatus" AS ENUM ('NOT_CONNECTED', 'CONNECTED', 'FAILED', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "AttemptStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AttemptMode" AS ENUM ('POPUP', 'REDIRECT', 'FORM');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('END_USER', 'ADMIN', 'HOST_API', 'SYSTEM');

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "cyclrAccountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hostTenantId" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountConnector" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "cyclrAccountConnectorId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "connectorName" TEXT NOT NULL,
    "connectorIcon" TEXT,
    "authType" TEXT NOT NULL,
    "status" "ConnectorStatus" NOT NULL DEFAULT 'NOT_CONNECTED',
    "authenticatedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountConnector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectAttempt" (
    "id" UUID NOT NULL,
    "accountConnectorId" UUID NOT NULL,
    "sessionId" UUID,
    "mode" "AttemptMode" NOT NULL,
    "status" "AttemptStatus" NOT NULL DEFAULT 'PENDING',
    "nonceHash" TEXT NOT NULL,
    "callbackMessage" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "ConnectAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectSession" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "hostUserId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "allowedOrigins" TEXT[],
    "apiKeyId" UUID,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderToken" (
    "key" TEXT NOT NULL,
    "sealedAccess" TEXT NOT NULL,
    "sealedRefresh" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderToken_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "accountId" UUID,
    "accountConnectorId" UUID,
    "attemptId" UUID,
    "message" TEXT,
    "data" JSONB,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminUser" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminUser_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_cyclrAccountId_key" ON "Account"("cyclrAccountId");

-- CreateIndex
CREATE INDEX "AccountConnector_status_idx" ON "AccountConnector"("status");

-- CreateIndex
CREATE UNIQUE INDEX "AccountConnector_accountId_cyclrAccountConnectorId_key" ON "AccountConnector"("accountId", "cyclrAccountConnectorId");

-- CreateIndex
CREATE INDEX "ConnectAttempt_accountConnectorId_startedAt_idx" ON "ConnectAttempt"("accountConnectorId", "startedAt");

-- CreateIndex
CREATE INDEX "ConnectAttempt_status_expiresAt_idx" ON "ConnectAttempt"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectSession_tokenHash_key" ON "ConnectSession"("tokenHash");

-- CreateIndex
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");

-- CreateIndex
CREATE INDEX "Event_accountId_createdAt_idx" ON "Event"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Event_accountConnectorId_createdAt_idx" ON "Event"("accountConnectorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "AdminUser_email_key" ON "AdminUser"("email");

-- AddForeignKey
ALTER TABLE "AccountConnector" ADD CONSTRAINT "AccountConnector_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectAttempt" ADD CONSTRAINT "ConnectAttempt_accountConnectorId_fkey" FOREIGN KEY ("accountConnectorId") REFERENCES "AccountConnector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectAttempt" ADD CONSTRAINT "ConnectAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ConnectSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectSession" ADD CONSTRAINT "ConnectSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectSession" ADD CONSTRAINT "ConnectSession_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_accountConnectorId_fkey" FOREIGN KEY ("accountConnectorId") REFERENCES "AccountConnector"("id") ON DELETE SET NULL ON UPDATE CASCADE;
