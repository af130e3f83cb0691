/**
 * Size limits (body, headers, URL, query values) and unknown fields, over real HTTP where Node's own parser is
 * the one refusing: every refusal is a 4xx with the contract's error body, and what the document says is closed is.
 */
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { BODY_LIMIT } from '../../api/app';
import { call, contractError, paddedJson } from '../support/api-harness';
import { conciergeBody } from '../support/case-fixtures';
import { routeAppSuite } from '../support/route-app';
import { bearer } from '../support/tokens';

// No dev server: nothing here reaches Temporal. That a body of exactly the limit opens a case: open.test.ts.
const h = routeAppSuite();
let port: number;
beforeAll(async () => {
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as AddressInfo).port;
});

const SUPERVISOR = bearer('sup-zheng');

/** One request over a real socket (so Node's HTTP parser and its limits are in play). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, headers: { connection: 'close', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
}

describe('body size: 64 KiB', () => {
  test('a body one byte over 64 KiB is 413 validation_failed', async () => {
    expect(BODY_LIMIT).toBe(64 * 1024);
    const headers = { 'content-type': 'application/json' };
    const over = await call(
      h.app,
      'app',
      'POST',
      '/v1/cases',
      paddedJson(conciergeBody(), BODY_LIMIT + 1),
      headers,
    );
    expect(over.status).toBe(413);
    expect(over.body).toEqual(contractError('validation_failed'));
  });

  test('an action body over the limit is 413 too, before the case is looked up', async () => {
    const res = await call(h.app, 'sup-zheng', 'POST', '/v1/cases/case-none/notes', {
      text: 'x'.repeat(BODY_LIMIT),
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(contractError('validation_failed'));
  });
});

describe('headers and URL: 16 KiB (Node), answered in the contract shape', () => {
  test('headers over 16 KiB are 431 validation_failed', async () => {
    const res = await raw('/v1/cases', { authorization: SUPERVISOR, 'x-padding': 'p'.repeat(17 * 1024) });
    expect(res).toEqual({ status: 431, body: contractError('validation_failed') });
  });

  test('a URL over 16 KiB is 431 validation_failed; a long one within the limit is validated as usual', async () => {
    const long = await raw(`/v1/cases/${'x'.repeat(17 * 1024)}`, { authorization: SUPERVISOR });
    expect(long).toEqual({ status: 431, body: contractError('validation_failed') });
    // 8 KiB of id: reaches validation (an id is at most 128 characters), not "no route".
    const res = await raw(`/v1/cases/${'x'.repeat(8 * 1024)}`, { authorization: SUPERVISOR });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', details: { in: 'params' } });
  });

  test('a page token is at most 4000 characters', async () => {
    const res = await raw(`/v1/cases?pageToken=${'A'.repeat(4001)}`, { authorization: SUPERVISOR });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      details: { in: 'querystring', issues: [expect.objectContaining({ path: 'pageToken' })] },
    });
  });
});

describe('unknown fields are refused everywhere, and documented as such', () => {
  test.each([
    ['GET', '/v1/cases?colour=red'],
    ['GET', '/v1/cases/case-none?expand=timeline'],
    ['GET', '/v1/managers/mgr-lin/queue?limit=5'],
    ['POST', '/v1/cases/case-none/callback?force=true'],
  ] as const)('%s %s is 400 naming the query string', async (method, url) => {
    const res = await call(h.app, 'sup-zheng', method, url, method === 'POST' ? {} : undefined);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', details: { in: 'querystring' } });
    expect(res.body.message).toMatch(/unrecognized key/i);
  });

  test('every object of every documented request body is closed (additionalProperties: false)', async () => {
    const doc = (await call(h.app, null, 'GET', '/docs/json')).body;
    const open: string[] = [];
    const seen = new Set<unknown>();
    const visit = (schema: Record<string, unknown> | undefined, where: string): void => {
      if (!schema || seen.has(schema)) return;
      seen.add(schema);
      if (typeof schema.$ref === 'string') {
        visit(doc.components.schemas[schema.$ref.split('/').pop()!], schema.$ref);
        return;
      }
      if (schema.type === 'object' && schema.additionalProperties !== false) open.push(where);
      for (const [k, sub] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      ))
        visit(sub, `${where}.${k}`);
      for (const key of ['oneOf', 'anyOf', 'allOf'] as const)
        ((schema[key] ?? []) as Record<string, unknown>[]).forEach((s, i) =>
          visit(s, `${where}.${key}[${i}]`),
        );
      visit(schema.items as Record<string, unknown> | undefined, `${where}[]`);
    };
    let bodies = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema) bodies += 1;
        visit(schema, `${method} ${path}`);
      }
    }
    expect(bodies).toBe(18); // opening, the 15 actions, and the codec endpoint's decode and encode
    // The codec endpoint relays Temporal's payloads: their metadata is a map, and a payload's fields that this
    // API does not know (newer Temporal versions) must pass through untouched rather than be refused.
    expect(open).toEqual([
      '#/components/schemas/CodecPayloadInput',
      '#/components/schemas/CodecPayloadInput.metadata',
    ]);
  });
});
