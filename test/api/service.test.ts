/** The service around the routes: /healthz, 503 when Temporal is gone, the OpenAPI document, request logs. */
import { Client, Connection } from '@temporalio/client';
import Ajv from 'ajv';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../../api/app';
import { freePort } from '../../platform/free-port';
import { SHIPPED_CASE_TYPES } from '../../workflows/case-types';
import {
  call,
  conciergeBody,
  openCase,
  policy,
  roster,
  startHarness,
  TEMPORAL_UI,
  type Harness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /healthz', () => {
  test('200 {"status":"ok"} when Temporal answers; no token needed', async () => {
    const res = await call(h.app, null, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('Temporal unreachable', () => {
  let connection: Connection;
  let app: FastifyInstance;
  beforeAll(async () => {
    connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    app = await buildApp({
      client: new Client({ connection, namespace: 'default' }),
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      temporalCallTimeoutMs: 1_000,
    });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
  });

  test('/healthz is 503 unavailable, and says no more: no address, no error details', async () => {
    const res = await call(app, null, 'GET', '/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'unavailable', message: 'Temporal is unreachable' });
  });

  test.each([
    ['GET', '/v1/cases/case-anything', undefined],
    ['GET', '/v1/cases', undefined],
    ['GET', '/v1/managers/mgr-lin/queue', undefined],
    // a member of the dev directory (a supervisor names the member; the directory is not Temporal)
    ['POST', '/v1/cases', { ...conciergeBody(), member: { id: 'm-1041' } }],
    ['POST', '/v1/cases/case-anything/escalate', { reason: 'r' }],
  ] as const)('%s %s is 503 unavailable', async (method, url, body) => {
    const res = await call(app, 'sup-zheng', method, url, body);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'unavailable', message: expect.any(String) });
  });

  test('opening says the case was NOT opened (nothing reached Temporal), so opening it again is safe', async () => {
    const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody());
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/^The case was NOT opened: .*Opening it again is safe$/);
  });

  test('requests that never reach Temporal still answer as usual', async () => {
    expect((await call(app, null, 'GET', '/v1/cases')).status).toBe(401);
    expect((await call(app, 'eng-1', 'POST', '/v1/cases', conciergeBody())).status).toBe(403);
    expect((await call(app, 'app', 'POST', '/v1/cases', {})).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    const res = await call(h.app, null, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  const ACTIONS = [
    'callback',
    'notes',
    'wait',
    'resume',
    'third-party-response',
    'compensations',
    'compensations/{compensationId}/approve',
    'compensations/{compensationId}/reject',
    'escalate',
    'reassign',
    'resolve',
    'reopen',
    'rate',
    'cancel',
  ];
  const operations = (): [string, string][] =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m): [string, string] => [m, path]),
    );

  test('lists every route and method, and nothing else', () => {
    const expected = [
      ['get', '/healthz'],
      ['post', '/v1/cases'],
      ['get', '/v1/cases'],
      ['get', '/v1/cases/{id}'],
      ['get', '/v1/managers/{id}/queue'],
      ['get', '/v1/me'],
      ['post', '/codec/decode'],
      ['post', '/codec/encode'],
      ...ACTIONS.map((a) => ['post', `/v1/cases/{id}/${a}`]),
    ];
    expect(operations().sort()).toEqual(expected.sort());
    expect(doc.openapi).toMatch(/^3\./);
  });

  test('every /v1 operation needs the bearer scheme and documents 400, 401, 403 and 503 with their error bodies', () => {
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    for (const [method, path] of operations().filter(([, p]) => p.startsWith('/v1/'))) {
      const op = doc.paths[path][method];
      expect({ path, method, security: op.security }).toEqual({
        path,
        method,
        security: [{ bearerAuth: [] }],
      });
      for (const [status, component] of [
        ['400', 'ValidationError'],
        ['401', 'UnauthenticatedError'],
        ['403', 'ForbiddenError'],
        ['503', 'UnavailableError'],
      ] as const) {
        // Who am I answers every principal from the roster alone: nothing to forbid, no Temporal to miss.
        if (path === '/v1/me' && (status === '403' || status === '503')) continue;
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        expect({ path, method, status, ref: schema?.allOf?.[0]?.$ref }).toEqual({
          path,
          method,
          status,
          ref: `#/components/schemas/${component}`,
        });
      }
    }
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
  });

  test('each action documents its body, the case view, and 404, 409, 422', () => {
    for (const action of ACTIONS) {
      const op = doc.paths[`/v1/cases/{id}/${action}`].post;
      const body = op.requestBody.content['application/json'].schema;
      expect(body.type ?? body.oneOf.map((b: { type: string }) => b.type)[0]).toBe('object');
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/CaseView',
      );
      for (const status of ['404', '409', '413', '415', '422']) expect(op.responses[status]).toBeDefined();
    }
    const open = doc.paths['/v1/cases'].post;
    expect(Object.keys(open.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '409', '413', '415']),
    );
    expect(open.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]),
    );
  });

  test('what the API serves matches the documented schemas', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(doc, 'openapi');
    const check = (component: string, value: unknown) => {
      const validate = ajv.compile({ $ref: `openapi#/components/schemas/${component}` });
      expect({ component, valid: validate(value), errors: validate.errors ?? null }).toEqual({
        component,
        valid: true,
        errors: null,
      });
    };
    const view = await openCase(h.app, conciergeBody());
    check('CaseView', view);
    const acted = await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${view.id}/callback`, {});
    check('CaseView', acted.body);
    check('Error', (await call(h.app, 'sup-zheng', 'GET', '/v1/cases/case-missing')).body);

    const validateList = ajv.compile({
      $ref: 'openapi#/paths/~1v1~1cases/get/responses/200/content/application~1json/schema',
    });
    const page = await call(h.app, 'eng-1', 'GET', '/v1/cases?pageSize=5');
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(validateList(page.body)).toBe(true);

    // The documented CaseView is strict: an unknown field would not validate, so the check above has teeth.
    const validateView = ajv.compile({ $ref: 'openapi#/components/schemas/CaseView' });
    expect(validateView({ ...view, surprise: true })).toBe(false);
  });

  test('what the schemas cannot say is stated: roster managers, optional bodies, x-request-id, links', () => {
    const managers = roster.principals.filter((p) => p.role === 'manager').map((p) => p.id);
    const openCase = doc.components.schemas.OpenCaseInput.oneOf;
    expect(openCase).toHaveLength(SHIPPED_CASE_TYPES.length);
    for (const variant of openCase)
      expect(variant.properties.member.properties.managerId.enum).toEqual(managers);
    const reassign = doc.paths['/v1/cases/{id}/reassign'].post.requestBody.content['application/json'].schema;
    expect(reassign.properties.managerId.enum).toEqual(managers);

    const optionalBodies = operations()
      .filter(([m, p]) => doc.paths[p][m].requestBody?.required === false)
      .map(([, p]) => p.replace('/v1/cases/{id}/', ''));
    expect(optionalBodies.sort()).toEqual([
      '/codec/decode',
      '/codec/encode',
      'callback',
      'compensations/{compensationId}/approve',
      'resume',
    ]);

    for (const [method, path] of operations()) {
      for (const [status, response] of Object.entries(doc.paths[path][method].responses)) {
        expect({ method, path, status, header: (response as { headers?: object }).headers }).toEqual({
          method,
          path,
          status,
          header: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
        });
      }
    }

    const links = doc.paths['/v1/cases'].post.responses['201'].links;
    // The case read and every action but approve/reject, which need a compensation id: linked from a proposal.
    expect(Object.keys(links)).toHaveLength(13);
    expect(
      doc.paths['/v1/cases/{id}/compensations'].post.responses['200'].links['post-compensations-approve'],
    ).toEqual({
      operationRef: '#/paths/~1v1~1cases~1{id}~1compensations~1{compensationId}~1approve/post',
      parameters: { id: '$response.body#/id', compensationId: '$response.body#/compensations/0/id' },
    });
    expect(links['post-callback']).toEqual({
      operationRef: '#/paths/~1v1~1cases~1{id}~1callback/post',
      parameters: { id: '$response.body#/id' },
    });
  });

  test('an action whose body is documented optional is served without one; a JSON null is still a 400', async () => {
    const { id } = await openCase(h.app, conciergeBody());
    expect((await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${id}/callback`)).status).toBe(200);
    const nullBody = await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${id}/resume`, 'null', {
      'content-type': 'application/json',
    });
    expect(nullBody.status).toBe(400);
    expect(nullBody.body.details.in).toBe('body');
  });

  test('/docs serves the browsable UI', async () => {
    const res = await h.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await h.app.inject({ url: res.headers.location as string }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });
});

describe('request logs', () => {
  test('carry the request id (taken from x-request-id when sane) and, on case routes, the caseId', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await buildApp({
      client: h.env.client,
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      logger: pino({ level: 'info' }, sink),
    });
    try {
      const { id } = await openCase(h.app, conciergeBody());
      const res = await call(app, 'sup-zheng', 'GET', `/v1/cases/${id}`, undefined, {
        'x-request-id': 'trace-abc.123',
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('trace-abc.123');
      const done = lines.find((l) => l.reqId === 'trace-abc.123' && l.msg === 'request completed');
      expect(done).toMatchObject({ caseId: id, res: { statusCode: 200 } });

      const opened = await call(app, 'app', 'POST', '/v1/cases', conciergeBody(), {
        'x-request-id': 'open-1',
      });
      expect(lines.find((l) => l.reqId === 'open-1' && l.msg === 'case opened')).toMatchObject({
        caseId: opened.body.id,
      });

      const odd = await call(app, 'sup-zheng', 'GET', '/v1/cases?pageSize=1', undefined, {
        'x-request-id': 'bad id\u0007',
      });
      expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(lines)).not.toContain('dev-sup-zheng-token');
    } finally {
      await app.close();
    }
  });
});
