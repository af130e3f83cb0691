/** The OpenAPI document the API serves at /docs/json, and the docs UI. Built from the routes alone: no Temporal. */
import { SHIPPED_CASE_TYPES } from '../../workflows/case-types';
import { call, roster } from '../support/api-harness';
import { routeAppSuite } from '../support/route-app';

const h = routeAppSuite();

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
    'compensations/{compensationId}/recheck',
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
      ['get', '/v1/managers'],
      ['get', '/v1/me'],
      ['get', '/v1/case-types'],
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
        // Who am I and the case types answer every principal from the roster and the app alone: nothing to
        // forbid, no Temporal to miss.
        if (['/v1/me', '/v1/case-types'].includes(path) && (status === '403' || status === '503')) continue;
        // The managers list is the roster's: no Temporal to miss either (only supervisors and the head read it).
        if (path === '/v1/managers' && status === '503') continue;
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
      'compensations/{compensationId}/recheck',
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
    // The case read and every action but approve/reject/recheck, which need a compensation id: linked from a proposal.
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

  test('/docs serves the browsable UI', async () => {
    const res = await h.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await h.app.inject({ url: res.headers.location as string }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });
});
