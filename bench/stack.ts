/**
 * The embedded stack the bench measures: a Temporal dev server from the project's binaries on a temp DATA_DIR,
 * the worker and the API each in its own process, started with the exact commands of `npm run start:worker`
 * and `npm run start:api` (package.json), so the worker's peak RSS is its own.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadPayloadKeyring, sealedDataConverter } from '../codec';
import { buildWorkflowBundle } from '../scripts/build-workflows';
import { freePort } from '../scripts/free-port';
import { startDevServer, type DevServer } from '../scripts/dev-server';
import { ensureTemporalBinaries } from '../scripts/temporal-binaries';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../workflows/search-attributes';

const projectRoot = path.resolve(__dirname, '..');

/** The command line of an npm script (`exec node ...`), run through sh so that the pid is node's own. */
function npmScript(name: string): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts[name];
  if (!script?.startsWith('exec ')) throw new Error(`npm script ${name} must start with exec`);
  return script;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Peak resident set (VmHWM) in MiB, from /proc. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function startProcess(script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Proc {
  const command = npmScript(script).replace(/^exec node /, `exec node ${nodeFlags.join(' ')} `);
  const child = spawn('sh', ['-c', command], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    peakRssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(20_000, false)]);
      if (!done) child.kill('SIGKILL');
    },
  };
}

export interface Stack {
  dataDir: string;
  serverPid: number;
  address: string;
  apiBase: string;
  workerMetricsUrl: string;
  client: Client;
  worker: Proc;
  api: Proc;
  close(): Promise<void>;
}

export interface StackOptions {
  dataDir: string;
  policyFile: string;
  /** Owner notifications are POSTed here (the bench's timer-lag receiver). */
  notifyWebhookUrl: string;
  workerEnv?: Record<string, string>;
  /** Extra node flags for the worker and the API (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
  log: (line: string) => void;
}

async function waitFor(what: string, proc: Proc | undefined, check: () => Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`${what}: the process exited\n${proc.output()}`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}\n${proc?.output() ?? ''}`);
}

export async function startStack(o: StackOptions): Promise<Stack> {
  mkdirSync(o.dataDir, { recursive: true });
  const bins = ensureTemporalBinaries();
  const [port, uiPort, apiPort, workerMetrics, apiMetrics] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  o.log('starting the Temporal dev server');
  const server: DevServer = await startDevServer({
    cli: bins.cli,
    port,
    uiPort,
    namespace: 'default',
    dataDir: o.dataDir,
    searchAttributes: SEARCH_ATTRIBUTE_REGISTRATIONS,
    logLevel: 'error',
  });
  const procs: Proc[] = [];
  let connection: Connection | undefined;
  const close = async () => {
    for (const p of procs.reverse()) await p.stop();
    await connection?.close().catch(() => undefined);
    await server.stop();
  };
  try {
    o.log('bundling the workflows (npm run build:workflows)');
    const bundle = await buildWorkflowBundle(path.join(o.dataDir, 'workflow-bundle.js'));
    const base: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
      TEMPORAL_ADDRESS: server.address,
      // The bench's own dev server, with the dev roster: outside development by TEMPORAL_ADDRESS, said to be meant.
      ALLOW_DEV_ROSTER: 'true',
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: o.dataDir,
      POLICY_FILE: o.policyFile,
      LOG_LEVEL: 'warn',
    };
    const worker = startProcess(
      'start:worker',
      {
        ...base,
        METRICS_PORT: String(workerMetrics),
        WORKFLOW_BUNDLE: bundle,
        NOTIFY_WEBHOOK_URL: o.notifyWebhookUrl,
        ...o.workerEnv,
      },
      o.nodeFlags,
    );
    procs.push(worker);
    const api = startProcess(
      'start:api',
      { ...base, PORT: String(apiPort), METRICS_PORT: String(apiMetrics) },
      o.nodeFlags,
    );
    procs.push(api);
    const apiBase = `http://127.0.0.1:${apiPort}`;
    const workerMetricsUrl = `http://127.0.0.1:${workerMetrics}/metrics`;
    await waitFor('the worker to poll', worker, async () => {
      const text = await (await fetch(workerMetricsUrl)).text();
      return text.includes('temporal_num_pollers');
    });
    await waitFor('the API to answer /healthz', api, async () => (await fetch(`${apiBase}/healthz`)).ok);
    connection = await Connection.connect({ address: server.address });
    // Sealed with the keys the API and the worker use (the same environment and DATA_DIR): the worker refuses
    // anything else.
    const dataConverter = sealedDataConverter(loadPayloadKeyring(base, o.dataDir));
    const client = new Client({ connection, namespace: 'default', dataConverter });
    return {
      dataDir: o.dataDir,
      serverPid: server.pid,
      address: server.address,
      apiBase,
      workerMetricsUrl,
      client,
      worker,
      api,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
