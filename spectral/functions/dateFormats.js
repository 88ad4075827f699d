// Date and time rules of ADR /core/date-time/*, on every schema in the document.
//   check: banned     `format: date-time-local` and `format: time` are not used (a
//                     timestamp is `date-time` with an offset, a time is `time-local`)
//   check: named      a property or parameter named ...Date / ...Datum / ...datum has
//                     `format: date` or `format: date-time`
//   check: omit-time  such a field uses `format: date`, not `date-time` (heuristic: the
//                     name says date; a moment is better named ...Tijdstip)
import { createRulesetFunction } from '@stoplight/spectral-core';
import { effectiveFormat, isObject, walk } from './_oas.js';

const BANNED_FORMATS = new Set(['date-time-local', 'time']);
const DATE_NAME = /(Date|Datum|datum)$|^date$/;

export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      properties: { check: { enum: ['banned', 'named', 'omit-time'] } },
      required: ['check'],
      additionalProperties: false,
    },
  },
  function dateFormats(document, options, context) {
    const root = context.documentInventory.resolved;
    const results = [];

    function namedField(name, schema, path) {
      if (!DATE_NAME.test(name)) return;
      const format = effectiveFormat(root, schema);
      if (options.check === 'named' && format !== 'date' && format !== 'date-time') {
        results.push({
          message: `${name} heeft ${format === undefined ? 'geen format' : `format ${format}`}`,
          path,
        });
      }
      if (options.check === 'omit-time' && format === 'date-time') {
        results.push({ message: `${name} heeft format date-time`, path });
      }
    }

    walk(document, {
      schema(schema, path) {
        if (options.check === 'banned') {
          if (typeof schema.format === 'string' && BANNED_FORMATS.has(schema.format)) {
            results.push({ message: `format ${schema.format} is niet toegestaan`, path: [...path, 'format'] });
          }
          return;
        }
        if (!isObject(schema.properties)) return;
        for (const [name, property] of Object.entries(schema.properties)) {
          namedField(name, property, [...path, 'properties', name]);
        }
      },
      container(container, path) {
        if (options.check === 'banned' || typeof container.name !== 'string' || typeof container.in !== 'string') return;
        namedField(container.name, container.schema, [...path, 'schema']);
      },
    });
    return results;
  },
);
