/**
 * The API's JSON body parser: Fastify's own (secure-json-parse, refusing `__proto__` and `constructor.prototype`
 * keys, which could reach an object's prototype), but a refused key is answered as what it is, a 400 naming the
 * key and where it is, rather than as "not valid JSON", which sends the caller looking for a syntax error.
 */
import type { FastifyInstance } from 'fastify';
import { errorCodes } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { validationFailed } from '../errors';

const REFUSE = { protoAction: 'error', constructorAction: 'error' } as const;

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
        return done(null, secureJson.parse(text, undefined, REFUSE));
      } catch {
        // Syntax, or a refused key: only the failure pays for telling them apart.
      }
      let plain: unknown;
      try {
        plain = JSON.parse(text);
      } catch {
        return done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      }
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
