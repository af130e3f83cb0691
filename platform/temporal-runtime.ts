/**
 * The process's Temporal SDK runtime: its log lines go to pino, its metrics (the SDK's worker metrics plus
 * ours, recorded through `Runtime.instance().metricMeter` or an activity's `metricMeter`) to one Prometheus
 * endpoint, `http://METRICS_HOST:METRICS_PORT/metrics`. METRICS_HOST is loopback unless set: the metrics carry
 * no personal data (ids and counts, never names or free text) but do carry operational detail (load, queues,
 * failures), so a scraper elsewhere is let in deliberately (METRICS_HOST=0.0.0.0 behind a firewall).
 */
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { ConfigError } from '../config/load-json';
import { API_REQUEST_DURATION } from '../api/plugins/metrics';
import { temporalLogger } from './logging';

/** Milliseconds: an API request is a few ms of our own work around one or two Temporal round trips. */
const API_LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Where the Prometheus endpoint listens: METRICS_HOST (not the API's HOST), an IPv6 address in brackets. */
export function metricsBindAddress(config: Pick<AppConfig, 'metricsHost' | 'metricsPort'>): string {
  const host =
    config.metricsHost.includes(':') && !config.metricsHost.startsWith('[')
      ? `[${config.metricsHost}]`
      : config.metricsHost;
  return `${host}:${config.metricsPort}`;
}

/** Installs the runtime; returns the scrape URL, or undefined when metrics are off. */
export function installRuntime(config: AppConfig, logger: Logger): string | undefined {
  const base = { logger: temporalLogger(logger.child({ component: 'temporal-sdk' })), shutdownSignals: [] };
  if (config.metricsPort === undefined) {
    Runtime.install(base);
    return undefined;
  }
  const bindAddress = metricsBindAddress(config);
  try {
    Runtime.install({
      ...base,
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress,
            countersTotalSuffix: true,
            histogramBucketOverrides: { [API_REQUEST_DURATION]: API_LATENCY_BUCKETS_MS },
          },
        },
      },
    });
  } catch (err) {
    const why = `cannot serve metrics on ${bindAddress}: ${(err as Error).message}`;
    if (config.metricsPortExplicit) throw new ConfigError(`Environment variable METRICS_PORT: ${why}`);
    // The default port is taken (another process of ours on this machine): run on, without an endpoint.
    logger.warn(`${why}; running without a metrics endpoint (set METRICS_PORT to choose a free port)`);
    Runtime.install(base);
    return undefined;
  }
  return `http://${bindAddress}/metrics`;
}
