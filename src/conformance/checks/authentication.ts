import { NO_DISCOVERY, type CheckRun, type ConformanceContext } from '../context.js';
import type { Exchange } from '../http.js';
import { algNoneToken, claimsNotHonoured, decodeJwt, expiredUnverifiableToken, invalidTokenClaims } from '../tokens.js';
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
    title: 'Een verlopen token (exp een uur geleden) wordt geweigerd met 401; met --token-command een token dat verder geldig is',
    rule: OAUTH,
    severity: 'error',
  },
  {
    id: 'auth-not-yet-valid-token',
    group: 'authenticatie',
    title: 'Een token dat pas over een uur geldig wordt (nbf), verder geldig (via --token-command), wordt geweigerd met 401',
    rule: OAUTH,
    severity: 'error',
  },
  {
    id: 'auth-wrong-audience',
    group: 'authenticatie',
    title: 'Een token voor een andere ontvanger (aud), verder geldig (via --token-command), wordt geweigerd met 401',
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
    const reason = ctx.discovery ? 'De organisatie biedt geen documenten aan om mee te toetsen.' : NO_DISCOVERY;
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

  const claims = invalidTokenClaims(ctx.options.now());
  /**
   * A token minted with `requested` claims, or undefined after skipping the check: without a
   * minter, or when the minter ignored the claims (then the token would prove nothing).
   */
  const minted = async (run: CheckRun, requested: Record<string, unknown>): Promise<string | undefined> => {
    if (!ctx.options.mintToken) {
      run.skip('Geen --token-command opgegeven: de checker kan zelf geen token maken dat de identiteitsprovider ondertekende.');
      return undefined;
    }
    const token = await ctx.options.mintToken(requested);
    const ignored = claimsNotHonoured(token, requested);
    if (ignored.length > 0) {
      run.skip(`--token-command gaf een token zonder de gevraagde claims ${ignored.join(', ')} (leest het commando de claims als JSON van stdin?).`);
      return undefined;
    }
    return token;
  };
  const refusesMinted = async (run: CheckRun, requested: Record<string, unknown>, what: string) => {
    const token = await minted(run, requested);
    if (!token) return;
    const exchange = await ctx.http.get(url, { purpose: what, headers: { ...accept, authorization: `Bearer ${token}` } });
    expectRefused(run, exchange, `${target.documenttype} met ${what}`);
    run.pass(`Een ${what}, verder geldig, wordt geweigerd.`);
  };

  await ctx.check('auth-expired-token', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    if (ctx.options.mintToken) return refusesMinted(run, claims.expired, 'verlopen token');
    const expired = expiredUnverifiableToken(ctx.token, ctx.options.now());
    if (!expired) return run.skip('Het opgegeven token is geen JWT; er valt geen verlopen variant van te maken (geef --token-command).');
    run.note('Beperking: zonder --token-command kan de checker niet ondertekenen, dus de handtekening van dit token klopt ook niet; of de vervaltijd zelf wordt gecontroleerd, toont alleen een door de identiteitsprovider ondertekend verlopen token aan.');
    const exchange = await ctx.http.get(url, { purpose: 'verlopen token', headers: { ...accept, authorization: `Bearer ${expired}` } });
    expectRefused(run, exchange, `${target.documenttype} met een verlopen token`);
    run.pass('Een verlopen, niet te verifiëren token wordt geweigerd (geef --token-command voor een token dat verder geldig is).');
  });

  await ctx.check('auth-not-yet-valid-token', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    await refusesMinted(run, claims.notYetValid, 'nog niet geldig token');
  });

  await ctx.check('auth-wrong-audience', async (run) => {
    if (!ctx.token) return run.skip(noToken);
    await refusesMinted(run, claims.wrongAudience, 'token voor een andere ontvanger');
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
