/** The Blauwe Knop Centraal SDK: everything an app needs, on the device (docs/sdk.md). */
export { haalOverzicht, type OverzichtOptions, type OverzichtResultaat, type Voortgang } from './client.js';
export { verifyStelseldocument, fetchStelseldocument, type VerifiedStelseldocument } from './stelsel.js';
export { memoryStelselStore, type StelselStore } from './stelsel-store.js';
export { generateAppKey, appKeyFromPrivateJwk, type AppKey } from './app-key.js';
export { createDpopProof } from '../protocol/dpop.js';
export { ontwikkelLogin, registreerApp, verifyAppCredential, vernieuwCredential, trekRegistratieIn } from './app-beheerder.js';
export { discoverEndpoints, openSessie, fetchDocument, fetchOrganisation, type OpgehaaldDocument, type OrganisationEndpoints } from './organisatie.js';
export { verifyOrganisationDocument } from './verify-document.js';
export { foldOverzicht, claimKey, claimBedragen, organisationCode, type Overzicht, type OverzichtZaak, type OrganisatieResultaat, type OrganisatieStatus, type GeindNamens } from './overview.js';
export { createBundle, verifyBundle, BUNDLE_FORMAT, type Bundel, type BundleVerification } from './bundle.js';
export { formatEuro, formatDatum, formatDatumTijd, renderOverzicht } from './format.js';
export { StelselError, OrganisationError, AppBeheerderError } from './errors.js';
export type * from './protocol.js';
