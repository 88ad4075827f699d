import { NO_DISCOVERY, type ConformanceContext } from '../context.js';
import type { CheckDefinition } from '../types.js';

export const errorChecks: CheckDefinition[] = [
  {
    id: 'trailing-slash',
    group: 'fouten',
    title: 'Een URL met een schuine streep aan het eind geeft 404, geen redirect',
    rule: '/core/no-trailing-slash',
    severity: 'error',
  },
  {
    id: 'not-acceptable',
    group: 'fouten',
    title: 'Een niet-ondersteund mediatype in Accept (application/xml) geeft 406',
    rule: 'ADR transport security: content types (406)',
    severity: 'error',
  },
  {
    id: 'invalid-input',
    group: 'fouten',
    title: 'Ongeldige invoer (?peildatum=geen-datum&onbekend=1) geeft 400 met alle fouten tegelijk in errors',
    rule: '/core/error-handling/invalid-input',
    severity: 'error',
  },
];

export async function runErrorChecks(ctx: ConformanceContext): Promise<void> {
  // With a token, on a document (where authentication would otherwise answer first); without, on /organisatie.
  const document = ctx.token ? ctx.targetDocument() : undefined;
  const target = document ? { url: document.url, name: `document ${document.documenttype}`, headers: ctx.bearer() } : { url: ctx.url('/organisatie'), name: '/organisatie', headers: {} };

  await ctx.check('trailing-slash', async (run) => {
    const exchange = await ctx.http.get(`${target.url}/`, { purpose: 'schuine streep aan het eind', headers: { ...target.headers, accept: 'application/json' } });
    if (exchange.status >= 300 && exchange.status < 400) {
      run.fail(`${target.name} met "/" aan het eind geeft een redirect (${exchange.status} naar ${exchange.headers.location ?? '?'}) in plaats van 404.`);
    } else if (exchange.status !== 404) {
      run.fail(`${target.name} met "/" aan het eind geeft status ${exchange.status} in plaats van 404.`);
    }
    run.pass(`${target.name} met "/" aan het eind geeft 404.`);
  });

  await ctx.check('not-acceptable', async (run) => {
    // /organisatie answers no representation at all, so it cannot show a 406 either.
    if (!document && !ctx.discovery) return run.skip(NO_DISCOVERY);
    const exchange = await ctx.http.get(target.url, { purpose: 'Accept: application/xml', headers: { ...target.headers, accept: 'application/xml' } });
    if (exchange.status !== 406) run.fail(`${target.name} met Accept: application/xml geeft status ${exchange.status} in plaats van 406.`);
    run.pass(`${target.name} met Accept: application/xml geeft 406.`);
  });

  await ctx.check('invalid-input', async (run) => {
    if (!ctx.token) return run.skip('Geen token opgegeven (--token of --token-command).');
    if (!ctx.discovery) return run.skip(NO_DISCOVERY);
    const fcid = ctx.documents.find((d) => d.documenttype === 'financiele-verplichtingen');
    if (!fcid) return run.skip('De organisatie biedt financiele-verplichtingen niet aan, het enige document met queryparameters.');
    const url = new URL(fcid.url);
    url.searchParams.set('peildatum', 'geen-datum');
    url.searchParams.set('onbekend', '1');
    const exchange = await ctx.http.get(url.toString(), { purpose: 'ongeldige invoer', headers: { ...ctx.bearer(), accept: 'application/json' } });
    if (exchange.status !== 400) {
      run.fail(`?peildatum=geen-datum&onbekend=1 geeft status ${exchange.status} in plaats van 400${exchange.status === 422 ? ' (ADR: ongeldige invoer is 400, niet 422)' : ''}.`);
      return;
    }
    let errors: unknown;
    try {
      errors = (JSON.parse(exchange.text) as { errors?: unknown }).errors;
    } catch {
      run.fail('Het 400-antwoord is geen JSON, dus er is geen lijst errors.');
      return;
    }
    if (!Array.isArray(errors)) {
      run.fail('Het 400-antwoord heeft geen lijst "errors" met de afzonderlijke fouten.');
      return;
    }
    const mentions = (name: string) =>
      errors.some((e: unknown) => {
        if (e === null || typeof e !== 'object') return false;
        const { location, detail } = e as { location?: unknown; detail?: unknown };
        return (typeof location === 'string' && location.includes(name)) || (typeof detail === 'string' && detail.includes(name));
      });
    for (const name of ['peildatum', 'onbekend']) {
      if (!mentions(name)) run.fail(`errors noemt "${name}" niet; ADR vraagt alle fouten tegelijk te melden (nu ${errors.length} ${errors.length === 1 ? 'fout' : 'fouten'}).`);
    }
    run.pass(`400 met beide fouten in errors (${errors.length} in totaal).`);
  });
}
