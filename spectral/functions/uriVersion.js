// nlgov:uri-version: the server URL's path ends in the major version as a whole
// segment (`/v1`), and that major equals the major of `info.version`.
// Fixes the official pattern `\/v[\d+]`, a character class that lets `/v1beta` pass.
import { createRulesetFunction } from '@stoplight/spectral-core';

const MAJOR_SEGMENT = /(?:^|\/)v(0|[1-9]\d*)$/;

export default createRulesetFunction(
  { input: { type: 'string' }, options: null },
  function uriVersion(url, _options, context) {
    const path = url
      .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')
      .split(/[?#]/)[0];
    const match = MAJOR_SEGMENT.exec(path);
    if (match === null) {
      return [{ message: `"${url}" eindigt niet op een los segment /v<hoofdversie>` }];
    }
    const version = context.document.data?.info?.version;
    const major = /^(0|[1-9]\d*)\./.exec(String(version ?? ''));
    if (major !== null && major[1] !== match[1]) {
      return [{ message: `"${url}" noemt v${match[1]}, maar info.version ${version} heeft hoofdversie ${major[1]}` }];
    }
    return [];
  },
);
