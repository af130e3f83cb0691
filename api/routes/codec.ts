/**
 * The codec endpoint (API.md, "Codec endpoint"; Temporal's codec-server protocol): the Temporal Web UI sends the
 * payloads it shows to POST /codec/decode and gets them back readable. Only engineer, supervisor and head principals
 * (bearer token, or the session cookie of codec-session.ts that the UI sends with "Include cross-origin
 * credentials"); CORS lets the configured Temporal UI's origin call it with credentials.
 *
 * POST /codec/encode answers the payloads as they came: it never seals. Whatever the UI sends (a signal, an
 * update, a start typed by an engineer) therefore reaches the worker unsealed and is refused there. An encode
 * that sealed would hand every engineer the API's seal, and "engineers read, never write" (DOMAIN.md).
 */
import cors from '@fastify/cors';
import { errorCodes, type FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EncryptionCodec, isEncrypted, type PayloadKeyring } from '../../codec';
import type { Roster } from '../../config/roster';
import type { Actor } from '../../workflows/domain';
import { unavailable } from '../errors';
import browserGuards from '../plugins/browser-guards';
import { MAX_JSON_DEPTH, nestsDeeperThan, tooDeep } from '../plugins/json-body';
import { BEARER_SECURITY } from '../plugins/openapi';
import { errorResponses, noQuery } from '../schemas/common';
import codecSession, { codecPrincipal } from './codec-session';

/** One payload of a history can be up to Temporal's 2 MB blob limit, base64 in JSON: room for a few. */
export const CODEC_BODY_LIMIT = 8 * 1024 * 1024;
/** Longer than any namespace this API serves; what is beyond it is not logged. */
const NAMESPACE_MAX_LENGTH = 255;

const base64 = z.string().describe('base64');
/** A payload in protobuf JSON: metadata values and data in base64. Other fields pass through untouched. */
const jsonPayload = z
  .looseObject({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })
  .meta({ id: 'CodecPayload' });
// Protobuf JSON leaves an empty list out: `{}` is no payloads (the Temporal CLI sends it for a query without arguments).
const payloads = z.strictObject({ payloads: z.array(jsonPayload).default([]) }).meta({ id: 'CodecPayloads' });
type JsonPayload = z.infer<typeof jsonPayload>;

const encoding = (p: JsonPayload) =>
  p.metadata?.encoding === undefined
    ? undefined
    : Buffer.from(p.metadata.encoding, 'base64').toString('utf8');

/** The payload decrypted when it opens with our keys; anything else as it came (the UI shows it raw). */
function reveal(codec: EncryptionCodec, p: JsonPayload): { payload: JsonPayload; opened: boolean } {
  if (!isEncrypted({ metadata: { encoding: Buffer.from(encoding(p) ?? '') } }))
    return { payload: p, opened: false };
  const opened = codec.open({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  });
  if (!('inner' in opened)) return { payload: p, opened: false };
  const { metadata, data } = opened.inner;
  return {
    payload: {
      metadata: Object.fromEntries(
        Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
    },
    opened: true,
  };
}

/** The codec endpoint URL the embedded dev server's UI is pointed at: same site as the UI on localhost. */
export function codecEndpointUrl(host: string, port: number): string {
  const local = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/codec`;
}

export interface CodecOptions {
  roster: Roster;
  /** Absent: the endpoint answers 503 (an app built without keys, e.g. in a test that does not need them). */
  payloadKeys: PayloadKeyring | undefined;
  /** The Temporal Web UI's origin, allowed by CORS with credentials. */
  uiOrigin: string;
}

const codecRoutes: FastifyPluginAsyncZod<CodecOptions> = async (app, { roster, payloadKeys, uiOrigin }) => {
  const codec = payloadKeys === undefined ? undefined : new EncryptionCodec(payloadKeys);
  const corsOptions = {
    origin: uiOrigin,
    credentials: true,
    methods: ['POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
    maxAge: 600,
  };
  // No sameOriginWrites: the Temporal UI posts from its own origin (CORS below admits it).
  await app.register(browserGuards, { sameOriginWrites: false });
  // CORS for the UI's origin only; any other request, an OPTIONS that is no preflight included, is answered like
  // the rest of the API (405 with Allow for a method the path does not have).
  await app.register(cors, {
    delegator: (request, callback) => {
      const fromUi = request.headers.origin === uiOrigin;
      const preflight =
        request.method !== 'OPTIONS' || request.headers['access-control-request-method'] !== undefined;
      callback(null, fromUi && preflight ? corsOptions : { origin: false });
    },
  });

  // Protobuf JSON has no `__proto__` field, but a payload's unknown fields pass through (see CodecPayload): such
  // a key is dropped, as the prototype is never touched, rather than the whole request refused as the rest of the
  // API does. Only in this plugin's scope.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    let parsed: unknown;
    try {
      parsed = secureJson.parse(body as string, undefined, { protoAction: 'remove' });
    } catch {
      return done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    }
    if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
    done(null, parsed);
  });

  const principals = new WeakMap<FastifyRequest, Actor>();
  // Before the body is read: an anonymous or unauthorised caller never gets to send megabytes.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' || request.routeOptions.url?.endsWith('/session')) return;
    principals.set(request, codecPrincipal(request, roster, payloadKeys));
  });

  // No payloads may be sent as no body at all (the body has no required field); a JSON null is still a 400.
  const noBodyIsEmpty = async (request: FastifyRequest) => {
    if (request.body == null && request.headers['content-type'] === undefined) request.body = {};
  };

  const common = {
    tags: ['codec'],
    security: BEARER_SECURITY,
    querystring: noQuery,
    body: payloads,
    response: { 200: payloads, ...errorResponses(400, 401, 403, 413, 415, 503) },
  };

  app.post(
    '/decode',
    {
      bodyLimit: CODEC_BODY_LIMIT,
      preValidation: noBodyIsEmpty,
      schema: {
        ...common,
        summary: 'Decrypt payloads for the Temporal Web UI',
        description:
          "Temporal's codec-server protocol. Payloads sealed with this deployment's keys come back decrypted; any " +
          'other payload comes back as it was sent. Engineer, supervisor and head only (bearer token or codec session).',
      },
    },
    async (request) => {
      if (codec === undefined) throw unavailable('This API has no payload keys: the codec endpoint is off');
      const revealed = request.body.payloads.map((p) => reveal(codec, p));
      const principal = principals.get(request);
      // An audit line: who read how many payloads of which namespace; never their content.
      request.log.info(
        {
          principal: principal?.id,
          // A header anyone may send: kept to a namespace name's length, so it cannot flood the log.
          namespace: String(request.headers['x-namespace'] ?? '').slice(0, NAMESPACE_MAX_LENGTH) || undefined,
          payloads: revealed.length,
          decrypted: revealed.filter((r) => r.opened).length,
        },
        'codec decode',
      );
      return { payloads: revealed.map((r) => r.payload) };
    },
  );

  app.post(
    '/encode',
    {
      bodyLimit: CODEC_BODY_LIMIT,
      preValidation: noBodyIsEmpty,
      schema: {
        ...common,
        summary: 'Payloads back as sent (never sealed)',
        description:
          'Answers the payloads unchanged: only the API seals, so input typed into the Web UI reaches the worker ' +
          'unsealed and is refused there. Engineer, supervisor and head only.',
      },
    },
    async (request) => {
      if (codec === undefined) throw unavailable('This API has no payload keys: the codec endpoint is off');
      return { payloads: request.body.payloads };
    },
  );

  await app.register(codecSession, { roster, payloadKeys });
};

export default codecRoutes;
