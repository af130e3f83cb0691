/**
 * Child processes for process-level tests (e2e, reliability): spawn with a clean environment, capture output,
 * wait for readiness, signal, and always clean up. Also free ports, polling, and JSON over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const projectRoot = path.resolve(__dirname, '../..');

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** The promise's value, or 'timeout' after `ms` (the timer does not hold the process open). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, sleep(ms, 'timeout' as const, { ref: false })]);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls until `check` returns a value other than undefined; a throw counts as "not yet". The failure message
 * names what was awaited, the last error and, when given, `context()` (a process's recent output).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(options.intervalMs ?? 250);
  }
  throw new Error(
    `timed out waiting for ${what} (${String(last)})${options.context ? `\n${options.context()}` : ''}`,
  );
}

/** The calling environment without the TEMPORAL_* settings (and webhook) of the developer's shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && k !== 'NOTIFY_WEBHOOK_URL'),
  );
  return { ...env, LOG_LEVEL: 'info', ...extra };
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

  /** `npm start`, in its own process group so that a test can kill it and its children at once. */
  npmStart(env: NodeJS.ProcessEnv): Proc {
    return this.spawn('npm start', 'npm', ['start'], env, { group: true });
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

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** One JSON request with a bearer token; the body parsed when it is JSON. */
export async function request(
  base: string,
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  } catch {
    return { status: res.status, body: text, headers: res.headers };
  }
}
