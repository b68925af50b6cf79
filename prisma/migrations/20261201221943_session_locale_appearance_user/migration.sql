-- AlterTable
ALTER TABLE "ConnectSession" ADD COLUMN     "appearance" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "locale" TEXT,
ADD COLUMN     "userEmail" TEXT,
ADD COLUMN     "userFirstName" TEXT,
ADD COLUMN     "userLastName" TEXT;
