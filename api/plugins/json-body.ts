/**
 * The API's JSON body parser: Fastify's own (secure-json-parse, refusing `__proto__` and `constructor.prototype`
 * keys, which could reach an object's prototype), but a refused key is answered as what it is, a 400 naming the
 * key and where it is, rather than as "not valid JSON", which sends the caller looking for a syntax error. A body
 * nested deeper than any request of this API needs is a 400 as well: JSON.parse takes it, but walking it back
 * (a check, the answer's JSON.stringify) would overflow the stack, a 500 for the client's mistake.
 */
import type { FastifyInstance } from 'fastify';
import { errorCodes } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { validationFailed } from '../errors';

const REFUSE = { protoAction: 'error', constructorAction: 'error' } as const;

/** Objects and arrays within each other: far more than any body of this API (or a Temporal payload) needs. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests more than `max` objects or arrays deep; walked without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The 400 for a body nested deeper than MAX_JSON_DEPTH. */
export const tooDeep = () =>
  validationFailed('body', [
    { path: '', code: 'too_deep', message: `the JSON body nests more than ${MAX_JSON_DEPTH} levels deep` },
  ]);

/** The dotted path of the first key that could reach a prototype, depth first; undefined if there is none. */
export function prototypeKeyPath(value: unknown, at: string[] = []): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = [...at, key];
    if (key === '__proto__') return here.join('.');
    if (
      key === 'constructor' &&
      typeof child === 'object' &&
      child !== null &&
      Object.hasOwn(child, 'prototype')
    )
      return [...here, 'prototype'].join('.');
    const deeper = prototypeKeyPath(child, here);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

export default fp(
  async function jsonBody(app: FastifyInstance) {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = body as string;
      if (text === '') return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
      try {
        const parsed: unknown = secureJson.parse(text, undefined, REFUSE);
        return nestsDeeperThan(parsed, MAX_JSON_DEPTH) ? done(tooDeep(), undefined) : done(null, parsed);
      } catch {
        // Syntax, or a refused key: only the failure pays for telling them apart.
      }
      let plain: unknown;
      try {
        plain = JSON.parse(text);
      } catch {
        return done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      }
      if (nestsDeeperThan(plain, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
      const path = prototypeKeyPath(plain) ?? '';
      const key = path.endsWith('prototype') ? 'constructor.prototype' : '__proto__';
      done(
        validationFailed('body', [
          { path, code: 'forbidden_key', message: `a "${key}" key is refused (it could reach a prototype)` },
        ]),
        undefined,
      );
    });
  },
  { name: 'json-body' },
);
