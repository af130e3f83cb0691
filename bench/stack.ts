/**
 * The stacks the bench measures, each on its own temp DATA_DIR and its own Temporal dev server:
 * - `split`: the bench starts the dev server; the worker and the API each run in a process of their own, with
 *   the node flags of `npm run start:worker` and `npm run start:api` (heap limits included);
 * - `embedded`: one process with the node flags of `npm start` (dev server, worker and API: platform/launcher.ts).
 * The worker's process also runs the floor's worker (bench/floor.ts) through a bench entry that wraps the very
 * entry of the npm script (bench/worker-entry.ts, bench/embedded-entry.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadPayloadKeyring, sealedDataConverter } from '../codec';
import { buildWorkflowBundle } from '../platform/workflow-bundle';
import { freePort } from '../platform/free-port';
import { startDevServer, type DevServer } from '../platform/dev-server';
import { ensureTemporalBinaries } from '../toolchain/temporal-binaries';
import { TASK_QUEUE } from '../workflows/messages';
import type { Component } from './drain';
import { FLOOR_BUNDLE_ENV, FLOOR_STOPPED } from './floor';
import { FLOOR_TASK_QUEUE } from './floor-open';
import { npmScript, startProcess, type Proc } from './proc';
import { undoOnInterrupt } from './interrupt';

export type Deployment = 'split' | 'embedded';

export interface Stack {
  deployment: Deployment;
  dataDir: string;
  address: string;
  apiBase: string;
  /** The Prometheus endpoint of the worker's process (the one process, embedded). */
  workerMetricsUrl: string;
  /** Sealed with the keys of the worker and the API. */
  client: Client;
  /** The SDK's default data converter, for the floor. */
  floorClient: Client;
  worker: Proc;
  /** The API's process: the worker's, embedded. */
  api: Proc;
  pids(): Record<Component, number | undefined>;
  /** Stops the floor's worker (its cache of bare workflows would count in the worker's memory). */
  /** Stops the floor's worker, and resolves once it has shut down. */
  stopFloor(): Promise<void>;
  /**
   * Split only: stops the worker process and starts `npm run start:worker` afresh (no floor beside it), so that
   * what a phase measures of its memory is not what the phases before left in the process.
   */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  deployment: Deployment;
  dataDir: string;
  policyFile: string;
  /** Owner notifications are POSTed here (the bench's receiver). */
  notifyWebhookUrl: string;
  /** The floor's prebuilt bundle (bench/floor.ts). */
  floorBundle: string;
  /** Extra node flags for the stack's processes (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
  log: (line: string) => void;
  /** Chooses each port of the stack; a free one by default (a test hands out a taken one). */
  choosePort?: () => Promise<number>;
}

/** This process's environment without its Temporal settings: each stack names its own server. */
const withoutTemporalEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));

async function waitFor(what: string, proc: Proc | undefined, check: () => Promise<boolean>, ms = 180_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`${what}: the process exited\n${proc.output()}`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}\n${proc?.output() ?? ''}`);
}

/**
 * The split dev server's error lines, into the bench's progress log with the time they came (a stall of the
 * server's timers or its SQLite file says why there); the first 50, then only how many more.
 */
function serverErrorLog(log: (line: string) => void): (line: string) => void {
  let seen = 0;
  return (line) => {
    seen += 1;
    if (seen <= 50) log(`split: the dev server: ${line.slice(0, 400)}`);
    else if (seen % 100 === 0) log(`split: the dev server has printed ${seen} error lines`);
  };
}

/** The embedded dev server's pid, from the pid file its launcher writes ("<server pid> <launcher pid>"). */
function embeddedServerPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'temporal-dev-server.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Someone took a port between our choosing it free and a process of the stack binding it (another process's
 * outgoing connection may be given it by the kernel): no fault of the stack, and worth a start with fresh ports.
 */
const PORT_TAKEN = /address already in use|EADDRINUSE/i;
const START_ATTEMPTS = 3;

export async function startStack(o: StackOptions): Promise<Stack> {
  mkdirSync(o.dataDir, { recursive: true });
  o.log(`${o.deployment}: bundling the workflows (npm run build:workflows)`);
  const bundle = await buildWorkflowBundle(path.join(o.dataDir, 'workflow-bundle.js'));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startStackOnce(o, bundle);
    } catch (err) {
      const reason = String((err as Error).message ?? err);
      if (attempt >= START_ATTEMPTS || !PORT_TAKEN.test(reason)) throw err;
      const line = reason.split('\n').find((l) => PORT_TAKEN.test(l)) ?? '';
      o.log(
        `${o.deployment}: a port was taken while the stack started (${line.trim().slice(0, 200)}); ` +
          'starting it again with fresh ports',
      );
    }
  }
}

async function startStackOnce(o: StackOptions, bundle: string): Promise<Stack> {
  // Chosen right before the processes bind them, so that as little time as possible lies in between.
  const [port, uiPort, apiPort, workerMetrics, apiMetrics] = (await Promise.all(
    Array.from({ length: 5 }, () => (o.choosePort ?? freePort)()),
  )) as [number, number, number, number, number];
  const procs: Proc[] = [];
  let server: DevServer | undefined;
  let serverPid: number | undefined;
  let connection: Connection | undefined;
  // once, whoever asks first (the run's end, or an interrupt while the stack runs or closes): both wait for it
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= closeOnce());
  const closeOnce = async () => {
    for (const p of [...procs].reverse()) await p.stop();
    await connection?.close().catch(() => undefined);
    await server?.stop();
    // The embedded launcher stops its server; if it was killed, the server it started is ours to stop.
    if (serverPid !== undefined && server === undefined && isAlive(serverPid))
      process.kill(serverPid, 'SIGTERM');
  };
  undoOnInterrupt(close);
  try {
    const base: NodeJS.ProcessEnv = {
      ...withoutTemporalEnv(),
      // The bench's own dev server, with the dev roster: outside development by TEMPORAL_ADDRESS, said to be meant.
      ALLOW_DEV_ROSTER: 'true',
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: o.dataDir,
      POLICY_FILE: o.policyFile,
      LOG_LEVEL: 'warn',
      WORKFLOW_BUNDLE: bundle,
      NOTIFY_WEBHOOK_URL: o.notifyWebhookUrl,
      [FLOOR_BUNDLE_ENV]: o.floorBundle,
    };
    let address: string;
    let worker: Proc;
    let api: Proc;
    let workerEnv: NodeJS.ProcessEnv = {};
    if (o.deployment === 'split') {
      o.log('split: starting the Temporal dev server');
      server = await startDevServer({
        cli: ensureTemporalBinaries().cli,
        port,
        uiPort,
        namespace: 'default',
        dataDir: o.dataDir,
        logLevel: 'error',
        onOutput: serverErrorLog(o.log),
      });
      serverPid = server.pid;
      address = server.address;
      const env = { ...base, TEMPORAL_ADDRESS: address };
      workerEnv = { ...env, METRICS_PORT: String(workerMetrics) };
      worker = startProcess(npmScript('start:worker', 'bench/worker-entry.ts'), workerEnv, o.nodeFlags);
      procs.push(worker);
      api = startProcess(
        npmScript('start:api'),
        { ...env, PORT: String(apiPort), METRICS_PORT: String(apiMetrics) },
        o.nodeFlags,
      );
      procs.push(api);
    } else {
      o.log('embedded: starting npm start (dev server, worker and API in one process)');
      address = `127.0.0.1:${port}`;
      worker = startProcess(
        npmScript('start', 'bench/embedded-entry.ts'),
        {
          ...base,
          TEMPORAL_PORT: String(port),
          TEMPORAL_UI_PORT: String(uiPort),
          PORT: String(apiPort),
          METRICS_PORT: String(workerMetrics),
        },
        o.nodeFlags,
      );
      procs.push(worker);
      api = worker;
    }
    const apiBase = `http://127.0.0.1:${apiPort}`;
    const workerMetricsUrl = `http://127.0.0.1:${workerMetrics}/metrics`;
    /** Whether the worker process has pollers on `taskQueue` (its Prometheus endpoint says so). */
    const polling = (taskQueue: string) => async () => {
      const text = await (await fetch(workerMetricsUrl)).text();
      return new RegExp(`temporal_num_pollers\\{[^}]*task_queue="${taskQueue}"`).test(text);
    };
    await waitFor('the case and floor workers to poll', worker, polling(FLOOR_TASK_QUEUE));
    await waitFor('the API to answer /healthz', api, async () => (await fetch(`${apiBase}/healthz`)).ok);
    serverPid ??= embeddedServerPid(o.dataDir);
    connection = await Connection.connect({ address });
    // Sealed with the keys the API and the worker use (the same environment and DATA_DIR): the worker refuses
    // anything else.
    const dataConverter = sealedDataConverter(loadPayloadKeyring(base, o.dataDir));
    const client = new Client({ connection, namespace: 'default', dataConverter });
    const floorClient = new Client({ connection, namespace: 'default' });
    /** Whether the worker's process still runs the floor's worker beside the case worker. */
    let floorRuns = true;
    const stack: Stack = {
      deployment: o.deployment,
      dataDir: o.dataDir,
      address,
      apiBase,
      workerMetricsUrl,
      client,
      floorClient,
      worker,
      api,
      pids: () => ({
        server: serverPid,
        worker: stack.worker.child.pid,
        api: api === worker ? undefined : api.child.pid,
        bench: process.pid,
      }),
      stopFloor: async () => {
        if (!floorRuns) return;
        floorRuns = false;
        let stopped = false;
        void stack.worker.printed(FLOOR_STOPPED).then(() => (stopped = true));
        stack.worker.child.kill('SIGUSR2');
        await waitFor('the floor worker to stop', stack.worker, async () => stopped, 60_000);
      },
      restartWorker: async () => {
        if (o.deployment !== 'split')
          throw new Error('only the split deployment has a worker process of its own');
        await stack.worker.stop();
        floorRuns = false; // the worker started again runs the cases alone
        procs.splice(procs.indexOf(stack.worker), 1);
        stack.worker = startProcess(npmScript('start:worker'), workerEnv, o.nodeFlags);
        procs.push(stack.worker);
        await waitFor('the restarted worker to poll', stack.worker, polling(TASK_QUEUE));
      },
      close,
    };
    return stack;
  } catch (err) {
    await close();
    throw err;
  }
}

/** The ladder's HTTP hop to the floor (bench/floor-http-entry.ts), with the API's node flags, once it answers. */
export async function startFloorHttp(stack: Stack): Promise<{ base: string; proc: Proc }> {
  const port = await freePort();
  const proc = startProcess(npmScript('start:api', 'bench/floor-http-entry.ts'), {
    ...withoutTemporalEnv(),
    TEMPORAL_ADDRESS: stack.address,
    PORT: String(port),
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor("the floor's HTTP hop to answer", proc, async () => (await fetch(`${base}/healthz`)).ok);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { base, proc };
}
