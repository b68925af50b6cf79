-- AlterTable
ALTER TABLE "ConnectSession" ADD COLUMN     "connectorIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "CatalogueConnector" (
    "id" UUID NOT NULL,
    "cyclrConnectorId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT,
    "version" TEXT,
    "icon" TEXT,
    "authType" TEXT NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "offered" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogueConnector_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueConnector_cyclrConnectorId_key" ON "CatalogueConnector"("cyclrConnectorId");

-- CreateIndex
CREATE INDEX "CatalogueConnector_name_id_idx" ON "CatalogueConnector"("name", "id");

-- CreateIndex
CREATE INDEX "CatalogueConnector_offered_name_idx" ON "CatalogueConnector"("offered", "name");
