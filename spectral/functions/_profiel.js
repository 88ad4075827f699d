// What the Blauwe Knop profile knows about a contract beyond plain OpenAPI: which role
// it is the contract of, which operations deliver a certified document, and whether an
// operation demands authentication. Shared by the bk: functions; plain JavaScript.
import { METHODS, hasHeader, isObject, mediaTypeName, propertyNames } from './_oas.js';

// The roles of the protocol. A contract names its role in `info.x-bk-rol`; without it,
// it is an organisation contract, because that is what implementers write and the
// profile must not be escapable by leaving a marker out.
export const ROLLEN = ['organisatie', 'stelselbeheerder', 'app-beheerder'];

export function rolOf(root) {
  const rol = isObject(root) && isObject(root.info) ? root.info['x-bk-rol'] : undefined;
  return rol === undefined ? 'organisatie' : rol;
}

// The envelope every certified document carries (Documentenvelop in the contract): a
// response body with a `documenttype` and an `onderwerp` (the citizen it is about) is a
// document, whatever the operation is called or marked.
const ENVELOP = ['documenttype', 'onderwerp'];

function successResponse(operation) {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return isObject(responses['200']) ? responses['200'] : undefined;
}

// A document operation: an operation of an organisation contract (only organisations
// deliver documents about citizens; the scheme document of a scheme operator is not one)
// that is marked `x-bk-gewaarmerkt: true`, or whose 200 response declares a
// Payload-Signature, offers application/jose, or returns the document envelope as JSON.
// The last three need no opt-in: a contract cannot dodge the signature rules by leaving
// the marker and the headers out.
export function isDocumentOperation(root, operation) {
  if (rolOf(root) !== 'organisatie' || !isObject(operation)) return false;
  if (operation['x-bk-gewaarmerkt'] === true) return true;
  const ok = successResponse(operation);
  if (ok === undefined) return false;
  if (hasHeader(ok.headers, 'Payload-Signature')) return true;
  const content = isObject(ok.content) ? ok.content : {};
  for (const [mediaType, media] of Object.entries(content)) {
    const name = mediaTypeName(mediaType);
    if (name === 'application/jose') return true;
    if (name === 'application/json' || name.endsWith('+json')) {
      const names = propertyNames(root, isObject(media) ? media.schema : undefined);
      if (ENVELOP.every(property => names.has(property))) return true;
    }
  }
  return false;
}

// The security requirements that apply to an operation: its own, or else the global ones.
export function effectiveSecurity(root, operation) {
  if (Array.isArray(operation.security)) return operation.security;
  return Array.isArray(root.security) ? root.security : [];
}

// Authentication is demanded when there is at least one requirement and none of the
// alternatives is the empty requirement `{}` (which lets an anonymous caller through).
export function isSecured(root, operation) {
  const security = effectiveSecurity(root, operation);
  return security.length > 0 && security.every(requirement => isObject(requirement) && Object.keys(requirement).length > 0);
}

// Every operation of the contract with its path and method.
export function operationsOf(root) {
  const result = [];
  const paths = isObject(root) && isObject(root.paths) ? root.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) if (isObject(item[method])) result.push({ path, method, operation: item[method] });
  }
  return result;
}
