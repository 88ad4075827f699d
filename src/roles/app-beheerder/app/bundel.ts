/**
 * The Centraal app's one JavaScript file, built from TypeScript in src/ with esbuild. From
 * source (npm run dev, the tests) it is built in memory on the first request for it (not at
 * start-up: most app manager processes never serve the app); `npm run build` writes it next
 * to the compiled module (scripts/bouw-app.ts), so a production image, which has no esbuild,
 * serves that file. Nothing built is committed, so the bundle cannot drift from the SDK.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import type { OpenApiDocument } from '../../../contract/contract.js';
import { resolveSchema } from '../../../contract/json-schema.js';
import { DOCUMENT_SCHEMAS, DOCUMENTS } from '../../../contract/shapes.js';

const here = dirname(fileURLToPath(import.meta.url));
/** `.ts` when run from source (tsx), `.js` from the compiled dist/. */
const ext = extname(fileURLToPath(import.meta.url));
const ENTRY = join(here, 'browser', `main${ext}`);
/** Where `npm run build` puts the bundle: beside the compiled version of this module. */
const GEBOUWDE_APP = join(here, 'app.js');
const CONTRACT_VALIDATOR = join(here, '..', '..', '..', 'conformance', `contract-validator${ext}`);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const standaloneCode = standaloneCodeModule as unknown as (ajv: Ajv, refs: Record<string, string>) => string;

/**
 * The SDK checks every scheme document and document against the contract's schemas with
 * ajv, which compiles validators with `new Function`. The app's Content-Security-Policy
 * allows no eval, so in the bundle src/contract/shapes.ts is replaced by the same validators
 * compiled here, ahead of time (ajv's standalone code), behind the same two functions. The
 * error lines come from the same describeError, so the messages are the same as on Node.
 */
export function standaloneShapesModule(): string {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } }));
  const schema = (role: keyof typeof DOCUMENTS, name: string) => resolveSchema(DOCUMENTS[role] as OpenApiDocument, { $ref: `#/components/schemas/${name}` }) as object;
  ajv.addSchema(schema('stelselbeheerder', 'Stelseldocument'), 'Stelseldocument');
  const perType = Object.entries(DOCUMENT_SCHEMAS);
  for (const [, name] of perType) ajv.addSchema(schema('organisatie', name), name);
  const code = standaloneCode(ajv, Object.fromEntries(['Stelseldocument', ...perType.map(([, name]) => name)].map((name) => [name, name])));
  return `${code}
import { describeError } from ${JSON.stringify(CONTRACT_VALIDATOR)};
const run = (validate, value) => (validate(value) ? [] : validate.errors.map(describeError));
const perType = { ${perType.map(([type, name]) => `${JSON.stringify(type)}: ${name}`).join(', ')} };
export function stelseldocumentErrors(value) { return run(Stelseldocument, value); }
export function documentErrors(documenttype, value) { return run(perType[documenttype], value); }
`;
}

const precompiledShapes: Plugin = {
  name: 'voorgecompileerde-schemas',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]contract[\\/]shapes\.(ts|js)$/ }, (args) => ({ contents: standaloneShapesModule(), loader: 'js', resolveDir: dirname(args.path) }));
  },
};

/** The bundle as served at /app/app.js (ES module, minified, for current browsers). */
export async function bouwApp(): Promise<string> {
  // esbuild is a development dependency: loaded only when building.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [precompiledShapes],
  });
  return result.outputFiles[0]!.text;
}

/** The bundle `npm run build` made, or, running from source, one built now. */
export async function appBundel(): Promise<string> {
  if (ext === '.js') return readFile(GEBOUWDE_APP, 'utf8');
  return bouwApp();
}
