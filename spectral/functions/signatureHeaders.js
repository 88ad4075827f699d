// bk:document-signature-headers: an operation that returns a certified document
// (marked `x-bk-gewaarmerkt: true`, or whose 200 response already declares
// `Payload-Signature`) declares on its 200 response the `Payload-Signature` and
// `Content-Digest` headers and the `application/jose` representation.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { deref, hasHeader, isObject, mediaTypeName } from './_oas.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function signatureHeaders(operation, _options, context) {
    const root = context.documentInventory.resolved;
    const responses = isObject(operation.responses) ? operation.responses : {};
    const ok = deref(root, responses['200']);
    const signs = isObject(ok) && hasHeader(ok.headers, 'Payload-Signature');
    if (operation['x-bk-gewaarmerkt'] !== true && !signs) return [];
    if (!isObject(ok)) {
      return [{ message: 'er is geen 200-response', path: [...context.path, 'responses'] }];
    }
    const missing = [];
    if (!hasHeader(ok.headers, 'Payload-Signature')) missing.push('header Payload-Signature');
    if (!hasHeader(ok.headers, 'Content-Digest')) missing.push('header Content-Digest');
    const content = isObject(ok.content) ? Object.keys(ok.content).map(mediaTypeName) : [];
    if (!content.includes('application/jose')) missing.push('content application/jose');
    if (missing.length === 0) return [];
    return [{ message: `de 200-response mist ${missing.join(', ')}`, path: [...context.path, 'responses', '200'] }];
  },
);
