/**
 * API metrics, recorded through the process's Temporal runtime meter so that they share the one Prometheus
 * endpoint with the SDK's worker metrics: request rate, latency and status per route, and cases opened.
 */
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import fp from 'fastify-plugin';

export const API_REQUESTS = 'concierge_api_requests';
export const API_REQUEST_DURATION = 'concierge_api_request_duration';
export const CASES_OPENED = 'concierge_cases_opened';

export interface ApiMetrics {
  caseOpened(type: string, tier: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

export default fp<{ meter?: MetricMeter }>(
  async (app, opts) => {
    const meter = opts.meter ?? noopMetricMeter;
    const requests = meter.createCounter(
      API_REQUESTS,
      'requests',
      'HTTP requests answered, by route and status',
    );
    const duration = meter.createHistogram(
      API_REQUEST_DURATION,
      'float',
      'ms',
      'HTTP request latency in milliseconds, by route and status',
    );
    const opened = meter.createCounter(CASES_OPENED, 'cases', 'Cases opened, by type and member tier');
    app.decorate('metrics', {
      caseOpened: (type, tier) => opened.add(1, { type, tier }),
    } satisfies ApiMetrics);
    app.addHook('onResponse', async (request, reply) => {
      // The route template, not the URL: one series per route whatever the ids.
      const tags = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      requests.add(1, tags);
      duration.record(reply.elapsedTime, tags);
    });
  },
  { name: 'metrics' },
);
