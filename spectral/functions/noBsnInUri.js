// bk:no-bsn-in-uri: no BSN in a URI. Given `$.paths`, it reports
// - every path whose segments (fixed or `{parameter}`) contain bsn or burgerservicenummer,
//   also when the parameter is declared nowhere;
// - every query parameter, and every path parameter of a path not already reported, whose
//   name contains it (path-level and operation-level `parameters`).
import { createRulesetFunction } from '@stoplight/spectral-core';
import { METHODS, deref, isObject } from './_oas.js';

const BSN = /bsn|burgerservicenummer/i;

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function noBsnInUri(paths, _options, context) {
    const root = context.documentInventory.resolved;
    const results = [];
    for (const [path, item] of Object.entries(paths)) {
      const pathHasBsn = BSN.test(path);
      if (pathHasBsn) results.push({ message: `het pad ${path} draagt een BSN`, path: [...context.path, path] });
      if (!isObject(item)) continue;
      const lists = [[[path, 'parameters'], item.parameters]];
      for (const method of METHODS) {
        if (isObject(item[method])) lists.push([[path, method, 'parameters'], item[method].parameters]);
      }
      for (const [where, parameters] of lists) {
        if (!Array.isArray(parameters)) continue;
        parameters.forEach((raw, i) => {
          const parameter = deref(root, raw);
          if (!isObject(parameter) || typeof parameter.name !== 'string' || !BSN.test(parameter.name)) return;
          if (parameter.in === 'query' || (parameter.in === 'path' && !pathHasBsn)) {
            results.push({ message: `${parameter.in}parameter ${parameter.name} draagt een BSN`, path: [...context.path, ...where, i, 'name'] });
          }
        });
      }
    }
    return results;
  },
);
