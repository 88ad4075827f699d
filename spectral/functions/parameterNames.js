// Checks on the names of path and query parameters, given a `parameters` array.
//   check: camel-case  query keys are lowerCamelCase (ADR /core/query-keys-camel-case)
import { createRulesetFunction } from '@stoplight/spectral-core';
import { deref, isObject } from './_oas.js';

const CAMEL_CASE = /^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$/;

export default createRulesetFunction(
  {
    input: { type: 'array' },
    options: {
      type: 'object',
      properties: { check: { enum: ['camel-case'] } },
      required: ['check'],
      additionalProperties: false,
    },
  },
  function parameterNames(parameters, options, context) {
    const root = context.documentInventory.resolved;
    const results = [];
    parameters.forEach((raw, i) => {
      const parameter = deref(root, raw);
      if (!isObject(parameter) || typeof parameter.name !== 'string') return;
      const path = [...context.path, i, 'name'];
      if (options.check === 'camel-case' && parameter.in === 'query' && !CAMEL_CASE.test(parameter.name)) {
        results.push({ message: `queryparameter ${parameter.name} is geen lowerCamelCase`, path });
      }
    });
    return results;
  },
);
