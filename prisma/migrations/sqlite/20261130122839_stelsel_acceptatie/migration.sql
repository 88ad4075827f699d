-- CreateTable
CREATE TABLE "stelsel_acceptatie" (
    "organisatie_oin" TEXT NOT NULL PRIMARY KEY,
    "uitgegeven_op" DATETIME NOT NULL,
    "versie" TEXT NOT NULL,
    "geaccepteerd_op" DATETIME NOT NULL
);
