import type { components } from '../generated/api.js';

type Probleem = components['schemas']['Probleem'];

/** The `detail` of a problem+json answer, or the status line when there is none. */
export async function problemDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as Partial<Probleem>;
    if (typeof problem.detail === 'string') return `${res.status}: ${problem.detail}`;
  } catch {
    // not JSON: fall through
  }
  return `${res.status} ${res.statusText}`.trim();
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
