-- AlterTable
ALTER TABLE "financiele_zaken_leesmodel" ADD COLUMN     "sjabloon" TEXT,
ADD COLUMN     "sjabloon_kop" TEXT;
