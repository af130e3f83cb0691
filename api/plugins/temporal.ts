/** Decorates the app with the process's one Temporal client, wrapped for cases (or the case client given). */
import type { Client } from '@temporalio/client';
import fp from 'fastify-plugin';
import { CaseClient } from '../temporal/case-client';

declare module 'fastify' {
  interface FastifyInstance {
    cases: CaseClient;
  }
}

export interface TemporalPluginOptions {
  client: Client;
  /** Used instead of a CaseClient over `client` (a test's fake). */
  cases?: CaseClient;
  namespace: string;
  temporalUiUrl: string;
  callTimeoutMs: number;
}

export default fp<TemporalPluginOptions>(
  async (app, opts) => {
    app.decorate(
      'cases',
      opts.cases ?? new CaseClient(opts.client, opts.namespace, opts.temporalUiUrl, opts.callTimeoutMs),
    );
  },
  { name: 'temporal' },
);
