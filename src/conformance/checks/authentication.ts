import type { CheckRun, ConformanceContext } from '../context.js';
import type { Exchange } from '../http.js';
import { algNoneToken, decodeJwt, expiredUnverifiableToken } from '../tokens.js';
import type { CheckDefinition } from '../types.js';

const OAUTH = 'NL GOV OAuth 2.0-profiel, RFC 6750 §3';

export const authenticationChecks: CheckDefinition[] = [
  {
    id: 'auth-no-token',
    group: 'authenticatie',
    title: 'Een document zonder token wordt geweigerd met 401 en WWW-Authenticate',
    rule: OAUTH,
    severity: 'error',
  },
  {
    id: 'auth-expired-token',
    group: 'authenticatie',
    title: 'Een verlopen, niet te verifiëren token (exp in het verleden, handtekening klopt niet meer) wordt geweigerd met 401',
    rule: OAUTH,
    severity: 'error',
  },
  {
    id: 'auth-alg-none',
    group: 'authenticatie',
    title: 'Een onondertekend token (alg: none) met verder geldige claims wordt geweigerd met 401',
    rule: OAUTH,
    severity: 'error',
  },
  {
    id: 'auth-token-in-query',
    group: 'authenticatie',
    title: 'Een geldig token in de query (?access_token=) in plaats van de Authorization-header wordt geweigerd met 401',
    rule: 'bk:no-security-in-query',
    severity: 'error',
  },
];

/** A refusal: 401 with a Bearer challenge. (Its problem+json shape is checked by problem-details.) */
function expectRefused(run: CheckRun, exchange: Exchange, what: string): void {
  if (exchange.status !== 401) {
    const accepted = exchange.status >= 200 && exchange.status < 300;
    run.fail(`${what} geeft status ${exchange.status} in plaats van 401${accepted ? ': het token wordt geaccepteerd!' : '.'}`);
    return;
  }
  const challenge = exchange.headers['www-authenticate'];
  if (!challenge) run.fail(`${what} geeft 401 zonder WWW-Authenticate-header.`);
  else if (!/^bearer\b/i.test(challenge.trim())) run.fail(`${what}: WWW-Authenticate is "${challenge}", verwacht een Bearer-challenge.`);
}

export async function runAuthenticationChecks(ctx: ConformanceContext): Promise<void> {
  const target = ctx.targetDocument();
  if (!target) {
    const reason = ctx.discovery ? 'De organisatie biedt geen documenten aan om mee te toetsen.' : 'Het ontdekkingsdocument kon niet worden gelezen (zie discovery).';
    for (const check of authenticationChecks) await ctx.skip(check.id, reason);
    return;
  }
  const url = target.url;
  const accept = { accept: 'application/json' };
  const noToken = 'Geen token opgegeven (--token of --token-command).';

  await ctx.check('auth-no-token', async (run) => {
    const exchange = await ctx.http.get(url, { purpose: 'zonder token', headers: accept });
    expectRefused(run, exchange, `${target.documenttype} zonder token`);
    run.pass('Zonder token: 401 met WWW-Authenticate.');
  });

  await ctx.check('auth-expired-token', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    const expired = expiredUnverifiableToken(ctx.token, ctx.options.now());
    if (!expired) return run.skip('Het opgegeven token is geen JWT; er valt geen verlopen variant van te maken.');
    run.note('Beperking: de checker kan niet ondertekenen, dus de handtekening van dit token klopt ook niet; of de vervaltijd zelf wordt gecontroleerd, toont alleen een door de identiteitsprovider ondertekend verlopen token aan.');
    const exchange = await ctx.http.get(url, { purpose: 'verlopen token', headers: { ...accept, authorization: `Bearer ${expired}` } });
    expectRefused(run, exchange, `${target.documenttype} met een verlopen token`);
    run.pass('Een verlopen, niet te verifiëren token wordt geweigerd.');
  });

  await ctx.check('auth-alg-none', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    if (!decodeJwt(ctx.token)) run.note('Het opgegeven token is geen JWT; het onondertekende token heeft minimale claims.');
    const unsigned = algNoneToken(ctx.token, ctx.options.now());
    const exchange = await ctx.http.get(url, { purpose: 'token met alg none', headers: { ...accept, authorization: `Bearer ${unsigned}` } });
    expectRefused(run, exchange, `${target.documenttype} met een alg:none-token`);
    run.pass('Een onondertekend token (alg: none) wordt geweigerd.');
  });

  await ctx.check('auth-token-in-query', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    const withQuery = new URL(url);
    withQuery.searchParams.set('access_token', ctx.token);
    const exchange = await ctx.http.get(withQuery.toString(), { purpose: 'token in de query', headers: accept });
    expectRefused(run, exchange, `${target.documenttype} met het token in de query`);
    run.pass('Een token in de query wordt geweigerd.');
  });
}
