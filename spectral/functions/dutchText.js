// bk:nederlandse-beschrijving: a deliberately simple heuristic for ADR
// /core/doc-language. A `summary` or `description` that contains a common English
// function word is probably English. "of" is not on the list: it is Dutch too ("ja of
// nee"). Inline code (`...`) and URLs are ignored, so quoting an English header, field
// or standard name is fine.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { walk } from './_oas.js';

export const ENGLISH_WORDS = ['the', 'and', 'returns', 'with', 'this', 'which', 'should'];
const ENGLISH = new RegExp(`(?<![\\p{L}\\p{N}_-])(${ENGLISH_WORDS.join('|')})(?![\\p{L}\\p{N}_-])`, 'iu');

function englishWord(text) {
  const prose = text.replace(/`[^`]*`/g, ' ').replace(/\bhttps?:\/\/\S+/g, ' ');
  const match = ENGLISH.exec(prose);
  return match === null ? undefined : match[1];
}

export default createRulesetFunction(
  { input: null, options: null },
  function dutchText(document) {
    const results = [];
    function visit(node, path) {
      for (const key of ['summary', 'description']) {
        if (typeof node[key] !== 'string') continue;
        const word = englishWord(node[key]);
        if (word !== undefined) results.push({ message: `"${word}" in ${key}`, path: [...path, key] });
      }
    }
    walk(document, { schema: visit, container: visit, object: visit });
    return results;
  },
);
