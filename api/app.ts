/**
 * The HTTP API as a Fastify app, built but not listening (server.ts listens; tests inject).
 * One Temporal client per process, passed in; every route validates with zod and documents itself in /docs.
 */
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { PayloadKeyring } from '../codec';
import { staticMemberDirectory, type MemberDirectory } from '../activities/adapters/member-directory';
import type { Notifier } from '../activities/adapters/notifier';
import { DEV_MEMBERS_FILE } from '../config/env';
import { loadMembers } from '../config/members';
import type { Policy } from '../config/policy';
import type { Roster } from '../config/roster';
import { CaseTypeRegistry, SHIPPED_CASE_TYPES } from '../workflows/case-types';
import type { CaseTypeModule } from '../workflows/case-types/case-type';
import errors, { clientErrorHandler } from './plugins/errors';
import jsonBody from './plugins/json-body';
import gracefulClose from './plugins/graceful-close';
import members from './plugins/members';
import ownerNotifier from './plugins/owner-notifier';
import metrics from './plugins/metrics';
import openapi from './plugins/openapi';
import pageTokens from './plugins/page-tokens';
import roster from './plugins/roster';
import temporal from './plugins/temporal';
import updateIds from './plugins/update-ids';
import type { CaseClient } from './temporal/case-client';
import codec from './routes/codec';
import consoleRoutes from './routes/console';
import health from './routes/health';
import { responseSerializerCompiler } from './schemas/serializer';
import v1 from './routes/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** The case types this API opens: the shipped ones and `AppOptions.caseTypes`. */
    caseTypes: CaseTypeRegistry;
  }
}

export interface AppOptions {
  client: Client;
  /** The case client the routes use; default: one over `client` (route tests inject a fake). */
  cases?: CaseClient;
  roster: Roster;
  policy: Policy;
  /**
   * Where the member facts of a case opened by a manager, supervisor or head come from. Default: the shipped
   * dev directory (config/dev-members.json), checked against `roster`; processes always pass the configured one.
   */
  members?: MemberDirectory;
  namespace: string;
  /** Base URL of the Temporal Web UI, for each case's `links.temporalUi`; its origin may call /codec (CORS). */
  temporalUiUrl: string;
  /**
   * The payload keys, for the codec endpoint (/codec answers 503 without them) and the key of update ids; the
   * client seals with the same. Processes always pass them.
   */
  payloadKeys?: PayloadKeyring;
  logger?: FastifyServerOptions['logger'] | Logger;
  /** Deadline of each Temporal call a request makes; past it the request answers 503. Default 10 s. */
  temporalCallTimeoutMs?: number;
  /** Where request and case metrics go (the Temporal runtime's meter in a process); default: nowhere. */
  metricMeter?: MetricMeter;
  /** Idle keep-alive connections stay open this long, advertised and waited out at close (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** Key of the list's page tokens (HMAC-SHA256); default: a random key, tokens good for this app only. */
  pageTokenSecret?: string;
  /**
   * Case types beside the shipped ones (a deployment's own, or a test's): the API opens them, validates their
   * details and captures their policy keys. The workers' workflow bundle must register the same modules.
   */
  caseTypes?: readonly CaseTypeModule[];
  /**
   * Where the API sends a case's `assigned` notification just before it starts the case (the same notification
   * the case would send; api/cases/assigned-notice.ts). Default: none, and every case sends its own.
   */
  ownerNotifier?: Notifier;
}

/** Deliberately small: the largest legitimate body (a visa case with its travellers) is a few KiB. */
export const BODY_LIMIT = 64 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's x-request-id when it is sane, so logs line up across services; else a fresh one. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

function isLoggerInstance(logger: AppOptions['logger']): logger is Logger {
  return typeof logger === 'object' && logger !== null && typeof (logger as Logger).child === 'function';
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const logging: Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> = isLoggerInstance(opts.logger)
    ? { loggerInstance: opts.logger }
    : { logger: opts.logger ?? false };
  const app = Fastify({
    ...logging,
    bodyLimit: BODY_LIMIT,
    // While closing, requests already on open connections are served normally (the Temporal client stays
    // open until app.close() resolves) instead of Fastify's own 503 body, which is not the contract's.
    return503OnClosing: false,
    genReqId: requestId,
    // Router-level failures (a malformed percent-encoding in the URL) skip the error handler and the hooks.
    frameworkErrors: (error, request, reply) => {
      void (reply as FastifyReply)
        .code(400)
        .header('x-request-id', request.id)
        .send({ error: 'validation_failed', message: error.message });
    },
    // Node's parser rejects oversize headers (16 KiB, the URL included) before Fastify: answer in the contract's shape.
    clientErrorHandler,
    // As long as a URL can be (Node's 16 KiB header limit): an overlong id reaches validation (400) instead of
    // matching no route (404). No route has a regex parameter, so long ones cost nothing.
    routerOptions: { maxParamLength: 16 * 1024 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // JSON only: anything else is 415 rather than a string the schemas would reject less clearly.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(gracefulClose, { keepAliveTimeoutMs: opts.keepAliveTimeoutMs });
  await app.register(metrics, { meter: opts.metricMeter });
  await app.register(errors);
  await app.register(jsonBody);
  await app.register(roster, { roster: opts.roster, policy: opts.policy });
  app.decorate('caseTypes', new CaseTypeRegistry([...SHIPPED_CASE_TYPES, ...(opts.caseTypes ?? [])]));
  await app.register(members, {
    members: opts.members ?? staticMemberDirectory(loadMembers(DEV_MEMBERS_FILE, opts.roster)),
  });
  await app.register(ownerNotifier, { notifier: opts.ownerNotifier });
  await app.register(temporal, {
    client: opts.client,
    cases: opts.cases,
    namespace: opts.namespace,
    temporalUiUrl: opts.temporalUiUrl.replace(/\/$/, ''),
    callTimeoutMs: opts.temporalCallTimeoutMs ?? 10_000,
  });
  await app.register(updateIds, { payloadKeys: opts.payloadKeys });
  await app.register(pageTokens, { secret: opts.pageTokenSecret });
  await app.register(openapi);
  await app.register(health);
  await app.register(consoleRoutes);
  await app.register(v1, { prefix: '/v1', roster: opts.roster });
  await app.register(codec, {
    prefix: '/codec',
    roster: opts.roster,
    payloadKeys: opts.payloadKeys,
    uiOrigin: new URL(opts.temporalUiUrl).origin,
  });
  return app;
}
