-- AlterTable
ALTER TABLE "financiele_zaken_leesmodel" ADD COLUMN "sjabloon_tot" BIGINT;

-- CreateIndex
CREATE INDEX "financiele_zaken_leesmodel_organisation_id_sjabloon_tot_idx" ON "financiele_zaken_leesmodel"("organisation_id", "sjabloon_tot");

-- Backfill: the span's end of every template made before this column, from its head: the
-- fourth of its fields (format, issuer, valid from, valid until, slot offsets), empty when the
-- template holds for good.
UPDATE "financiele_zaken_leesmodel" AS l SET "sjabloon_tot" = CAST(v.tot AS INTEGER)
FROM (
  SELECT organisation_id, citizen_id, substr(r3, 1, instr(r3, ';') - 1) AS tot
  FROM (SELECT organisation_id, citizen_id, substr(r2, instr(r2, ';') + 1) AS r3
  FROM (SELECT organisation_id, citizen_id, substr(r1, instr(r1, ';') + 1) AS r2
  FROM (SELECT organisation_id, citizen_id, substr(sjabloon_kop, instr(sjabloon_kop, ';') + 1) AS r1
  FROM "financiele_zaken_leesmodel" WHERE sjabloon_kop IS NOT NULL)))
) AS v
WHERE l.organisation_id = v.organisation_id AND l.citizen_id = v.citizen_id AND v.tot <> '';
