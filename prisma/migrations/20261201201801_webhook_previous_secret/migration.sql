-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "previousWebhookSecretUntil" TIMESTAMP(3),
ADD COLUMN     "sealedPreviousWebhookSecret" TEXT;
