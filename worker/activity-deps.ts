import type { Logger } from 'pino';
import { createDevEdges } from '../activities/adapters/dev-edges';
import { logNotifier, webhookNotifier } from '../activities/adapters/notifier';
import type { ActivityDeps } from '../activities';
import type { AppConfig } from '../config/env';

/** The edges a worker process talks to: the dev adapters recording under DATA_DIR, and the configured notifier. */
export function activityDeps(config: AppConfig, logger: Logger): ActivityDeps {
  return {
    edges: createDevEdges(config.dataDir),
    notifier: config.notifyWebhookUrl ? webhookNotifier(config.notifyWebhookUrl) : logNotifier(logger),
  };
}
