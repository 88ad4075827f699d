-- AlterTable
ALTER TABLE "financiele_zaken_leesmodel" ADD COLUMN     "sjabloon_tot" BIGINT;

-- CreateIndex
CREATE INDEX "financiele_zaken_leesmodel_organisation_id_sjabloon_tot_idx" ON "financiele_zaken_leesmodel"("organisation_id", "sjabloon_tot");

-- Backfill: the span's end of every template made before this column, from its head: the
-- fourth of its fields (format, issuer, valid from, valid until, slot offsets), empty when the
-- template holds for good.
-- The separator is written chr(59): the driver splits a migration into statements at every
-- semicolon, also inside a string.
UPDATE "financiele_zaken_leesmodel" SET "sjabloon_tot" = split_part("sjabloon_kop", chr(59), 4)::BIGINT
WHERE "sjabloon_kop" IS NOT NULL AND split_part("sjabloon_kop", chr(59), 4) <> '';
