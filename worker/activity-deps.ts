import type { Logger } from 'pino';
import { createDevEdges, type FaultInjector } from '../activities/adapters/dev-edges';
import { logNotifier, webhookNotifier } from '../activities/adapters/notifier';
import type { ActivityDeps } from '../activities';
import type { AppConfig } from '../config/env';

/**
 * The edges a worker process talks to: the dev adapters recording under DATA_DIR, and the configured notifier.
 * `faults`: only the reliability tests' worker entry (test/support/fault-worker.ts) passes any.
 */
export function activityDeps(config: AppConfig, logger: Logger, faults?: FaultInjector): ActivityDeps {
  if (config.temporal.address !== undefined) {
    // No payment rail, carrier or consulate ships with this project: on a cluster, nobody should think one does.
    logger.warn(
      `The edges (payments, shipments, carrier, consulate, merchants) are the development ones: they record each ` +
        `call under ${config.dataDir}/edges and move no money. Give the worker real adapters ` +
        '(activities/adapters/edges.ts) before members rely on it',
    );
  }
  return {
    edges: createDevEdges(config.dataDir, faults),
    notifier: config.notifyWebhookUrl ? webhookNotifier(config.notifyWebhookUrl) : logNotifier(logger),
  };
}
