/**
 * The service around the routes: /healthz, 503 when Temporal is gone, what is served against the OpenAPI document,
 * request logs. The document itself, which needs no Temporal: openapi.test.ts.
 */
import { Client, Connection } from '@temporalio/client';
import Ajv from 'ajv';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import {
  call,
  conciergeBody,
  harnessSuite,
  openCase,
  policy,
  roster,
  TEMPORAL_UI,
} from '../support/api-harness';
import { capturedLogs } from '../support/captured-logs';
import { eventually } from '../support/eventually';
import { freePort } from '../support/ports';

const h = harnessSuite();

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

describe('OpenAPI: what is served matches the document (the document itself: openapi.test.ts)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    const res = await call(h.app, null, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    doc = res.body;
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
    // visibility is eventually consistent: the case just opened is listed a moment later
    const page = await eventually('the new case to be listed', async () => {
      const res = await call(h.app, 'eng-1', 'GET', '/v1/cases?pageSize=5');
      return res.body.items?.length > 0 ? res : undefined;
    });
    expect(validateList(page.body)).toBe(true);

    // The documented CaseView is strict: an unknown field would not validate, so the check above has teeth.
    const validateView = ajv.compile({ $ref: 'openapi#/components/schemas/CaseView' });
    expect(validateView({ ...view, surprise: true })).toBe(false);
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
});

describe('request logs', () => {
  test('carry the request id (taken from x-request-id when sane) and, on case routes, the caseId', async () => {
    const { lines, logger } = capturedLogs();
    const app = await buildApp({
      client: h.env.client,
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      logger,
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
