import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { MemberDirectory } from '../activities/adapters/member-directory';
import { loadPayloadKeyring, type PayloadKeyring } from '../codec';
import { devSecret } from '../config/dev-secret';
import type { AppConfig } from '../config/env';
import { memberDirectoryFor } from '../config/members';
import { loadPolicy, type Policy } from '../config/policy';
import { Roster } from '../config/roster';
import { webhookNotifier } from '../activities/adapters/notifier';
import { ASSIGNED_NOTICE_TIMEOUT_MS } from './cases/assigned-notice';
import { buildApp } from './app';

/** Development's page token key in DATA_DIR, shared by the API processes on it (when PAGE_TOKEN_SECRET is unset). */
export const PAGE_TOKEN_SECRET_FILE = 'page-token.secret';

/**
 * Loads the roster, policy and member directory named by the config (unless given already loaded), builds the app
 * on the given client and listens.
 * Used by the launcher (platform/launcher.ts) and by api/main.ts; the caller owns the client and closes the app.
 */
export async function startApiServer(
  config: AppConfig,
  client: Client,
  options: {
    logger?: Logger;
    roster?: Roster;
    policy?: Policy;
    members?: MemberDirectory;
    metricMeter?: MetricMeter;
    /** The keys the client seals with (default: PAYLOAD_KEYS..., as the process loads them), for /codec. */
    payloadKeys?: PayloadKeyring;
  } = {},
): Promise<FastifyInstance> {
  const roster = options.roster ?? Roster.load(config.rosterFile);
  const app = await buildApp({
    client,
    roster,
    policy: options.policy ?? loadPolicy(config.policyFile),
    members: options.members ?? memberDirectoryFor(config, roster),
    namespace: config.temporal.namespace,
    temporalUiUrl: config.temporal.uiUrl,
    logger: options.logger ?? { level: config.logLevel },
    metricMeter: options.metricMeter,
    keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
    payloadKeys: options.payloadKeys ?? loadPayloadKeyring(process.env, config.dataDir),
    pageTokenSecret: config.pageTokenSecret ?? devSecret(config.dataDir, PAGE_TOKEN_SECRET_FILE),
    // Without a webhook the worker's notifier logs every notification, the opening's included.
    ...(config.notifyWebhookUrl
      ? { ownerNotifier: webhookNotifier(config.notifyWebhookUrl, ASSIGNED_NOTICE_TIMEOUT_MS) }
      : {}),
  });
  await app.listen({ host: config.host, port: config.port });
  return app;
}
