import path from 'node:path';
import { z } from 'zod';
import { durationSchema } from './duration';
import { ConfigError, parseConfig } from './load-json';

const projectRoot = path.resolve(__dirname, '..');
export const DEV_ROSTER_FILE = path.join(projectRoot, 'config', 'dev-roster.json');
export const DEFAULT_POLICY_FILE = path.join(projectRoot, 'config', 'default-policy.json');
export const DEV_MEMBERS_FILE = path.join(projectRoot, 'config', 'dev-members.json');

const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z.string().min(1).optional();
/** A URL the process calls or links to over HTTP: `host:port/path` alone parses as a URL of another scheme. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });
/** A count given as digits: an empty value is refused, not read as 0. */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, 'a whole number')
  .transform(Number)
  .pipe(z.number().int());

/** Worker tuning chosen from the benchmark (docs/performance.md, Worker tuning). */
export const WORKER_DEFAULTS = {
  maxCachedWorkflows: 2_500,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 100,
  stickyQueueScheduleToStartTimeoutMs: 10_000,
  pollers: 10,
} as const;

/** Advertised to HTTP clients as `Keep-Alive: timeout=<seconds>`, so a whole number of seconds. */
const keepAliveTimeout = durationSchema.refine(
  (ms) => ms % 1_000 === 0 && ms <= 3_600_000,
  'a whole number of seconds from "1s" to "1h" (it is advertised as Keep-Alive: timeout=<seconds>)',
);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** How long an idle keep-alive connection stays open (and is waited out at close); above a balancer's idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT: keepAliveTimeout.prefault('5s'),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Base URL of the Temporal Web UI for case links; defaults to the embedded UI. */
  TEMPORAL_UI_URL: httpUrl.optional(),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  DATA_DIR: z.string().min(1).default('./.data'),
  ROSTER_FILE: z.string().min(1).default(DEV_ROSTER_FILE),
  POLICY_FILE: z.string().min(1).default(DEFAULT_POLICY_FILE),
  /** The member directory as a file (development); ignored when MEMBERS_URL is set. */
  MEMBERS_FILE: z.string().min(1).default(DEV_MEMBERS_FILE),
  /** The platform's member service: GET <url>/<id> answers 200 with the member or 404. */
  MEMBERS_URL: httpUrl.optional(),
  /** How long the API waits for the member service before answering 503 (the case is not opened). */
  MEMBERS_TIMEOUT: durationSchema
    .refine((ms) => ms <= 60_000, 'at most "1m" (an opening waits for it)')
    .prefault('3s'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFY_WEBHOOK_URL: httpUrl.optional(),
  /** Beyond about 24.8 days Node's timers fire at once: a grace that long would abandon the activities at once. */
  WORKER_SHUTDOWN_GRACE: durationSchema
    .refine((ms) => ms <= 86_400_000, 'at most "1d" (in-flight activities may finish within it)')
    .prefault('30s'),
  /** Prometheus scrape port of this process (`off`: none); bound on HOST. */
  METRICS_PORT: z.union([z.literal('off'), port]).default(9464),
  /** Address the metrics endpoint binds (operational detail, no personal data): loopback unless opened up. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Key of the list's page tokens (HMAC-SHA256), the same on every API process; unset: generated into DATA_DIR. */
  PAGE_TOKEN_SECRET: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  /** `true`: start with the shipped dev roster (public tokens) even where it is refused by default. */
  ALLOW_DEV_ROSTER: z.enum(['true', 'false']).default('false'),
  /** 0 turns the cache off (every task replays its case's history); empty is a mistake, not 0. */
  WORKER_MAX_CACHED_WORKFLOWS: wholeNumber.default(WORKER_DEFAULTS.maxCachedWorkflows),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce
    .number()
    .int()
    .min(2)
    .default(WORKER_DEFAULTS.maxConcurrentWorkflowTaskExecutions),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce
    .number()
    .int()
    .min(1)
    .default(WORKER_DEFAULTS.maxConcurrentActivityTaskExecutions),
  WORKER_STICKY_TIMEOUT: durationSchema.default(WORKER_DEFAULTS.stickyQueueScheduleToStartTimeoutMs),
  /** Task pollers per queue kind: `autoscaling` (server feedback) or a fixed maximum. */
  WORKER_POLLERS: z
    .union([z.literal('autoscaling'), z.coerce.number().int().min(2).max(100)])
    .default(WORKER_DEFAULTS.pollers),
  /**
   * `on`: the SDK keeps a stack trace of every workflow promise, for the Web UI's Stack Trace tab; `off` (default)
   * saves the CPU and memory they cost. Applied by the start commands' preload (platform/workflow-stack-traces.cjs).
   */
  WORKER_WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  /** A prebuilt workflow bundle (`npm run build:workflows`); unset: the worker bundles the workflows at start. */
  WORKFLOW_BUNDLE: optionalText,
});

export interface TemporalSettings {
  /** Unset: the launcher starts an embedded dev server on `localhost:port`. */
  address: string | undefined;
  namespace: string;
  port: number;
  uiPort: number;
  uiUrl: string;
  apiKey: string | undefined;
  tls:
    | undefined
    | { serverName?: string; clientCertPath?: string; clientKeyPath?: string; serverRootCaPath?: string };
}

export interface AppConfig {
  port: number;
  host: string;
  httpKeepAliveTimeoutMs: number;
  temporal: TemporalSettings;
  dataDir: string;
  rosterFile: string;
  policyFile: string;
  membersFile: string;
  membersUrl: string | undefined;
  membersTimeoutMs: number;
  logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
  notifyWebhookUrl: string | undefined;
  /** How long in-flight activities may finish when the worker shuts down. */
  workerShutdownGraceMs: number;
  /** undefined: no metrics endpoint. */
  metricsPort: number | undefined;
  /** Whether METRICS_PORT was set explicitly (then failing to bind it stops start-up). */
  metricsPortExplicit: boolean;
  metricsHost: string;
  /** undefined: each process reads (or generates) DATA_DIR's development key (config/dev-secret.ts). */
  pageTokenSecret: string | undefined;
  /** The shipped dev roster is allowed outside development (config/dev-guard.ts). */
  allowDevRoster: boolean;
  worker: WorkerTuning;
  workflowBundle: string | undefined;
}

export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  /** How long a task waits on this worker's sticky queue before any worker may take it (replaying). */
  stickyQueueScheduleToStartTimeoutMs: number;
  pollers: 'autoscaling' | number;
  /** Whether the workflow threads keep stack traces of workflow promises (WORKER_WORKFLOW_STACK_TRACES). */
  workflowStackTraces: boolean;
}

/**
 * Whether to dial Temporal over TLS: TEMPORAL_TLS when given, else on with an API key or any TLS setting. A TLS
 * setting that would be ignored (TLS off, or a client certificate without its key) or misapplied (no cluster
 * address: the development server speaks no TLS) fails, naming the variables: otherwise only a bare UNAVAILABLE or
 * a handshake error from the server would explain it.
 */
function tlsWanted(e: z.output<typeof envSchema>): boolean {
  const files = {
    TEMPORAL_TLS_CERT: e.TEMPORAL_TLS_CERT,
    TEMPORAL_TLS_KEY: e.TEMPORAL_TLS_KEY,
    TEMPORAL_TLS_CA: e.TEMPORAL_TLS_CA,
    TEMPORAL_TLS_SERVER_NAME: e.TEMPORAL_TLS_SERVER_NAME,
  };
  const given = Object.entries(files)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if ((e.TEMPORAL_TLS_CERT === undefined) !== (e.TEMPORAL_TLS_KEY === undefined)) {
    throw new ConfigError(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its key, for mTLS): ' +
        `only ${e.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'} is set`,
    );
  }
  if (e.TEMPORAL_TLS === 'false' && given.length > 0) {
    throw new ConfigError(`TEMPORAL_TLS=false, but ${given.join(', ')} set: unset them, or TEMPORAL_TLS`);
  }
  const wanted = e.TEMPORAL_TLS === 'true' || e.TEMPORAL_API_KEY !== undefined || given.length > 0;
  if (wanted && e.TEMPORAL_ADDRESS === undefined) {
    // Left over from a cluster's settings, they would dial npm start's own dev server, which speaks no TLS.
    const set = [
      ...(e.TEMPORAL_TLS === 'true' ? ['TEMPORAL_TLS=true'] : []),
      ...(e.TEMPORAL_API_KEY !== undefined ? ['TEMPORAL_API_KEY'] : []),
      ...given,
    ];
    throw new ConfigError(
      `${set.join(', ')} set without TEMPORAL_ADDRESS: they are for a Temporal cluster, and without its address ` +
        'the development server npm start runs (no TLS, no API key) is dialled: set TEMPORAL_ADDRESS, or unset them',
    );
  }
  return wanted;
}

/** Reads the environment (API.md's variables), failing with a message that names the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseConfig(env, envSchema, 'Environment');
  const useTls = tlsWanted(e);
  const address = e.TEMPORAL_ADDRESS;
  return {
    port: e.PORT,
    host: e.HOST,
    httpKeepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT,
    temporal: {
      address,
      namespace: e.TEMPORAL_NAMESPACE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
      apiKey: e.TEMPORAL_API_KEY,
      tls: useTls
        ? {
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
            clientCertPath: e.TEMPORAL_TLS_CERT,
            clientKeyPath: e.TEMPORAL_TLS_KEY,
            serverRootCaPath: e.TEMPORAL_TLS_CA,
          }
        : undefined,
    },
    dataDir: path.resolve(e.DATA_DIR),
    rosterFile: path.resolve(e.ROSTER_FILE),
    policyFile: path.resolve(e.POLICY_FILE),
    membersFile: path.resolve(e.MEMBERS_FILE),
    membersUrl: e.MEMBERS_URL,
    membersTimeoutMs: e.MEMBERS_TIMEOUT,
    logLevel: e.LOG_LEVEL,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    workerShutdownGraceMs: e.WORKER_SHUTDOWN_GRACE,
    metricsPort: e.METRICS_PORT === 'off' ? undefined : e.METRICS_PORT,
    metricsPortExplicit: env.METRICS_PORT !== undefined,
    metricsHost: e.METRICS_HOST,
    pageTokenSecret: e.PAGE_TOKEN_SECRET,
    allowDevRoster: e.ALLOW_DEV_ROSTER === 'true',
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      stickyQueueScheduleToStartTimeoutMs: e.WORKER_STICKY_TIMEOUT,
      pollers: e.WORKER_POLLERS,
      workflowStackTraces: e.WORKER_WORKFLOW_STACK_TRACES === 'on',
    },
    workflowBundle: e.WORKFLOW_BUNDLE === undefined ? undefined : path.resolve(e.WORKFLOW_BUNDLE),
  };
}

/** The address clients dial: the configured cluster, or the embedded dev server. */
export function temporalAddress(t: TemporalSettings): string {
  return t.address ?? `127.0.0.1:${t.port}`;
}
