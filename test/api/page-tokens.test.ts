/**
 * GET /v1/cases's page tokens on a real Temporal: a forged or altered token is refused at once with 400
 * validation_failed (never sent to Temporal, which would retry it into a 503 after the call deadline); API
 * processes with the same key (PAGE_TOKEN_SECRET, or development's key in DATA_DIR) accept each other's tokens,
 * from the same Temporal store only (the id Temporal keeps for the namespace in its store). The format:
 * page-token-format.test.ts.
 */
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { caseQuery } from '../../api/cases/visibility';
import { PAGE_TOKEN_SECRET_FILE, startApiServer } from '../../api/server';
import { loadConfig } from '../../config/env';
import { freePort } from '../support/ports';
import {
  call,
  conciergeBody,
  openCase,
  policy,
  roster,
  startHarness,
  TEMPORAL_UI,
  uniqueMemberId,
  type Harness,
} from '../support/api-harness';
import { eventually } from '../support/eventually';
import { startDevServer, testDataConverter } from '../support/temporal';
import { unsentCall } from '../support/grpc-faults';

const SECRET = 'a-page-token-secret-of-at-least-32-characters';

describe('GET /v1/cases with page tokens, on a real Temporal', () => {
  let h: Harness;
  const memberId = uniqueMemberId('pages');
  const qs = `memberId=${memberId}&pageSize=1`;
  let first: { nextPageToken: string };
  const extra: FastifyInstance[] = [];
  let dir: string;

  /** An app with this secret, on the harness's Temporal or on `client`. */
  const app = (secret: string | undefined, client: Client = h.env.client) =>
    buildApp({
      client,
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      pageTokenSecret: secret,
    }).then((a) => (extra.push(a), a));

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'page-tokens-'));
    for (let i = 0; i < 3; i++) await openCase(h.app, conciergeBody({ memberId }));
    first = await eventually('the three cases to be listed', async () => {
      const res = await call(h.app, 'eng-1', 'GET', `/v1/cases?memberId=${memberId}`);
      expect(res.body.items).toHaveLength(3);
      return (await call(h.app, 'eng-1', 'GET', `/v1/cases?${qs}`)).body;
    });
    expect(first.nextPageToken).toEqual(expect.any(String));
  });
  afterAll(async () => {
    for (const a of extra) await a.close();
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const page = (a: FastifyInstance, token: string) =>
    call(a, 'eng-1', 'GET', `/v1/cases?${qs}&pageToken=${encodeURIComponent(token)}`);

  /** Refused by the API itself: 400 naming pageToken, and no list reached Temporal. */
  async function refusedAtOnce(token: string) {
    const lists = jest.spyOn(h.env.client.workflowService, 'listWorkflowExecutions');
    try {
      const res = await page(h.app, token);
      expect({ status: res.status, error: res.body.error, issues: res.body.details?.issues }).toEqual({
        status: 400,
        error: 'validation_failed',
        issues: [expect.objectContaining({ path: 'pageToken' })],
      });
      expect(lists).not.toHaveBeenCalled();
    } finally {
      lists.mockRestore();
    }
  }

  test('the issued token turns the page, its store asked once', async () => {
    const stores = jest.spyOn(h.env.client.workflowService, 'describeNamespace');
    try {
      const second = await page(h.app, first.nextPageToken);
      expect(second.status).toBe(200);
      expect(second.body.items).toHaveLength(1);
      expect(stores).toHaveBeenCalledTimes(1);
    } finally {
      stores.mockRestore();
    }
  });

  test('a token whose Temporal part was altered is 400 at once', async () => {
    const raw = Buffer.from(first.nextPageToken, 'base64url');
    const altered = Buffer.from(raw);
    altered[raw.length - 1] = altered[raw.length - 1]! ^ 0x5a;
    await refusedAtOnce(altered.toString('base64url'));
  });

  test('a token forged from the query alone (an unkeyed digest, garbage after it) is 400 at once', async () => {
    const digest = createHash('sha256').update(caseQuery({ memberId })).digest().subarray(0, 8);
    await refusedAtOnce(Buffer.concat([digest, Buffer.from('garbage-for-temporal')]).toString('base64url'));
    // the right version byte and length, an unkeyed digest where the MAC goes: only the MAC refuses it
    const full = createHash('sha256').update(caseQuery({ memberId })).digest();
    await refusedAtOnce(
      Buffer.concat([Buffer.of(1), full, Buffer.from('garbage-for-temporal')]).toString('base64url'),
    );
  });

  test('apps with the same secret accept each other’s tokens; another secret refuses them', async () => {
    const [a, b, c] = [await app(SECRET), await app(SECRET), await app(`${SECRET}-rotated`)];
    const fromA = (await call(a, 'eng-1', 'GET', `/v1/cases?${qs}`)).body.nextPageToken;
    expect((await page(b, fromA)).status).toBe(200);
    expect((await page(c, fromA)).status).toBe(400);
    // The harness app has a random key of its own.
    expect((await page(h.app, fromA)).status).toBe(400);
  });

  test('a store replaced behind a running API: its tokens are 400, never sent to the new store', async () => {
    // Another SQLite file, another cluster at the address, under the same PAGE_TOKEN_SECRET: the new store read
    // the old store's token as one of its own, and answered a wrong page with 200.
    const other = await startDevServer();
    const behind = { connection: h.env.connection };
    const switchable = new Proxy(h.env.connection, { get: (_, p) => Reflect.get(behind.connection, p) });
    try {
      const a = await app(SECRET, new Client({ connection: switchable, dataConverter: testDataConverter }));
      const before = (await call(a, 'eng-1', 'GET', `/v1/cases?${qs}`)).body.nextPageToken;
      expect((await page(a, before)).status).toBe(200);
      behind.connection = other.connection;
      const lists = jest.spyOn(other.client.workflowService, 'listWorkflowExecutions');
      const res = await page(a, before);
      expect({ status: res.status, error: res.body.error, issues: res.body.details?.issues }).toEqual({
        status: 400,
        error: 'validation_failed',
        issues: [
          expect.objectContaining({
            path: 'pageToken',
            message: expect.stringMatching(/another Temporal store/),
          }),
        ],
      });
      expect(lists).not.toHaveBeenCalled();
      lists.mockRestore();
      expect((await call(a, 'eng-1', 'GET', `/v1/cases?${qs}`)).status).toBe(200); // a walk started again
    } finally {
      await other.teardown();
    }
  });

  test('a Temporal that does not answer for its store is a 503, not a refused token', async () => {
    let refuse = true;
    const network: Interceptor = (options, nextCall) =>
      refuse && options.method_definition.path.endsWith('/DescribeNamespace')
        ? unsentCall(options, nextCall, 'the test network dropped it')
        : new InterceptingCall(nextCall(options));
    const connection = await Connection.connect({ address: h.env.address, interceptors: [network] });
    try {
      const a = await app(SECRET, new Client({ connection, dataConverter: testDataConverter }));
      const token = (await call(await app(SECRET), 'eng-1', 'GET', `/v1/cases?${qs}`)).body.nextPageToken;
      const unreached = await page(a, token);
      expect({ status: unreached.status, error: unreached.body.error }).toEqual({
        status: 503,
        error: 'unavailable',
      });
      refuse = false;
      expect((await call(a, 'eng-1', 'GET', `/v1/cases?${qs}`)).status).toBe(200);
    } finally {
      await connection.close();
    }
  });

  test('API processes on one DATA_DIR without PAGE_TOKEN_SECRET share the generated key', async () => {
    const started = [];
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        PORT: String(await freePort()),
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
      });
      const api = await startApiServer(config, h.env.client, { roster, policy });
      extra.push(api);
      started.push(api);
    }
    expect(statSync(path.join(dir, 'data', PAGE_TOKEN_SECRET_FILE)).mode & 0o777).toBe(0o600);
    const fromFirst = (await call(started[0]!, 'eng-1', 'GET', `/v1/cases?${qs}`)).body.nextPageToken;
    expect((await page(started[1]!, fromFirst)).status).toBe(200);
  });
});
