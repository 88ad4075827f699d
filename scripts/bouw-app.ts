/**
 * Part of `npm run build`: writes the Centraal app's bundle beside the compiled app module
 * (dist/src/roles/app-beheerder/app/app.js), where the compiled app manager serves it from;
 * a production image has no esbuild to build it at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bouwApp } from '../src/roles/app-beheerder/app/bundel.js';

const doel = join('dist', 'src', 'roles', 'app-beheerder', 'app', 'app.js');
mkdirSync(dirname(doel), { recursive: true });
writeFileSync(doel, await bouwApp());
process.stdout.write(`Centraal-app gebouwd: ${doel}\n`);
