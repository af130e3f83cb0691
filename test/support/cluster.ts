/**
 * A cluster of separate processes for reliability tests: one Temporal dev server on a SQLite file in a temp
 * DATA_DIR (started the way the launcher starts it), and any number of API processes (api/main.ts) and worker
 * processes (worker/main.ts, or the fault-injecting test entry) pointed at it with TEMPORAL_ADDRESS.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Receipt } from '../../activities/adapters/edges';
import { CallJournal } from '../../activities/adapters/call-journal';
import { DEV_ROSTER_FILE } from '../../config/env';
import { startDevServer, type DevServer } from '../../platform/dev-server';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';
import type { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { FaultPlan } from './fault-plan';
import { paymentsJournal } from './money-audit';
import { request, type Reply } from './http-requests';
import { cleanEnv, Processes, type Proc } from './processes';
import { freePort } from './ports';
import { shortTimerPolicy } from './policy';
import { eventually } from './eventually';

/** Dev roster tokens (config/dev-roster.json). */
export const TOKENS = JSON.parse(readFileSync(DEV_ROSTER_FILE, 'utf8')).principals.reduce(
  (all: Record<string, string>, p: { id: string; token: string }) => ({ ...all, [p.id]: p.token }),
  {},
) as Record<string, string>;

export class Api {
  constructor(
    readonly proc: Proc,
    readonly base: string,
  ) {}

  get port(): number {
    return Number(new URL(this.base).port);
  }

  call(
    method: string,
    url: string,
    principal: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply> {
    const token = TOKENS[principal];
    if (token === undefined) throw new Error(`no principal ${principal} in the dev roster`);
    return request(this.base, method, url, token, body, headers);
  }
}

export interface ClusterOptions {
  /** A policy object (default: the shipped policy). */
  policy?: object;
  workerShutdownGrace?: string;
  /** The search attributes the dev server registers (default: every case attribute), as an older release's did. */
  searchAttributes?: typeof CASE_SEARCH_ATTRIBUTES;
}

export class Cluster {
  readonly procs = new Processes();
  readonly faults: FaultPlan;
  readonly payments: CallJournal<Receipt>;
  readonly carrier: CallJournal<Receipt>;

  private constructor(
    readonly dir: string,
    readonly dataDir: string,
    private readonly devServer: DevServer,
    private readonly baseEnv: Record<string, string>,
  ) {
    this.faults = new FaultPlan(path.join(dir, 'faults'));
    this.payments = paymentsJournal(dataDir);
    this.carrier = new CallJournal(path.join(dataDir, 'edges', 'carrier'));
  }

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'concierge-reliability-'));
    const dataDir = path.join(dir, 'data');
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(options.policy ?? shortTimerPolicy('3m')));
    const port = await freePort();
    let devServer: DevServer;
    try {
      devServer = await startDevServer({
        cli: process.env.TEMPORAL_CLI_PATH ?? ensureTemporalBinaries().cli,
        port,
        uiPort: await freePort(),
        freshPorts: async () => ({ port: await freePort(), uiPort: await freePort() }),
        namespace: 'default',
        dataDir,
        logLevel: 'error',
        searchAttributes: options.searchAttributes,
      });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return new Cluster(dir, dataDir, devServer, {
      TEMPORAL_ADDRESS: devServer.address,
      // A cluster of our own on the dev roster: outside development by TEMPORAL_ADDRESS, so said to be meant.
      ALLOW_DEV_ROSTER: 'true',
      DATA_DIR: dataDir,
      POLICY_FILE: policyFile,
      WORKER_SHUTDOWN_GRACE: options.workerShutdownGrace ?? '20s',
    });
  }

  /** An API process as `npm run start:api` runs it (on `port`, else a free one), once /healthz answers 200. */
  async api(name: string, port?: number): Promise<Api> {
    port ??= await freePort();
    const env = cleanEnv({ ...this.baseEnv, PORT: String(port) });
    const proc = this.procs.script(name, 'start:api', 'api/main.ts', env);
    const api = new Api(proc, `http://127.0.0.1:${port}`);
    await this.ready(proc, async () => (await fetch(`${api.base}/healthz`)).status === 200);
    return api;
  }

  /**
   * A worker process as `npm run start:worker` runs it (worker/main.ts; with `faults`, the test entry obeying
   * this.faults), once it polls.
   */
  async worker(
    name: string,
    options: { faults?: boolean; env?: Record<string, string> } = {},
  ): Promise<Proc> {
    const script = options.faults ? 'test/support/fault-worker.ts' : 'worker/main.ts';
    const env = cleanEnv({
      ...this.baseEnv,
      ...(options.faults ? { FAULT_DIR: this.faults.dir } : {}),
      ...options.env,
    });
    const proc = this.procs.script(name, 'start:worker', script, env);
    await this.ready(proc, () => /Worker polling namespace/.test(proc.output()));
    // The stack-trace switch is applied by the script's preload: its warning means a worker unlike production's.
    if (/WORKER_WORKFLOW_STACK_TRACES=off has no effect/.test(proc.output()))
      throw new Error(`${name} was started without the preload of npm run start:worker\n${proc.tail()}`);
    return proc;
  }

  private ready(proc: Proc, check: () => Promise<boolean> | boolean): Promise<void> {
    return eventually(
      `${proc.name} to be ready`,
      async () => {
        if (!proc.running) throw new Error(`${proc.name} exited during start-up`);
        return (await check()) || undefined;
      },
      { timeoutMs: 120_000, context: () => proc.tail() },
    ).then(() => undefined);
  }

  /** Recent output of every process, for failure messages. */
  context(): string {
    return `${this.procs.tails()}\n--- temporal dev server ---\n${this.devServer.recentOutput()}`;
  }

  async stop(): Promise<void> {
    try {
      await this.procs.stopAll();
    } finally {
      await this.devServer.stop();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * Calls of one idempotency key in an edge's journal: how many acted (not duplicates), how many were answered
 * from the record (a retry), how many were refused (the key closed by a lookup), and the reference the edge
 * recorded.
 */
export async function journalOf(journal: CallJournal<Receipt>, key: string) {
  const calls = (await journal.calls()).filter((c) => c.key === key);
  return {
    acted: calls.filter((c) => !c.duplicate).length,
    retried: calls.filter((c) => c.duplicate && c.refused === undefined).length,
    refused: calls.filter((c) => c.refused !== undefined).length,
    reference: (await journal.outcome(key))?.reference,
  };
}
