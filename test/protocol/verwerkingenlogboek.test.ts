import t from 'tap';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { signDocument } from '../../src/protocol/sign-document.js';
import {
  LOGBOEKHOOFD_TYPE,
  logboekhoofdBytes,
  verifyVerwerkingenlogboek,
  verwerkingHash,
  type Verwerking,
  type Verwerkingenlogboek,
} from '../../src/protocol/verwerkingenlogboek.js';

const OIN = '00000099000000000006';

async function chain(count: number): Promise<Verwerking[]> {
  const entries: Verwerking[] = [];
  for (let i = 1; i <= count; i++) {
    const entry = {
      volgnummer: i,
      trace_id: `${String(i).padStart(2, '0')}`.repeat(16),
      operatie: i % 2 ? 'rijbewijs-raadplegen' : 'gebeurtenis-afleveren-push',
      verwerkingsactiviteit: 'x',
      andere_partij: 'politie',
      start_op: '2026-11-30T10:00:00Z',
      eind_op: '2026-11-30T10:00:01Z',
      status: 'geslaagd' as const,
      vorige_hash: entries.at(-1)?.hash ?? '',
    };
    entries.push({ ...entry, hash: await verwerkingHash(entry) });
  }
  return entries;
}

async function logboek(entries: Verwerking[], key: Awaited<ReturnType<typeof generateSigningKey>>): Promise<Verwerkingenlogboek> {
  const hoofd = { aantal: entries.length, bronhouder: OIN, hash: entries.at(-1)?.hash ?? '', uitgegeven_op: '2026-11-30T10:00:02Z' };
  const { compactJws } = await signDocument(logboekhoofdBytes(hoofd), key, OIN, new Date(), LOGBOEKHOOFD_TYPE);
  return { verwerkingen: entries, hoofd: compactJws };
}

t.test('a chain with its signed head verifies; a kept head proves the earlier entries are still there', async (t) => {
  const key = await generateSigningKey('ES256');
  const keys = { keys: [key.publicJwk] };
  const entries = await chain(4);
  const eerder = await verifyVerwerkingenlogboek(await logboek(entries.slice(0, 2), key), keys, { bronhouder: OIN });
  const nu = await verifyVerwerkingenlogboek(await logboek(entries, key), keys, { bronhouder: OIN, eerderHoofd: eerder });
  t.equal(nu.aantal, 4);
});

t.test('a changed, removed or reordered entry, a head over other entries, or a rewritten history is detected', async (t) => {
  const key = await generateSigningKey('ES256');
  const keys = { keys: [key.publicJwk] };
  const entries = await chain(4);
  const changed = entries.map((e, i) => (i === 1 ? { ...e, andere_partij: 'gemeente' } : e));
  await t.rejects(verifyVerwerkingenlogboek(await logboek(changed, key), keys, { bronhouder: OIN }), /Regel 2 is veranderd/);
  const removed = [entries[0]!, entries[2]!, entries[3]!];
  await t.rejects(verifyVerwerkingenlogboek(await logboek(removed, key), keys, { bronhouder: OIN }), /ontbreekt een regel/);
  const shortHead = { ...(await logboek(entries, key)), hoofd: (await logboek(entries.slice(0, 3), key)).hoofd };
  await t.rejects(verifyVerwerkingenlogboek(shortHead, keys, { bronhouder: OIN }), /hoofd past niet/, 'the last entry is not covered by the head');
  const eerder = await verifyVerwerkingenlogboek(await logboek(entries.slice(0, 2), key), keys, { bronhouder: OIN });
  // A bronhouder that rebuilt the whole chain without entry 2's original content: self-consistent, but not what the app saw.
  const rewritten = await chain(4).then((c) => c.map((e) => ({ ...e, verwerkingsactiviteit: 'y' })));
  const rehashed: Verwerking[] = [];
  for (const e of rewritten) {
    const { hash: _h, ...rest } = { ...e, vorige_hash: rehashed.at(-1)?.hash ?? '' };
    rehashed.push({ ...rest, hash: await verwerkingHash(rest) });
  }
  await t.rejects(verifyVerwerkingenlogboek(await logboek(rehashed, key), keys, { bronhouder: OIN, eerderHoofd: eerder }), /weggelaten of veranderd/);
  const other = await generateSigningKey('ES256');
  await t.rejects(verifyVerwerkingenlogboek(await logboek(entries, other), keys, { bronhouder: OIN }), /kid/, 'a head not signed by the bronhouder');
});
