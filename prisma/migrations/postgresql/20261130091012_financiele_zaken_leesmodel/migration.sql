-- CreateTable
CREATE TABLE "financiele_zaken_leesmodel" (
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "versie" INTEGER NOT NULL,
    "gegevens" TEXT NOT NULL,

    CONSTRAINT "financiele_zaken_leesmodel_pkey" PRIMARY KEY ("organisation_id","citizen_id")
);

-- CreateIndex
CREATE INDEX "financiele_zaken_leesmodel_citizen_id_idx" ON "financiele_zaken_leesmodel"("citizen_id");

-- AddForeignKey
ALTER TABLE "financiele_zaken_leesmodel" ADD CONSTRAINT "financiele_zaken_leesmodel_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financiele_zaken_leesmodel" ADD CONSTRAINT "financiele_zaken_leesmodel_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;
