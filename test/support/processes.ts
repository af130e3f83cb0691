/**
 * Child processes for process-level tests (e2e, reliability): spawn with a clean environment, capture output,
 * wait for readiness, signal, and always clean up. JSON over HTTP is in http-requests.ts; the temp folder, files
 * and ports of an `npm start` in launcher-setup.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { npmScript } from '../../bench/proc';
import { eventually } from './eventually';

export const projectRoot = path.resolve(__dirname, '../..');

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** The promise's value, or 'timeout' after `ms` (the timer does not hold the process open). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, sleep(ms, 'timeout' as const, { ref: false })]);
}

/**
 * The calling environment without the TEMPORAL_* settings (and webhook) of the developer's shell; no metrics
 * endpoint unless asked for (several processes of a test would contend for the default port).
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('TEMPORAL_') && k !== 'NOTIFY_WEBHOOK_URL' && k !== 'METRICS_PORT',
    ),
  );
  return { ...env, LOG_LEVEL: 'info', METRICS_PORT: 'off', ...extra };
}

export class Proc {
  private out = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    /** Spawned as its own process group (killGroup reaches its children). */
    private readonly group: boolean,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  output(): string {
    return this.out;
  }

  /** The last lines of output, headed by the process's name, for failure messages. */
  tail(chars = 6_000): string {
    return `--- ${this.name} (pid ${this.pid}) output ---\n${this.out.slice(-chars)}`;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Signals the whole process group (npm and everything it started in the group). */
  killGroup(signal: NodeJS.Signals): void {
    if (!this.running && !this.group) return;
    try {
      process.kill(this.group ? -this.pid : this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Resolves once a line of output matches. */
  waitForOutput(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    return eventually(
      `${this.name} to print ${pattern}`,
      () => {
        if (pattern.test(this.out)) return true;
        if (!this.running) throw new Error(`${this.name} exited: ${JSON.stringify(this.exit)}`);
        return undefined;
      },
      { timeoutMs, context: () => this.tail() },
    ).then(() => undefined);
  }

  /** SIGTERM, then SIGKILL (to the group when there is one) if it has not exited within `graceMs`. */
  async stop(graceMs = 20_000): Promise<Exit> {
    if (this.running) {
      this.killGroup('SIGTERM');
      if ((await within(this.exited, graceMs)) === 'timeout') this.killGroup('SIGKILL');
    }
    // A group may outlive its leader: make sure nothing of it stays behind.
    if (this.group) this.killGroup('SIGKILL');
    return this.exited;
  }
}

/** Every process a test file started, stopped together in afterAll even when a test failed. */
export class Processes {
  private readonly all: Proc[] = [];

  spawn(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { group?: boolean } = {},
  ): Proc {
    const child = spawn(command, args, {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.group ?? false,
    });
    const proc = new Proc(name, child, options.group ?? false);
    this.all.push(proc);
    return proc;
  }

  /** `node --import tsx <script>` from the project root, as the npm scripts run it. */
  node(name: string, script: string, env: NodeJS.ProcessEnv): Proc {
    return this.spawn(name, process.execPath, ['--import', 'tsx', script], env);
  }

  /**
   * An npm script's command line (`exec node <its flags> --import tsx <entry>`, its environment settings kept)
   * with `entry` in place of its own, so that a test's process runs with the heap limits and preloads that
   * production runs with.
   */
  script(name: string, npmScriptName: string, entry: string, env: NodeJS.ProcessEnv): Proc {
    return this.spawn(name, 'sh', ['-c', npmScript(npmScriptName, entry)], env);
  }

  /** `npm start`, in its own process group so that a test can kill it and its children at once. */
  npmStart(env: NodeJS.ProcessEnv): Proc {
    return this.spawn('npm start', 'npm', ['start'], env, { group: true });
  }

  /**
   * `npm start` with `env` (over a clean environment), resolved once the API at `base` answers /healthz 200.
   * Fails at once if the stack exits during start-up, and on timeout; either failure carries `context()` (by
   * default the stack's recent output).
   */
  async startStack(
    base: string,
    env: Record<string, string>,
    options: { timeoutMs?: number; context?: () => string } = {},
  ): Promise<Proc> {
    const stack = this.npmStart(cleanEnv(env));
    const context = options.context ?? (() => stack.tail());
    const outcome = await eventually(
      'the stack to answer /healthz',
      async () => {
        if (!stack.running) return 'exited';
        return (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200 ? 'ready' : undefined;
      },
      { timeoutMs: options.timeoutMs ?? 150_000, context },
    );
    if (outcome === 'exited')
      throw new Error(
        `npm start exited during start-up: ${JSON.stringify(await stack.exited)}\n${context()}`,
      );
    return stack;
  }

  /** The processes still running whose name starts with `prefix`, in start order. */
  running(prefix: string): Proc[] {
    return this.all.filter((p) => p.running && p.name.startsWith(prefix));
  }

  /** Recent output of every process, for failure messages. */
  tails(chars = 3_000): string {
    return this.all.map((p) => p.tail(chars)).join('\n');
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((p) => p.stop(10_000)));
  }
}
