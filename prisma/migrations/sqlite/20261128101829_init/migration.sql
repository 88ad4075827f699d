-- CreateTable
CREATE TABLE "organisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "oin" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "organisation_contactoptie" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "positie" INTEGER NOT NULL,
    "contactvorm" TEXT NOT NULL,
    "waarde" TEXT NOT NULL,
    "omschrijving" TEXT,
    CONSTRAINT "organisation_contactoptie_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "organisation_documenttype" (
    "organisation_id" INTEGER NOT NULL,
    "documenttype" TEXT NOT NULL,

    PRIMARY KEY ("organisation_id", "documenttype"),
    CONSTRAINT "organisation_documenttype_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "citizen" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bsn" TEXT NOT NULL,
    "weergavenaam" TEXT
);

-- CreateTable
CREATE TABLE "financiele_zaak" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "zaakkenmerk" TEXT NOT NULL,
    "omschrijving" TEXT,
    CONSTRAINT "financiele_zaak_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "financiele_zaak_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "zaak_contactoptie" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "zaak_id" INTEGER NOT NULL,
    "positie" INTEGER NOT NULL,
    "contactvorm" TEXT NOT NULL,
    "waarde" TEXT NOT NULL,
    "omschrijving" TEXT,
    CONSTRAINT "zaak_contactoptie_zaak_id_fkey" FOREIGN KEY ("zaak_id") REFERENCES "financiele_zaak" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "gebeurtenis" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "zaak_id" INTEGER NOT NULL,
    "kenmerk" TEXT NOT NULL,
    "gebeurtenis_type" TEXT NOT NULL,
    "occurred_at" TEXT NOT NULL,
    "occurred_at_utc" DATETIME NOT NULL,
    "corrects_id" INTEGER,
    "withdraws_id" INTEGER,
    "verplichtingskenmerk" TEXT,
    "datumtijd_opgelegd" TEXT,
    "beschikkingsnummer" TEXT,
    "primaire_verplichting" BOOLEAN,
    "verplichtingstype" TEXT,
    "categorie" TEXT,
    "bedrag" BIGINT,
    "bedrag_kwijtgescholden" BIGINT,
    "volledig" BOOLEAN,
    "omschrijving" TEXT,
    "betalingskenmerk" TEXT,
    "betalingsverplichtingstype" TEXT,
    "vervaldatum" TEXT,
    "datumtijd_ontvangen" TEXT,
    CONSTRAINT "gebeurtenis_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "gebeurtenis_zaak_id_organisation_id_fkey" FOREIGN KEY ("zaak_id", "organisation_id") REFERENCES "financiele_zaak" ("id", "organisation_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "gebeurtenis_corrects_id_fkey" FOREIGN KEY ("corrects_id") REFERENCES "gebeurtenis" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "gebeurtenis_withdraws_id_fkey" FOREIGN KEY ("withdraws_id") REFERENCES "gebeurtenis" ("id") ON DELETE NO ACTION ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "voertuig" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "kenteken" TEXT NOT NULL,
    "voertuigsoort" TEXT NOT NULL,
    "merk" TEXT NOT NULL,
    "handelsbenaming" TEXT NOT NULL,
    "datum_eerste_toelating" TEXT NOT NULL,
    "datum_tenaamstelling" TEXT NOT NULL,
    "vervaldatum_apk" TEXT,
    "europese_voertuigcategorie" TEXT NOT NULL,
    CONSTRAINT "voertuig_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "voertuig_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rijbewijs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "documentnummer" TEXT NOT NULL,
    "afgiftedatum" TEXT NOT NULL,
    "geldig_tot" TEXT NOT NULL,
    "afgegeven_door" TEXT NOT NULL,
    CONSTRAINT "rijbewijs_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rijbewijs_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rijbewijs_categorie" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rijbewijs_id" INTEGER NOT NULL,
    "categorie" TEXT NOT NULL,
    "afgiftedatum" TEXT NOT NULL,
    "geldig_tot" TEXT NOT NULL,
    "beperkingen" TEXT,
    CONSTRAINT "rijbewijs_categorie_rijbewijs_id_fkey" FOREIGN KEY ("rijbewijs_id") REFERENCES "rijbewijs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "raadpleging" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rijbewijs_id" INTEGER NOT NULL,
    "datumtijd" TEXT NOT NULL,
    "datumtijd_utc" DATETIME NOT NULL,
    "afnemer" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    CONSTRAINT "raadpleging_rijbewijs_id_fkey" FOREIGN KEY ("rijbewijs_id") REFERENCES "rijbewijs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "vaartuig" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisation_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "registratienummer" TEXT NOT NULL,
    "merk" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "lengte_cm" INTEGER,
    "registratiedatum" TEXT NOT NULL,
    CONSTRAINT "vaartuig_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "vaartuig_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "vaartuig_motor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "vaartuig_id" INTEGER NOT NULL,
    "positie" INTEGER NOT NULL,
    "merk" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "vermogen_kw" INTEGER NOT NULL,
    "motornummer" TEXT,
    CONSTRAINT "vaartuig_motor_vaartuig_id_fkey" FOREIGN KEY ("vaartuig_id") REFERENCES "vaartuig" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "signing_key" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "organisation_oin" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "retired_at" DATETIME,
    "revoked_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_oin_key" ON "organisation"("oin");

-- CreateIndex
CREATE UNIQUE INDEX "organisation_code_key" ON "organisation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "organisation_contactoptie_organisation_id_positie_key" ON "organisation_contactoptie"("organisation_id", "positie");

-- CreateIndex
CREATE UNIQUE INDEX "citizen_bsn_key" ON "citizen"("bsn");

-- CreateIndex
CREATE INDEX "financiele_zaak_citizen_id_organisation_id_idx" ON "financiele_zaak"("citizen_id", "organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "financiele_zaak_organisation_id_zaakkenmerk_key" ON "financiele_zaak"("organisation_id", "zaakkenmerk");

-- CreateIndex
CREATE UNIQUE INDEX "financiele_zaak_id_organisation_id_key" ON "financiele_zaak"("id", "organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "zaak_contactoptie_zaak_id_positie_key" ON "zaak_contactoptie"("zaak_id", "positie");

-- CreateIndex
CREATE INDEX "gebeurtenis_zaak_id_occurred_at_utc_kenmerk_idx" ON "gebeurtenis"("zaak_id", "occurred_at_utc", "kenmerk");

-- CreateIndex
CREATE INDEX "gebeurtenis_corrects_id_idx" ON "gebeurtenis"("corrects_id");

-- CreateIndex
CREATE INDEX "gebeurtenis_withdraws_id_idx" ON "gebeurtenis"("withdraws_id");

-- CreateIndex
CREATE UNIQUE INDEX "gebeurtenis_organisation_id_kenmerk_key" ON "gebeurtenis"("organisation_id", "kenmerk");

-- CreateIndex
CREATE INDEX "voertuig_citizen_id_organisation_id_idx" ON "voertuig"("citizen_id", "organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "voertuig_organisation_id_kenteken_key" ON "voertuig"("organisation_id", "kenteken");

-- CreateIndex
CREATE INDEX "rijbewijs_citizen_id_organisation_id_idx" ON "rijbewijs"("citizen_id", "organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "rijbewijs_organisation_id_documentnummer_key" ON "rijbewijs"("organisation_id", "documentnummer");

-- CreateIndex
CREATE UNIQUE INDEX "rijbewijs_categorie_rijbewijs_id_categorie_key" ON "rijbewijs_categorie"("rijbewijs_id", "categorie");

-- CreateIndex
CREATE INDEX "raadpleging_rijbewijs_id_datumtijd_utc_idx" ON "raadpleging"("rijbewijs_id", "datumtijd_utc");

-- CreateIndex
CREATE INDEX "vaartuig_citizen_id_organisation_id_idx" ON "vaartuig"("citizen_id", "organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "vaartuig_organisation_id_registratienummer_key" ON "vaartuig"("organisation_id", "registratienummer");

-- CreateIndex
CREATE UNIQUE INDEX "vaartuig_motor_vaartuig_id_positie_key" ON "vaartuig_motor"("vaartuig_id", "positie");

-- CreateIndex
CREATE INDEX "signing_key_organisation_oin_created_at_idx" ON "signing_key"("organisation_oin", "created_at");
