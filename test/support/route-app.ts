/**
 * The API app for route tests that must never reach Temporal (validation 400s, the 401/403 gates, unknown
 * routes, request limits, the OpenAPI document): built with a case client that refuses every Temporal call, so
 * it starts in milliseconds, without a dev server. A route that did reach Temporal answers 500 (the fake's
 * error) and is recorded in `temporalCalls`; `startRouteApp` fails the test file if any was made.
 * Tests that need a real case use the Temporal-backed harness (test/support/api-harness.ts).
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../api/app';
import { CaseClient } from '../../api/temporal/case-client';
import { policy, roster, TEMPORAL_UI } from './api-harness';

/** A Temporal client whose every property throws: nothing but the fake below may hold it. */
const noTemporal = new Proxy({} as Client, {
  get(_target, property) {
    throw new Error(`this test must not reach Temporal (client.${String(property)})`);
  },
});

/** The case client's methods that talk to Temporal; `links`/`withLinks` are plain and stay real. */
const TEMPORAL_METHODS = ['start', 'open', 'view', 'update', 'list', 'listStore', 'ping'] as const;

/** A CaseClient whose Temporal methods throw and record the attempt. */
export class RefusingCaseClient extends CaseClient {
  readonly temporalCalls: string[] = [];

  constructor() {
    super(noTemporal, 'default', TEMPORAL_UI, 1_000);
    for (const method of TEMPORAL_METHODS) {
      Object.defineProperty(this, method, {
        value: () => {
          this.temporalCalls.push(method);
          return Promise.reject(new Error(`this test must not reach Temporal (cases.${method})`));
        },
      });
    }
  }
}

export interface RouteApp {
  app: FastifyInstance;
  /** The Temporal calls the routes attempted (each answered 500). */
  temporalCalls: string[];
}

/**
 * Builds the app on the dev roster and the shipped policy with a refusing case client, for the whole file:
 * `beforeAll` builds it, `afterAll` closes it and expects that no route reached Temporal.
 */
export function routeAppSuite(options: Partial<AppOptions> = {}): RouteApp {
  let built: RouteApp | undefined;
  beforeAll(async () => {
    const cases = new RefusingCaseClient();
    const app = await buildApp({
      client: noTemporal,
      cases,
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      ...options,
    });
    await app.ready();
    built = { app, temporalCalls: cases.temporalCalls };
  });
  afterAll(async () => {
    await built?.app.close();
    expect({ temporalCalls: built?.temporalCalls }).toEqual({ temporalCalls: [] });
  });
  return {
    get app() {
      if (!built) throw new Error('the app is not built (use inside a test)');
      return built.app;
    },
    get temporalCalls() {
      return built?.temporalCalls ?? [];
    },
  };
}
