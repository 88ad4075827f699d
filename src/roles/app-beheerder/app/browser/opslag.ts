/// <reference lib="dom" />
/**
 * What the app keeps on the device, in IndexedDB: its key and the time of the last scheme
 * document it accepted. The key's private half is two WebCrypto CryptoKeys (one for ECDSA
 * signing, one for ECDH decryption) imported as NON-extractable: script on this page can use
 * them but never read them out. IndexedDB stores CryptoKeys as they are (structured clone),
 * so the same key is used again after a reload.
 */
import { generateAppKey, type AppKey, type StelselStore } from '../../../../sdk/index.js';

const DATABASE = 'blauwe-knop-app';
const STORE = 'apparaat';
const SLEUTEL = 'app-sleutel';
const STELSEL = 'laatst-geaccepteerd-stelseldocument';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is niet beschikbaar.'));
  });
}

async function transactie<T>(mode: IDBTransactionMode, werk: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = werk(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB weigerde.'));
    });
  } finally {
    db.close();
  }
}

const lees = <T>(sleutel: string) => transactie<T | undefined>('readonly', (store) => store.get(sleutel) as IDBRequest<T | undefined>);
const schrijf = (sleutel: string, waarde: unknown) => transactie('readwrite', (store) => store.put(waarde, sleutel));

/**
 * This device's app key: the stored one, or a new one (generated here, then kept). The
 * SDK's generateAppKey needs the private key once as a JWK to import it twice (WebCrypto
 * keeps ECDSA and ECDH apart, and the protocol uses one key pair for both); that transient
 * copy is dropped at once, and only the non-extractable keys are stored.
 */
export async function appSleutel(): Promise<AppKey> {
  const bestaand = await lees<AppKey>(SLEUTEL);
  if (bestaand) return bestaand;
  const nieuw = await generateAppKey();
  await schrijf(SLEUTEL, nieuw);
  return nieuw;
}

/** The SDK's StelselStore on this device: a replayed older scheme document is refused after a reload too. */
export const stelselOpslag: StelselStore = {
  lastAccepted: () => lees<string>(STELSEL),
  accept: async (uitgegevenOp) => {
    await schrijf(STELSEL, uitgegevenOp);
  },
};
