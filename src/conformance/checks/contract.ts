import type { ConformanceContext } from '../context.js';
import { mediaTypeOf, type Exchange } from '../http.js';
import type { CheckDefinition } from '../types.js';

export const contractChecks: CheckDefinition[] = [
  {
    id: 'contract-public',
    group: 'contract',
    title: 'Het contract staat openbaar op <basis-URL>/openapi.json: 200, JSON, zonder token, met Access-Control-Allow-Origin: *',
    rule: '/core/publish-openapi',
    severity: 'error',
  },
  {
    id: 'contract-version',
    group: 'contract',
    title: 'Het gepubliceerde contract is een OpenAPI 3.0.x-document met dezelfde info.version als het referentiecontract',
    rule: '/core/doc-openapi',
    severity: 'error',
  },
];

/** An origin no implementation has on its allowlist, sent where `*` is expected. */
export const PROBE_ORIGIN = 'https://blauwe-knop-conformance.example';

/** `GET <base>/openapi.json` without a token; the runner makes it first, to see the base URL answers at all. */
export function fetchContract(ctx: ConformanceContext): Promise<Exchange> {
  return ctx.http.get(ctx.url('/openapi.json'), {
    purpose: 'contract',
    headers: { accept: 'application/json', origin: PROBE_ORIGIN },
  });
}

export async function runContractChecks(ctx: ConformanceContext, exchange: Exchange): Promise<void> {
  await ctx.check('contract-public', (run) => {
    if (exchange.status === 401 || exchange.status === 403) {
      run.fail(`/openapi.json vraagt om authenticatie (status ${exchange.status}); het contract moet openbaar zijn.`);
    } else if (exchange.status !== 200) {
      run.fail(`/openapi.json geeft status ${exchange.status} in plaats van 200.`);
    }
    if (exchange.status === 200 && mediaTypeOf(exchange) !== 'application/json') {
      run.fail(`/openapi.json heeft Content-Type ${exchange.headers['content-type'] ?? '(geen)'} in plaats van application/json.`);
    }
    const allowOrigin = exchange.headers['access-control-allow-origin'];
    if (allowOrigin !== '*') {
      run.fail(`/openapi.json heeft Access-Control-Allow-Origin ${allowOrigin === undefined ? '(ontbreekt)' : `"${allowOrigin}"`}; verwacht "*", zodat iedere herkomst het contract kan lezen.`);
    }
    run.pass('Het contract staat openbaar op /openapi.json, voor iedere herkomst leesbaar.');
  });

  await ctx.check('contract-version', (run) => {
    if (exchange.status !== 200) return run.skip('Het contract kon niet worden opgehaald (zie contract-public).');
    let published: { openapi?: unknown; info?: { version?: unknown } };
    try {
      published = JSON.parse(exchange.text) as typeof published;
    } catch {
      return run.fail('/openapi.json is geen geldige JSON.');
    }
    if (typeof published.openapi !== 'string' || !/^3\.0\.\d+$/.test(published.openapi)) {
      run.fail(`/openapi.json heeft openapi ${JSON.stringify(published.openapi)}; verwacht een 3.0.x-versie (3.1 staat nog niet op de lijst van Forum Standaardisatie).`);
    }
    const version = published.info?.version;
    if (version !== ctx.contract.version) {
      run.fail(`info.version is ${JSON.stringify(version)}; het referentiecontract van De Blauwe Knop is ${ctx.contract.version}.`);
    }
    run.pass(`Het contract is OpenAPI ${String(published.openapi)}, versie ${ctx.contract.version}.`);
  });
}
