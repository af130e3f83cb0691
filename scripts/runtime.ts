/**
 * The process's Temporal SDK runtime: its log lines go to pino, its metrics (the SDK's worker metrics plus
 * ours, recorded through `Runtime.instance().metricMeter` or an activity's `metricMeter`) to one Prometheus
 * endpoint, `http://HOST:METRICS_PORT/metrics`.
 */
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { ConfigError } from '../config/load-json';
import { API_REQUEST_DURATION } from '../api/plugins/metrics';
import { temporalLogger } from './logging';

/** Milliseconds: an API request is a few ms of our own work around one or two Temporal round trips. */
const API_LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Installs the runtime; returns the scrape URL, or undefined when metrics are off. */
export function installRuntime(config: AppConfig, logger: Logger): string | undefined {
  const base = { logger: temporalLogger(logger.child({ component: 'temporal-sdk' })), shutdownSignals: [] };
  if (config.metricsPort === undefined) {
    Runtime.install(base);
    return undefined;
  }
  const bindAddress = `${config.host}:${config.metricsPort}`;
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
