// bk:required-operations: the operations the protocol requires of a role exist. Option
// `paden` maps each role to the paths that must have a GET operation; an organisation
// contract also offers at least one document operation (see _profiel.js).
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './_oas.js';
import { isDocumentOperation, operationsOf, rolOf } from './_profiel.js';

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['paden'],
      properties: {
        paden: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  function requiredOperations(root, options) {
    const rol = rolOf(root);
    const required = options.paden[rol];
    if (!Array.isArray(required)) return []; // an unknown role is bk:rol's finding
    const paths = isObject(root.paths) ? root.paths : {};
    const results = [];
    for (const path of required) {
      if (!isObject(paths[path]) || !isObject(paths[path].get)) {
        results.push({ message: `GET ${path} ontbreekt`, path: ['paths'] });
      }
    }
    if (rol === 'organisatie' && !operationsOf(root).some(({ operation }) => isDocumentOperation(root, operation))) {
      results.push({ message: 'er is geen documentoperatie (met de documentenvelop, Payload-Signature of application/jose)', path: ['paths'] });
    }
    return results;
  },
);
