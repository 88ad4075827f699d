// bk:operation-id, bk:operation-summary, bk:operation-tags: what every operation
// declares so that clients, generated code and documentation can name it.
import { createRulesetFunction } from '@stoplight/spectral-core';

function filled(value) {
  return typeof value === 'string' && value.trim().length > 0;
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { require: { enum: ['operationId', 'summary', 'tags'] } },
      required: ['require'],
      additionalProperties: false,
    },
  },
  function operationMeta(operation, options) {
    switch (options.require) {
      case 'operationId':
        return filled(operation.operationId) ? [] : [{ message: 'operationId ontbreekt' }];
      case 'summary':
        return filled(operation.summary) || filled(operation.description)
          ? []
          : [{ message: 'summary en description ontbreken' }];
      case 'tags':
        return Array.isArray(operation.tags) && operation.tags.some(filled) ? [] : [{ message: 'tags ontbreken' }];
      default:
        return [];
    }
  },
);
