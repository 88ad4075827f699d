// nlgov:problem-details: every 4xx/5xx response has `application/problem+json` content
// whose schema has the RFC 9457 members `status`, `title` and `detail`.
// Fixes the official rule, which skips error responses without content and does not
// look into `allOf`.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { deref, isObject, mediaTypeName, propertyNames } from './_oas.js';

const ERROR_STATUS = /^[45](\d\d|XX)$/i;
const REQUIRED_MEMBERS = ['status', 'title', 'detail'];

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function problemDetails(response, _options, context) {
    const status = String(context.path[context.path.length - 1]);
    if (!ERROR_STATUS.test(status)) return [];
    const root = context.documentInventory.resolved;
    const r = deref(root, response);
    if (!isObject(r)) return [];
    const content = isObject(r.content) ? r.content : {};
    const key = Object.keys(content).find(k => mediaTypeName(k) === 'application/problem+json');
    if (key === undefined) {
      return [{ message: 'de foutresponse heeft geen content application/problem+json' }];
    }
    const mediaType = deref(root, content[key]);
    if (!isObject(mediaType) || !isObject(mediaType.schema)) {
      return [{ message: 'application/problem+json heeft geen schema', path: [...context.path, 'content', key] }];
    }
    const names = propertyNames(root, mediaType.schema);
    const missing = REQUIRED_MEMBERS.filter(name => !names.has(name));
    if (missing.length === 0) return [];
    return [{ message: `het probleemschema mist ${missing.join(', ')}`, path: [...context.path, 'content', key, 'schema'] }];
  },
);
