/** Decorates the app with the process's one Temporal client, wrapped for cases. */
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
  namespace: string;
  temporalUiUrl: string;
  callTimeoutMs: number;
}

export default fp<TemporalPluginOptions>(
  async (app, opts) => {
    app.decorate(
      'cases',
      new CaseClient(opts.client, opts.namespace, opts.temporalUiUrl, opts.callTimeoutMs),
    );
  },
  { name: 'temporal' },
);
