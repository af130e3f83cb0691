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
  return {
    edges: createDevEdges(config.dataDir, faults),
    notifier: config.notifyWebhookUrl ? webhookNotifier(config.notifyWebhookUrl) : logNotifier(logger),
  };
}
