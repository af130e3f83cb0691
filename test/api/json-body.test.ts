/**
 * A JSON body with a key that could reach a prototype (`__proto__`, `constructor.prototype`) is refused as
 * what it is: a 400 validation_failed naming the key and where it sits, not "not valid JSON". Broken JSON and an
 * empty body keep their own answers; so does a body nested deeper than any request needs (a 400, never the 500 of
 * a stack overflow). Nothing reaches Temporal (the route app refuses every call to it).
 */
import { MAX_JSON_DEPTH, nestsDeeperThan, prototypeKeyPath } from '../../api/plugins/json-body';
import { call, conciergeBody } from '../support/api-harness';
import { routeAppSuite } from '../support/route-app';

const h = routeAppSuite();
const JSON_HEADERS = { 'content-type': 'application/json' };

/** The concierge body as text, with `insert` spliced in just inside its closing brace. */
function withKey(insert: string): string {
  const json = JSON.stringify(conciergeBody());
  return `${json.slice(0, -1)},${insert}}`;
}

test.each([
  ['a top-level __proto__', withKey('"__proto__":{"isAdmin":true}'), '__proto__', '__proto__'],
  [
    'a nested __proto__',
    JSON.stringify(conciergeBody()).replace('"member":{', '"member":{"__proto__":{"tier":"apass_top"},'),
    'member.__proto__',
    '__proto__',
  ],
  [
    'a constructor.prototype',
    withKey('"details":{"constructor":{"prototype":{"x":1}}}'),
    'details.constructor.prototype',
    'constructor.prototype',
  ],
])('%s is a 400 naming the key and its path', async (_what, payload, path, key) => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', payload, JSON_HEADERS);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: 'validation_failed',
    message: `Invalid body.${path}: a "${key}" key is refused (it could reach a prototype)`,
    details: { in: 'body', issues: [{ path, code: 'forbidden_key', message: expect.any(String) }] },
  });
});

test('broken JSON and an empty body keep their answers', async () => {
  const broken = await call(h.app, 'app', 'POST', '/v1/cases', '{"type":', JSON_HEADERS);
  const empty = await call(h.app, 'app', 'POST', '/v1/cases', '', JSON_HEADERS);
  expect([broken.status, broken.body.error, broken.body.message]).toEqual([
    400,
    'validation_failed',
    expect.stringMatching(/not valid JSON/),
  ]);
  expect([empty.status, empty.body.error, empty.body.message]).toEqual([
    400,
    'validation_failed',
    expect.stringMatching(/cannot be empty/),
  ]);
});

test('a "constructor" key that holds no prototype is an ordinary key', () => {
  expect(prototypeKeyPath(JSON.parse('{"a":{"constructor":"Acme Ltd"}}'))).toBeUndefined();
  expect(prototypeKeyPath(JSON.parse('{"a":[{"b":1},{"__proto__":1}]}'))).toBe('a.1.__proto__');
});

/** `{"x":{"x":…{"x":1}…}}`, `levels` objects deep. */
const nested = (levels: number, leaf = '1') => `${'{"x":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;

test.each([
  ['deeply nested details', withKey(`"deep":${nested(10_000)}`)],
  ['deeply nested with a __proto__ at the bottom', withKey(`"deep":${nested(10_000, '{"__proto__":1}')}`)],
])('%s: 400 validation_failed too_deep', async (_what, payload) => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', payload, JSON_HEADERS);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: 'validation_failed',
    message: `Invalid body: the JSON body nests more than ${MAX_JSON_DEPTH} levels deep`,
    details: { in: 'body', issues: [{ path: '', code: 'too_deep', message: expect.any(String) }] },
  });
});

test('nestsDeeperThan counts objects and arrays, at the limit and one past it', () => {
  expect(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
  expect(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH)).toBe(true);
  expect(nestsDeeperThan([[[1]]], 3)).toBe(false);
  expect(nestsDeeperThan([[[[]]]], 3)).toBe(true);
  expect(nestsDeeperThan('text', 0)).toBe(false);
});
