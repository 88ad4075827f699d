// bk:problem-json-only: a 4xx/5xx response offers no media type other than
// `application/problem+json` (ADR also allows problem+xml; the profile does not).
import { createRulesetFunction } from '@stoplight/spectral-core';
import { deref, isObject, mediaTypeName } from './_oas.js';

const ERROR_STATUS = /^[45](\d\d|XX)$/i;

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function problemJsonOnly(response, _options, context) {
    const status = String(context.path[context.path.length - 1]);
    if (!ERROR_STATUS.test(status)) return [];
    const r = deref(context.documentInventory.resolved, response);
    if (!isObject(r) || !isObject(r.content)) return [];
    return Object.keys(r.content)
      .filter(key => mediaTypeName(key) !== 'application/problem+json')
      .map(key => ({ message: `${key} is geen application/problem+json`, path: [...context.path, 'content', key] }));
  },
);
