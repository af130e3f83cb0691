/**
 * What the bad-input properties share (bad-input.test.ts on a real Temporal, bad-input-routes.test.ts and
 * bad-input-paths-and-headers.test.ts on the route app): the requests they build, the checks every answer
 * passes, and the generators of garbage. The oracle is test/api/request-model.ts (API.md restated), not the
 * API's own schemas.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { call, type Call } from '../support/api-harness';
import { errorBodyProblems, OpenApiContract } from './openapi-contract';
import { ACTION_BODIES, CASE_TYPES, openCaseSpec } from './request-model';
import { isValid } from './request-rules';
import { validArb } from './request-valid-values';

const FACTOR = Number(process.env.FC_RUNS_FACTOR ?? 1);
/** `n` runs (times FC_RUNS_FACTOR), with FC_SEED and FC_PATH when set. */
export const runs = (n: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(n * FACTOR)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});

export const MISSING_CASE = 'case-none-0000000000';
const actorFor = (action: string) => (action === 'rate' ? 'app' : 'sup-zheng');
const actionPath = (action: string) =>
  `/v1/cases/{id}/${action.replace('compensations/c1/', 'compensations/{compensationId}/')}`;

export interface Request {
  method: 'GET' | 'POST';
  /** The documented path of the operation, e.g. /v1/cases/{id}. */
  route: string;
  url: string;
  principal: string | null;
  /** A JSON value sent as application/json (undefined: no body). */
  json?: unknown;
  headers?: Record<string, string>;
}

/**
 * The file's `send`: a request to `app()`, checked for what holds for every answer: no 5xx, the error shape, the
 * OpenAPI document (loaded from the app in `beforeAll`).
 */
export function contractSender(app: () => FastifyInstance): (r: Request) => Promise<Call> {
  let contract: OpenApiContract;
  beforeAll(async () => {
    contract = await OpenApiContract.load(app());
  });
  return async (r) => {
    const headers = { ...(r.json === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers };
    const res = await call(
      app(),
      r.principal,
      r.method,
      r.url,
      r.json === undefined ? undefined : JSON.stringify(r.json),
      headers,
    );
    const problems = [
      ...(res.status >= 500 ? [`server error ${res.status}`] : []),
      ...(res.status >= 400 ? errorBodyProblems(res) : []),
      ...contract.problems(r.method, r.route, res),
    ];
    expect({ request: `${r.method} ${r.url}`, status: res.status, body: res.body, problems }).toEqual({
      request: `${r.method} ${r.url}`,
      status: res.status,
      body: res.body,
      problems: [],
    });
    return res;
  };
}

/** A 400 whose issues in `part` name `path` or a field inside it ("" names the part itself: unknown fields). */
export function expectValidationFailed(res: Call, part: string, path: string) {
  expect({ status: res.status, in: res.body?.details?.in }).toEqual({ status: 400, in: part });
  const paths = (res.body.details.issues as { path: string }[]).map((i) => i.path);
  const named = paths.some((p) => p === path || (path !== '' && p.startsWith(`${path}.`)));
  expect({ path, paths, named }).toEqual({ path, paths, named: true });
}

/** Arbitrary JSON, and objects shaped like the body with garbage inside. */
export const garbageFor = (keys: string[]) =>
  fc.oneof(
    fc.jsonValue(),
    fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue()])), { requiredKeys: [] }),
  );

// ---------------------------------------------------------------- POST /v1/cases

export const isValidOpenBody = (v: unknown) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { type, ...rest } = v as Record<string, unknown>;
  return typeof type === 'string' && CASE_TYPES.includes(type) && isValid(openCaseSpec(type), rest);
};

export const openRequest = (json: unknown, headers?: Record<string, string>): Request => ({
  method: 'POST',
  route: '/v1/cases',
  url: '/v1/cases',
  principal: 'app',
  json,
  headers,
});

// ---------------------------------------------------------------- POST /v1/cases/{id}/{action}

export const actionRequest = (
  action: string,
  json: unknown,
  caseId = MISSING_CASE,
  headers?: Record<string, string>,
): Request => ({
  method: 'POST',
  route: actionPath(action),
  url: `/v1/cases/${caseId}/${action}`,
  principal: actorFor(action),
  json,
  headers,
});
export const validAction = (action: string) =>
  fc.oneof(...ACTION_BODIES[action]!.map((spec) => validArb(spec)));
export const isValidAction = (action: string, v: unknown) =>
  ACTION_BODIES[action]!.some((spec) => isValid(spec, v));
export const ACTIONS = Object.keys(ACTION_BODIES);

// ---------------------------------------------------------------- GET /v1/cases

export type Query = Record<string, string>;
export const listRequest = (query: Query | string): Request => ({
  method: 'GET',
  route: '/v1/cases',
  url: `/v1/cases?${typeof query === 'string' ? query : new URLSearchParams(query).toString()}`,
  principal: 'sup-zheng',
});

// ---------------------------------------------------------------- path parameters

/** Strings a client might put in a path segment (a lone '.' or '..' is left to URL normalisation). */
export const segment = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,140}$/),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.constantFrom("x' OR 1=1", 'a/b', 'a?b', 'a#b', '%', ' ', 'case-ä', 'x'.repeat(129), 'x'.repeat(600)),
  )
  .filter((s) => s !== '.' && s !== '..');

/** GET /v1/cases/{id}. */
export const caseRequest = (id: string): Request => ({
  method: 'GET',
  route: '/v1/cases/{id}',
  url: `/v1/cases/${encodeURIComponent(id)}`,
  principal: 'eng-1',
});

/** POST .../compensations/{compensationId}/approve on the missing case. */
export const approveRequest = (compensationId: string): Request => ({
  method: 'POST',
  route: '/v1/cases/{id}/compensations/{compensationId}/approve',
  url: `/v1/cases/${MISSING_CASE}/compensations/${encodeURIComponent(compensationId)}/approve`,
  principal: 'sup-zheng',
  json: {},
});

/** GET /v1/managers/{id}/queue as the head. */
export const queueRequest = (managerId: string): Request => ({
  method: 'GET',
  route: '/v1/managers/{id}/queue',
  url: `/v1/managers/${encodeURIComponent(managerId)}/queue`,
  principal: 'head-dai',
});
