-- CreateTable
CREATE TABLE "stelsel_organisatie" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "oin" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "ontdekkings_url" TEXT NOT NULL,
    "diensten" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "stelsel_app_beheerder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "beheerder_id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "stelsel_sleutel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eigenaar_soort" TEXT NOT NULL,
    "eigenaar" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "geldig_vanaf" DATETIME NOT NULL,
    "geldig_tot" DATETIME,
    "ingetrokken_op" DATETIME
);

-- CreateTable
CREATE TABLE "stelsel_publicatie" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versie" TEXT NOT NULL,
    "uitgegeven_op" DATETIME NOT NULL,
    "verloopt_op" DATETIME NOT NULL,
    "jws" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "app_registratie" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "citizen_id" INTEGER NOT NULL,
    "jkt" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "ingetrokken_op" DATETIME,
    CONSTRAINT "app_registratie_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "dpop_jti" (
    "sleutel" TEXT NOT NULL PRIMARY KEY,
    "verloopt_op" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "stelsel_organisatie_oin_key" ON "stelsel_organisatie"("oin");

-- CreateIndex
CREATE UNIQUE INDEX "stelsel_app_beheerder_beheerder_id_key" ON "stelsel_app_beheerder"("beheerder_id");

-- CreateIndex
CREATE UNIQUE INDEX "stelsel_sleutel_eigenaar_soort_eigenaar_kid_key" ON "stelsel_sleutel"("eigenaar_soort", "eigenaar", "kid");

-- CreateIndex
CREATE INDEX "stelsel_publicatie_uitgegeven_op_idx" ON "stelsel_publicatie"("uitgegeven_op");

-- CreateIndex
CREATE INDEX "app_registratie_citizen_id_idx" ON "app_registratie"("citizen_id");

-- CreateIndex
CREATE INDEX "dpop_jti_verloopt_op_idx" ON "dpop_jti"("verloopt_op");
