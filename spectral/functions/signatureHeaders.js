// bk:document-signature-headers: in an organisation contract, every document operation
// (see _profiel.js: marked, signed, offering application/jose, or returning the document
// envelope) declares on its 200 response the `Payload-Signature` and `Content-Digest`
// headers and each media type in the `mediatypen` option.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { hasHeader, isObject, mediaTypeName } from './_oas.js';
import { isDocumentOperation } from './_profiel.js';

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['mediatypen'],
      properties: { mediatypen: { type: 'array', items: { type: 'string' } } },
    },
  },
  function signatureHeaders(operation, options, context) {
    const root = context.documentInventory.resolved;
    if (!isDocumentOperation(root, operation)) return [];
    const responses = isObject(operation.responses) ? operation.responses : {};
    const ok = responses['200'];
    if (!isObject(ok)) {
      return [{ message: 'er is geen 200-response', path: [...context.path, 'responses'] }];
    }
    const missing = [];
    if (!hasHeader(ok.headers, 'Payload-Signature')) missing.push('header Payload-Signature');
    if (!hasHeader(ok.headers, 'Content-Digest')) missing.push('header Content-Digest');
    const content = isObject(ok.content) ? Object.keys(ok.content).map(mediaTypeName) : [];
    for (const mediaType of options.mediatypen) {
      if (!content.includes(mediaType.toLowerCase())) missing.push(`content ${mediaType}`);
    }
    if (missing.length === 0) return [];
    return [{ message: `de 200-response mist ${missing.join(', ')}`, path: [...context.path, 'responses', '200'] }];
  },
);
