// bk:document-security: in an organisation contract, every document operation demands
// authentication: its security (or the global security it inherits) names at least one
// scheme and no alternative is the anonymous `{}`. That a named scheme exists is
// spectral:oas's oas3-operation-security-defined.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isDocumentOperation, isSecured } from './_profiel.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function documentSecurity(operation, _options, context) {
    const root = context.documentInventory.resolved;
    if (!isDocumentOperation(root, operation) || isSecured(root, operation)) return [];
    const path = Array.isArray(operation.security) ? [...context.path, 'security'] : context.path;
    return [{ message: 'het document is zonder toegangstoken op te vragen', path }];
  },
);
