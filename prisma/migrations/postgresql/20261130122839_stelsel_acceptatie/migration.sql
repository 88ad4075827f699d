-- CreateTable
CREATE TABLE "stelsel_acceptatie" (
    "organisatie_oin" TEXT NOT NULL,
    "uitgegeven_op" TIMESTAMP(3) NOT NULL,
    "versie" TEXT NOT NULL,
    "geaccepteerd_op" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stelsel_acceptatie_pkey" PRIMARY KEY ("organisatie_oin")
);
