import t from 'tap';
import Fastify from 'fastify';
import blauweKnop from '../../src/generated/contracts/blauwe-knop.js';
import type { OpenApiDocument } from '../../src/contract/contract.js';
import { resolveSchema, resolveSerialisationSchema } from '../../src/contract/json-schema.js';
import { DEMO_ZAKEN } from '../../src/data/seed/index.js';

const document = blauweKnop as unknown as OpenApiDocument;
const gebeurtenis = { $ref: '#/components/schemas/Gebeurtenis' };

t.test('a oneOf with a discriminator serialises every event as the plain oneOf does', async (t) => {
  // Serialised the way the service serialises: by Fastify, from a route's response schema.
  const app = Fastify();
  let current: unknown;
  app.get('/plain', { schema: { response: { 200: resolveSchema(document, gebeurtenis) as object } } }, async () => current);
  app.get('/chained', { schema: { response: { 200: resolveSerialisationSchema(document, gebeurtenis) as object } } }, async () => current);
  t.teardown(() => app.close());
  const serialise = async (path: string, value: unknown) => {
    current = value;
    return (await app.inject({ method: 'GET', url: path })).body;
  };
  const plain = (value: unknown) => serialise('/plain', value);
  const chained = (value: unknown) => serialise('/chained', value);
  const events = DEMO_ZAKEN.flatMap((zaak) => zaak.gebeurtenissen);
  const types = new Set(events.map((event) => event.gebeurtenis_type));
  t.equal(types.size, 6, 'the demo data holds every event type');
  for (const event of events) {
    // The same bytes (fields in the schema's order); a field the contract does not have is
    // dropped, every other field is kept.
    const withExtra = { ...event, intern_veld: 'mag niet naar buiten' };
    const bytes = await chained(withExtra);
    t.equal(bytes, await plain(withExtra), `${event.gebeurtenis_type} ${event.gebeurtenis_kenmerk}`);
    t.same(JSON.parse(bytes), event);
  }
});

t.test('the serialisation schema keeps no oneOf with a discriminator, the validation schema keeps the oneOf', async (t) => {
  const serialisation = JSON.stringify(resolveSerialisationSchema(document, gebeurtenis));
  t.notMatch(serialisation, /"oneOf"/);
  t.match(serialisation, /"if":/);
  t.match(JSON.stringify(resolveSchema(document, gebeurtenis)), /"oneOf"/);
});
