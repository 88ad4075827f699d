-- CreateTable
CREATE TABLE "stelsel_organisatie" (
    "id" SERIAL NOT NULL,
    "oin" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "ontdekkings_url" TEXT NOT NULL,
    "diensten" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stelsel_organisatie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stelsel_app_beheerder" (
    "id" SERIAL NOT NULL,
    "beheerder_id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stelsel_app_beheerder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stelsel_sleutel" (
    "id" SERIAL NOT NULL,
    "eigenaar_soort" TEXT NOT NULL,
    "eigenaar" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "geldig_vanaf" TIMESTAMP(3) NOT NULL,
    "geldig_tot" TIMESTAMP(3),
    "ingetrokken_op" TIMESTAMP(3),

    CONSTRAINT "stelsel_sleutel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stelsel_publicatie" (
    "id" SERIAL NOT NULL,
    "versie" TEXT NOT NULL,
    "uitgegeven_op" TIMESTAMP(3) NOT NULL,
    "verloopt_op" TIMESTAMP(3) NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "stelsel_publicatie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_registratie" (
    "id" TEXT NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "jkt" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "ingetrokken_op" TIMESTAMP(3),

    CONSTRAINT "app_registratie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dpop_jti" (
    "sleutel" TEXT NOT NULL,
    "verloopt_op" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dpop_jti_pkey" PRIMARY KEY ("sleutel")
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

-- AddForeignKey
ALTER TABLE "app_registratie" ADD CONSTRAINT "app_registratie_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;
