-- AlterTable
ALTER TABLE "signing_key" ADD COLUMN     "revocation_reason" TEXT;

-- AlterTable
ALTER TABLE "stelsel_sleutel" ADD COLUMN     "intrekkingsreden" TEXT;
