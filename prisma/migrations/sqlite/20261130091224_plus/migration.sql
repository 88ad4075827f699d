-- CreateTable
CREATE TABLE "stelsel_afnemer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "afnemer_id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "aflever_endpoint" TEXT NOT NULL,
    "doelen" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "stelsel_doel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "doel_id" TEXT NOT NULL,
    "versie" INTEGER NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "bronhouder" TEXT NOT NULL,
    "gebeurtenistypen" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "maximale_duur_dagen" INTEGER NOT NULL,
    "bewaartermijn_dagen" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "toestemming" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "toestemming_id" TEXT NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "afnemer" TEXT NOT NULL,
    "onderwerp" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "doel_versie" INTEGER NOT NULL,
    "gebeurtenistypen" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "geldig_vanaf" DATETIME NOT NULL,
    "geldig_tot" DATETIME NOT NULL,
    "inhoud_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_reden" TEXT NOT NULL,
    "status_gewijzigd_op" DATETIME NOT NULL,
    "gebruik_aantal" INTEGER NOT NULL DEFAULT 0,
    "laatst_gebruikt_op" DATETIME,
    "volgnummer" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "toestemming_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "toestemming_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ontvangstbewijs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "toestemming_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "jws" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "ontvangstbewijs_toestemming_id_fkey" FOREIGN KEY ("toestemming_id") REFERENCES "toestemming" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "plus_gebeurtenis" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "toestemming_id" INTEGER NOT NULL,
    "afnemer" TEXT NOT NULL,
    "volgnummer" INTEGER NOT NULL,
    "jti" TEXT NOT NULL,
    "gebeurtenistype" TEXT NOT NULL,
    "set_jws" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pogingen" INTEGER NOT NULL DEFAULT 0,
    "volgende_poging_op" DATETIME NOT NULL,
    "laatste_fout" TEXT,
    "aangemaakt_op" DATETIME NOT NULL,
    "afgeleverd_op" DATETIME,
    CONSTRAINT "plus_gebeurtenis_toestemming_id_fkey" FOREIGN KEY ("toestemming_id") REFERENCES "toestemming" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "plus_aflevering" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "afnemer" TEXT NOT NULL,
    "gepauzeerd_op" DATETIME,
    "reden" TEXT
);

-- CreateTable
CREATE TABLE "verwerking" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "volgnummer" INTEGER NOT NULL,
    "trace_id" TEXT NOT NULL,
    "operatie" TEXT NOT NULL,
    "verwerkingsactiviteit" TEXT NOT NULL,
    "andere_partij" TEXT NOT NULL,
    "toestemming_id" TEXT,
    "start_op" DATETIME NOT NULL,
    "eind_op" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "vorige_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "verwerking_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "verwerking_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_raadpleging" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rijbewijs_id" INTEGER NOT NULL,
    "datumtijd" TEXT NOT NULL,
    "datumtijd_utc" DATETIME NOT NULL,
    "afnemer" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "vertrouwelijk" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "raadpleging_rijbewijs_id_fkey" FOREIGN KEY ("rijbewijs_id") REFERENCES "rijbewijs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_raadpleging" ("afnemer", "datumtijd", "datumtijd_utc", "doel", "id", "rijbewijs_id") SELECT "afnemer", "datumtijd", "datumtijd_utc", "doel", "id", "rijbewijs_id" FROM "raadpleging";
DROP TABLE "raadpleging";
ALTER TABLE "new_raadpleging" RENAME TO "raadpleging";
CREATE INDEX "raadpleging_rijbewijs_id_datumtijd_utc_idx" ON "raadpleging"("rijbewijs_id", "datumtijd_utc");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
