/**
 * The codec endpoint (API.md, "Codec endpoint"): the Temporal Web UI decodes payloads through POST /codec/decode,
 * which only engineers, supervisors and the head may call (bearer token, or the codec session cookie the UI sends
 * with "Include cross-origin credentials"); CORS admits the configured UI's origin with credentials.
 */
import type { Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../api/routes/codec-session';
import { call, conciergeBody, harnessSuite, openCase, TEMPORAL_UI } from '../support/api-harness';
import { token } from '../support/tokens';

const h = harnessSuite();

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data ?? new Uint8Array()),
});
const meta = (p: { metadata: Record<string, string> }, key: string) =>
  p.metadata[key] === undefined ? undefined : Buffer.from(p.metadata[key], 'base64').toString('utf8');
const data = (p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8');

const name = `Zhao Yunlan ${randomBytes(3).toString('hex')}`;
/** The start input of a case opened through the API, as stored in Temporal (sealed). */
let sealed: ReturnType<typeof toJson>;

beforeAll(async () => {
  const body = conciergeBody();
  body.member.name = name;
  const opened = await openCase(h.app, body);
  const history = await h.env.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: opened.id },
  });
  const start = history.history!.events![0]!.workflowExecutionStartedEventAttributes!;
  sealed = toJson(start.input!.payloads![0]! as Payload);
});

const decode = (principal: string | null, payloads: unknown[], headers: Record<string, string> = {}) =>
  call(h.app, principal, 'POST', '/codec/decode', { payloads }, headers);

test('what the API writes to Temporal is sealed: no member name in the stored start input', () => {
  expect(meta(sealed, 'encoding')).toBe('binary/encrypted');
  expect(meta(sealed, 'encryption-key-id')).toBe('test-2');
  expect(Buffer.from(sealed.data, 'base64').includes(name)).toBe(false);
});

test.each(['eng-1', 'sup-zheng', 'head-dai'])('%s decodes it (200, readable JSON)', async (principal) => {
  const res = await decode(principal, [sealed], { 'x-namespace': 'default' });
  expect(res.status).toBe(200);
  expect(res.body.payloads).toHaveLength(1);
  const [payload] = res.body.payloads;
  expect(meta(payload, 'encoding')).toBe('json/plain');
  expect(meta(payload, 'concierge-sealed')).toBeUndefined();
  expect(JSON.parse(data(payload)).open.member.name).toBe(name);
});

test.each([
  ['mgr-xinyao', 403, 'forbidden'],
  ['app', 403, 'forbidden'],
  [null, 401, 'unauthenticated'],
])('%s may not (%i)', async (principal, status, error) => {
  for (const url of ['/codec/decode', '/codec/encode']) {
    const res = await call(h.app, principal, 'POST', url, { payloads: [sealed] });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, message: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain(name);
  }
});

test('a bad bearer token is 401, even with a valid session cookie', async () => {
  const session = await call(h.app, 'eng-1', 'POST', '/codec/session');
  const cookie = String(session.headers['set-cookie']).split(';')[0]!;
  const res = await decode(null, [sealed], { authorization: 'Bearer nope', cookie });
  expect(res.status).toBe(401);
});

test('payloads it cannot open come back as they were sent; encode never seals', async () => {
  const plain = { metadata: { encoding: b64('json/plain') }, data: b64('{"a":1}') };
  const garbage = {
    metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('test-2') },
    data: b64(randomBytes(60)),
  };
  const unknownKey = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': b64('rogue') } };
  const res = await decode('eng-1', [plain, garbage, unknownKey, { metadata: {} }]);
  expect(res.status).toBe(200);
  expect(res.body.payloads).toEqual([plain, garbage, unknownKey, { metadata: {} }]);

  const encoded = await call(h.app, 'head-dai', 'POST', '/codec/encode', { payloads: [plain] });
  expect(encoded.status).toBe(200);
  expect(encoded.body.payloads).toEqual([plain]);
});

test('no payloads is `{}` in protobuf JSON (the Temporal CLI sends it), or no body: answered in kind', async () => {
  for (const body of [{}, undefined]) {
    const res = await call(h.app, 'eng-1', 'POST', '/codec/encode', body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ payloads: [] });
  }
});

test('a payload field named __proto__ is dropped, not refused; the other unknown fields pass through', async () => {
  const plain = { metadata: { encoding: b64('json/plain') }, data: b64('{}') };
  const raw = `{"payloads":[{"metadata":{"encoding":"${plain.metadata.encoding}"},"data":"${plain.data}",\
"extra":{"x":1},"__proto__":{"polluted":true}}]}`;
  for (const path of ['/codec/encode', '/codec/decode']) {
    const res = await call(h.app, 'eng-1', 'POST', path, raw, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual([{ ...plain, extra: { x: 1 } }]);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // Not JSON at all is still a 400.
  const bad = await call(h.app, 'eng-1', 'POST', '/codec/decode', '{"payloads":', {
    'content-type': 'application/json',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe('validation_failed');
});

test('a body that is not codec JSON is 400 validation_failed', async () => {
  for (const body of [{ payloads: 'x' }, { payloads: [], extra: 1 }, { payloads: [{ data: 7 }] }]) {
    const res = await call(h.app, 'eng-1', 'POST', '/codec/decode', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  }
});

test('CORS: the Temporal UI origin may call it with credentials and the Authorization header; others may not', async () => {
  const preflight = (origin: string) =>
    h.app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
  const ok = await preflight(TEMPORAL_UI);
  expect(ok.statusCode).toBe(204);
  expect(ok.headers['access-control-allow-origin']).toBe(TEMPORAL_UI);
  expect(ok.headers['access-control-allow-credentials']).toBe('true');
  expect(String(ok.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
  expect(String(ok.headers['access-control-allow-methods'])).toContain('POST');

  const other = await preflight('https://evil.example');
  expect(other.headers['access-control-allow-origin']).toBeUndefined();

  const actual = await decode('eng-1', [sealed], { origin: TEMPORAL_UI });
  expect(actual.status).toBe(200);
  expect(actual.headers['access-control-allow-origin']).toBe(TEMPORAL_UI);
  expect(actual.headers['access-control-allow-credentials']).toBe('true');
});

describe('the codec session (what the Web UI sends with "Include cross-origin credentials")', () => {
  const cookieOf = (res: { headers: Record<string, unknown> }) =>
    String(res.headers['set-cookie']).split(';')[0]!;

  test('an engineer signs in with the bearer token and the UI then decodes with the cookie alone', async () => {
    const session = await call(h.app, 'eng-1', 'POST', '/codec/session');
    expect(session.status).toBe(200);
    expect(session.body.principal).toEqual({ id: 'eng-1', role: 'engineer' });
    const setCookie = String(session.headers['set-cookie']);
    // Secure even on plain-HTTP loopback (as a TLS-ending proxy's request looks): browsers take it from localhost.
    expect(setCookie).toBe(
      `${SESSION_COOKIE}=${cookieOf(session).split('=')[1]}; Path=/codec; Max-Age=28800; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(SESSION_COOKIE.startsWith('__Secure-')).toBe(true);

    const res = await decode(null, [sealed], { cookie: cookieOf(session), origin: TEMPORAL_UI });
    expect(res.status).toBe(200);
    expect(JSON.parse(data(res.body.payloads[0])).open.member.name).toBe(name);
  });

  test('the sign-in form (GET, then a form post of the token) sets the same cookie', async () => {
    const form = await h.app.inject({ method: 'GET', url: '/codec/session' });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.body).toContain('<form method="post" action="/codec/session">');

    const posted = await h.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token('sup-zheng')}`,
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain('Signed in as sup-zheng');
    const res = await decode(null, [sealed], { cookie: cookieOf({ headers: posted.headers }) });
    expect(res.status).toBe(200);
  });

  test("a sign-in posted from another site's page is refused (403), from the API's own page it is taken", async () => {
    const post = (headers: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: '/codec/session',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          host: 'api.example:3000',
          ...headers,
        },
        payload: `token=${token('eng-1')}`,
      });
    const refused: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' },
      { 'sec-fetch-site': 'same-site', origin: 'http://ui.api.example:3000' },
      { origin: 'https://attacker.example' },
      { origin: 'null' },
      { origin: 'http://api.example:3001' },
    ];
    for (const headers of refused) {
      const res = await post(headers);
      expect([headers, res.statusCode, res.json().error]).toEqual([headers, 403, 'forbidden']);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // The sign-in page's own post (a browser sends "null" under the page's no-referrer policy), and a script.
    const own: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', origin: 'null' },
      { origin: 'http://api.example:3000' },
      {},
    ];
    for (const headers of own) {
      const taken = await post(headers);
      expect([headers, taken.statusCode]).toEqual([headers, 200]);
      expect(taken.headers['set-cookie']).toBeDefined();
    }
  });

  test('a manager gets no session (403); a forged or altered cookie is 401; signing out clears it', async () => {
    expect((await call(h.app, 'mgr-xinyao', 'POST', '/codec/session')).status).toBe(403);
    const session = await call(h.app, 'head-dai', 'POST', '/codec/session');
    const cookie = cookieOf(session);
    const [body, mac] = cookie.split('=')[1]!.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'eng-1', exp: Date.now() + 1e9 })).toString(
      'base64url',
    );
    for (const bad of [`${forgedBody}.${mac}`, `${body}.${mac!.slice(0, -2)}AA`, 'garbage']) {
      const res = await decode(null, [sealed], { cookie: `${SESSION_COOKIE}=${bad}` });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('unauthenticated');
    }
    const out = await h.app.inject({ method: 'DELETE', url: '/codec/session' });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toEqual(
      ['/codec', '/codec/decode', '/codec/encode'].map(
        (path) => `${SESSION_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict; Secure`,
      ),
    );
  });

  test("a second session cookie beside the engineer's own (planted by a sibling page) is 401: which is whose cannot be told", async () => {
    const own = cookieOf(await call(h.app, 'eng-1', 'POST', '/codec/session'));
    const other = cookieOf(await call(h.app, 'head-dai', 'POST', '/codec/session'));
    expect((await decode(null, [sealed], { cookie: own })).status).toBe(200);
    const res = await decode(null, [sealed], { cookie: `${other}; ${own}` });
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('More than one codec session cookie');
    // A bearer token needs no cookie: it still decodes.
    expect((await decode('eng-1', [sealed], { cookie: `${other}; ${own}` })).status).toBe(200);
  });
});

test('a payload nested deeper than any payload needs is a 400, never a 500', async () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const body = `{"payloads":[{"data":"","x":${deep}}]}`;
  for (const url of ['/codec/decode', '/codec/encode']) {
    const res = await call(h.app, 'eng-1', 'POST', url, body, { 'content-type': 'application/json' });
    expect([url, res.status, res.body.error]).toEqual([url, 400, 'validation_failed']);
    expect(res.body.details.issues).toEqual([{ path: '', code: 'too_deep', message: expect.any(String) }]);
  }
});
