// nlgov:invalid-input-400: an operation that takes parameters (its own or its path
// item's) or a request body declares a `400` response for invalid input.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { METHODS, isObject } from './_oas.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function badRequestResponse(pathItem, _options, context) {
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters.length : 0;
    const results = [];
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters.length : 0;
      const input = [];
      if (shared + own > 0) input.push('parameters');
      if (operation.requestBody !== undefined) input.push('een request body');
      if (input.length === 0) continue;
      const responses = isObject(operation.responses) ? operation.responses : {};
      if (Object.prototype.hasOwnProperty.call(responses, '400')) continue;
      results.push({
        message: `${method.toUpperCase()} heeft ${input.join(' en ')} maar geen 400-response`,
        path: [...context.path, method, 'responses'],
      });
    }
    return results;
  },
);
