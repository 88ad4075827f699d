// nlgov:version-header: every response, whatever its status code, declares the
// `API-Version` header. Header names are compared case-insensitively.
// Fixes the official rule, which is case-sensitive and only looks at 2xx/3xx.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { deref, hasHeader, isObject } from './_oas.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function versionHeader(response, _options, context) {
    const r = deref(context.documentInventory.resolved, response);
    if (!isObject(r) || hasHeader(r.headers, 'API-Version')) return [];
    return [{ message: 'deze response declareert geen API-Version-header' }];
  },
);
