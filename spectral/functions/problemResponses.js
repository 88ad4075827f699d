// bk:problem-responses: an operation declares every problem response the profile lets
// it answer with, so that clients and generated code know them all:
//   500  always (an unexpected error, without details);
//   406  when a success response has content (the Accept header can ask for something else);
//   401 and 403  when the operation demands authentication;
//   415  when it takes a request body;
//   404  when its path has a parameter, or it delivers a document (none for this citizen).
// A 4XX/5XX range or `default` does not count: each status has its own meaning here.
// 400 for invalid input is nlgov:invalid-input-400's.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './_oas.js';
import { isDocumentOperation, isSecured } from './_profiel.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function problemResponses(operation, _options, context) {
    const root = context.documentInventory.resolved;
    const responses = isObject(operation.responses) ? operation.responses : {};
    const statuses = Object.keys(responses);
    const path = String(context.path[1] ?? '');
    const wanted = ['500'];
    const hasContent = statuses.some(status => /^2\d\d$/.test(status) && isObject(responses[status]) && isObject(responses[status].content) && Object.keys(responses[status].content).length > 0);
    if (hasContent) wanted.push('406');
    if (isSecured(root, operation)) wanted.push('401', '403');
    if (operation.requestBody !== undefined) wanted.push('415');
    if (path.includes('{') || isDocumentOperation(root, operation)) wanted.push('404');
    const missing = wanted.filter(status => !statuses.includes(status)).sort();
    if (missing.length === 0) return [];
    return [{ message: `ontbrekend: ${missing.join(', ')}`, path: [...context.path, 'responses'] }];
  },
);
