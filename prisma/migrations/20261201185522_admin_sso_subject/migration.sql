-- AlterTable
ALTER TABLE "AdminUser" ADD COLUMN     "ssoIssuer" TEXT,
ADD COLUMN     "ssoSubject" TEXT;
