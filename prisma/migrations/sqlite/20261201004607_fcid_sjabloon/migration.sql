-- AlterTable
ALTER TABLE "financiele_zaken_leesmodel" ADD COLUMN "sjabloon" TEXT;
ALTER TABLE "financiele_zaken_leesmodel" ADD COLUMN "sjabloon_kop" TEXT;
