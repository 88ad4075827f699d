-- AlterTable
ALTER TABLE "raadpleging" ADD COLUMN     "vertrouwelijk" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "stelsel_afnemer" (
    "id" SERIAL NOT NULL,
    "afnemer_id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "aflever_endpoint" TEXT NOT NULL,
    "doelen" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stelsel_afnemer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stelsel_doel" (
    "id" SERIAL NOT NULL,
    "doel_id" TEXT NOT NULL,
    "versie" INTEGER NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "bronhouder" TEXT NOT NULL,
    "gebeurtenistypen" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "maximale_duur_dagen" INTEGER NOT NULL,
    "bewaartermijn_dagen" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stelsel_doel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "toestemming" (
    "id" SERIAL NOT NULL,
    "toestemming_id" TEXT NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "afnemer" TEXT NOT NULL,
    "onderwerp" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "doel_versie" INTEGER NOT NULL,
    "gebeurtenistypen" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "geldig_vanaf" TIMESTAMP(3) NOT NULL,
    "geldig_tot" TIMESTAMP(3) NOT NULL,
    "inhoud_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_reden" TEXT NOT NULL,
    "status_gewijzigd_op" TIMESTAMP(3) NOT NULL,
    "gebruik_aantal" INTEGER NOT NULL DEFAULT 0,
    "laatst_gebruikt_op" TIMESTAMP(3),
    "volgnummer" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "toestemming_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ontvangstbewijs" (
    "id" SERIAL NOT NULL,
    "toestemming_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "jws" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ontvangstbewijs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plus_gebeurtenis" (
    "id" SERIAL NOT NULL,
    "toestemming_id" INTEGER NOT NULL,
    "afnemer" TEXT NOT NULL,
    "volgnummer" INTEGER NOT NULL,
    "jti" TEXT NOT NULL,
    "gebeurtenistype" TEXT NOT NULL,
    "set_jws" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pogingen" INTEGER NOT NULL DEFAULT 0,
    "volgende_poging_op" TIMESTAMP(3) NOT NULL,
    "laatste_fout" TEXT,
    "aangemaakt_op" TIMESTAMP(3) NOT NULL,
    "afgeleverd_op" TIMESTAMP(3),

    CONSTRAINT "plus_gebeurtenis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plus_aflevering" (
    "id" SERIAL NOT NULL,
    "afnemer" TEXT NOT NULL,
    "gepauzeerd_op" TIMESTAMP(3),
    "reden" TEXT,

    CONSTRAINT "plus_aflevering_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verwerking" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "volgnummer" INTEGER NOT NULL,
    "trace_id" TEXT NOT NULL,
    "operatie" TEXT NOT NULL,
    "verwerkingsactiviteit" TEXT NOT NULL,
    "andere_partij" TEXT NOT NULL,
    "toestemming_id" TEXT,
    "start_op" TIMESTAMP(3) NOT NULL,
    "eind_op" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "vorige_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "verwerking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stelsel_afnemer_afnemer_id_key" ON "stelsel_afnemer"("afnemer_id");

-- CreateIndex
CREATE UNIQUE INDEX "stelsel_doel_doel_id_key" ON "stelsel_doel"("doel_id");

-- CreateIndex
CREATE UNIQUE INDEX "toestemming_toestemming_id_key" ON "toestemming"("toestemming_id");

-- CreateIndex
CREATE INDEX "toestemming_citizen_id_organisation_id_idx" ON "toestemming"("citizen_id", "organisation_id");

-- CreateIndex
CREATE INDEX "toestemming_organisation_id_afnemer_status_idx" ON "toestemming"("organisation_id", "afnemer", "status");

-- CreateIndex
CREATE INDEX "toestemming_status_geldig_tot_idx" ON "toestemming"("status", "geldig_tot");

-- CreateIndex
CREATE INDEX "ontvangstbewijs_toestemming_id_id_idx" ON "ontvangstbewijs"("toestemming_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "plus_gebeurtenis_jti_key" ON "plus_gebeurtenis"("jti");

-- CreateIndex
CREATE INDEX "plus_gebeurtenis_status_volgende_poging_op_idx" ON "plus_gebeurtenis"("status", "volgende_poging_op");

-- CreateIndex
CREATE INDEX "plus_gebeurtenis_afnemer_status_id_idx" ON "plus_gebeurtenis"("afnemer", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "plus_gebeurtenis_toestemming_id_volgnummer_key" ON "plus_gebeurtenis"("toestemming_id", "volgnummer");

-- CreateIndex
CREATE UNIQUE INDEX "plus_aflevering_afnemer_key" ON "plus_aflevering"("afnemer");

-- CreateIndex
CREATE UNIQUE INDEX "verwerking_citizen_id_organisation_id_volgnummer_key" ON "verwerking"("citizen_id", "organisation_id", "volgnummer");

-- AddForeignKey
ALTER TABLE "toestemming" ADD CONSTRAINT "toestemming_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toestemming" ADD CONSTRAINT "toestemming_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ontvangstbewijs" ADD CONSTRAINT "ontvangstbewijs_toestemming_id_fkey" FOREIGN KEY ("toestemming_id") REFERENCES "toestemming"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plus_gebeurtenis" ADD CONSTRAINT "plus_gebeurtenis_toestemming_id_fkey" FOREIGN KEY ("toestemming_id") REFERENCES "toestemming"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verwerking" ADD CONSTRAINT "verwerking_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verwerking" ADD CONSTRAINT "verwerking_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;
