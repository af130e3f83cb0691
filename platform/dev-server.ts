/**
 * The embedded Temporal dev server (`temporal server start-dev`): spawn it on a SQLite file, wait until it
 * answers, stop it with SIGTERM. Used by the launcher when TEMPORAL_ADDRESS is unset.
 */
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { portIsFree } from './free-port';
import { setTimeout as sleep } from 'node:timers/promises';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import {
  DEV_SERVER_START_ATTEMPTS,
  isAddressInUse,
  isClashOnAPortTheCliPicked,
} from './dev-server-port-clash';
import { searchAttributeFlag } from './search-attribute-registration';

export interface DevServerOptions {
  /** Path of the `temporal` CLI. */
  cli: string;
  ip?: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Directory of the SQLite file (`temporal.sqlite`) and the pid file; created if missing. */
  dataDir: string;
  /** Registered at start; the case search attributes unless given. */
  searchAttributes?: typeof CASE_SEARCH_ATTRIBUTES;
  /** The API's codec endpoint (`http://localhost:3000/codec`): the Web UI decodes payloads through it. */
  uiCodecEndpoint?: string;
  /** The server's own log level (`temporal --log-level`). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** Receives each line the server prints. */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
  /**
   * For a caller that picked `port` and `uiPort` among the free ones (tests, the bench), not an operator: new
   * free ports, so that a clash on one of them (taken by another process, or by the CLI's own random picks,
   * between the pick and the bind) is attempted again instead of failing.
   */
  freshPorts?: () => Promise<{ port: number; uiPort: number }>;
  /** How an operator chooses the ports, for the message when one is taken (`TEMPORAL_PORT and ...`). */
  portSettings?: string;
}

export interface DevServer {
  address: string;
  pid: number;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Last lines the server printed, for error messages. */
  recentOutput(): string;
  /** SIGTERM, wait for exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export class DevServerError extends Error {
  override name = 'DevServerError';
}

/** The server exited before it answered: its output says why. */
class DevServerStartupExit extends DevServerError {}

export const DEV_SERVER_DB_FILE = 'temporal.sqlite';
const PID_FILE = 'temporal-dev-server.pid';

/** The CLI arguments, one `--search-attribute Name=Type` per attribute. */
export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    o.ip ?? '127.0.0.1',
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--db-filename',
    path.join(o.dataDir, DEV_SERVER_DB_FILE),
    // SQLite's default rollback journal syncs the file several times per transaction; in write-ahead-log mode a
    // commit is one append and one sync, still durable. Every workflow task is a transaction: under a burst
    // the server waited on the disk more than it worked (docs/performance.md).
    '--sqlite-pragma',
    'journal_mode=wal',
    '--namespace',
    o.namespace,
    ...(o.searchAttributes ?? CASE_SEARCH_ATTRIBUTES).flatMap((key) => [
      '--search-attribute',
      searchAttributeFlag(key),
    ]),
    '--ui-disable-news-fetch',
    // The CLI's embedded UI has no switch to disable its write actions. The worker refuses the messages they send
    // (updates, signals, starts, a cancellation request); terminate and reset are the server's own and are not.
    // On a cluster, the UI's TEMPORAL_DISABLE_WRITE_ACTIONS and the server's authorizer close those.
    ...(o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : []),
    '--log-level',
    o.logLevel ?? 'warn',
  ];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * The pid file holds "<server pid> <launcher pid>". A server whose launcher died hard (SIGKILL) holds the SQLite
 * file and the ports: stop it. A server whose launcher is alive belongs to another running launcher: refuse.
 */
async function clearEarlierServer(pidFile: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(pidFile)) return;
  const [serverPid, launcherPid] = readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8');
  } catch {
    // not running (or no procfs): a stale pid file
  }
  if (serverPid && cmdline.includes('start-dev') && cmdline.includes(path.dirname(pidFile))) {
    const owned = launcherPid !== undefined && isAlive(launcherPid) && parentOf(serverPid) === launcherPid;
    if (owned) {
      throw new DevServerError(
        `another launcher (pid ${launcherPid}) is already running a Temporal dev server on ${path.dirname(pidFile)}; ` +
          'stop it first or use another DATA_DIR',
      );
    }
    log(`Stopping a Temporal dev server left over from an earlier run (pid ${serverPid})`);
    process.kill(serverPid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (isAlive(serverPid) && Date.now() < deadline) await sleep(100);
    if (isAlive(serverPid)) {
      process.kill(serverPid, 'SIGKILL');
      // gone, its ports with it, before the check that they are free
      const killed = Date.now() + 5_000;
      while (isAlive(serverPid) && Date.now() < killed) await sleep(50);
    }
  }
  rmSync(pidFile, { force: true });
}

/** Which of the server's ports something else listens on already (`port 7233`), if any. */
async function takenPort(o: DevServerOptions): Promise<string | undefined> {
  const ip = o.ip ?? '127.0.0.1';
  if (!(await portIsFree(o.port, ip))) return `port ${o.port}`;
  if (!(await portIsFree(o.uiPort, ip))) return `UI port ${o.uiPort}`;
  return undefined;
}

/**
 * Spawns the dev server and resolves once it serves the namespace; rejects if it exits or times out first.
 * A start-up that failed on a port the CLI picked itself is attempted again (./dev-server-port-clash.ts).
 */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  mkdirSync(o.dataDir, { recursive: true });
  const pidFile = path.join(o.dataDir, PID_FILE);
  await clearEarlierServer(pidFile, (line) => o.onOutput?.(line));
  let options = o;
  // Checked before the spawn: a server already on the port (another `temporal server start-dev`) would answer the
  // readiness probe while the one spawned here exits on the clash, and be taken for it.
  for (let pick = 1; ; pick++) {
    const taken = await takenPort(options);
    if (taken === undefined) break;
    if (!o.freshPorts || pick >= DEV_SERVER_START_ATTEMPTS) {
      throw new DevServerError(
        `the Temporal dev server's ${taken} is in use (EADDRINUSE) on ${options.ip ?? '127.0.0.1'} (another Temporal server, ` +
          `another npm start, or another program): stop it, or set ${o.portSettings ?? 'other ports'}`,
      );
    }
    options = { ...options, ...(await o.freshPorts()) };
    o.onOutput?.(
      `A port picked for the Temporal dev server was taken before its start (${taken}); ` +
        `starting it on ${options.port} and ${options.uiPort}`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, pidFile);
    } catch (err) {
      if (!(err instanceof DevServerStartupExit) || attempt >= DEV_SERVER_START_ATTEMPTS) throw err;
      if (isClashOnAPortTheCliPicked(err.message, [options.port, options.uiPort])) {
        o.onOutput?.(
          `The Temporal dev server lost a port it had picked to another process (attempt ${attempt} of ` +
            `${DEV_SERVER_START_ATTEMPTS}); starting it again`,
        );
      } else if (o.freshPorts && isAddressInUse(err.message)) {
        options = { ...options, ...(await o.freshPorts()) };
        o.onOutput?.(
          `A port picked for the Temporal dev server was taken (attempt ${attempt} of ` +
            `${DEV_SERVER_START_ATTEMPTS}); starting it again on ${options.port} and ${options.uiPort}`,
        );
      } else {
        throw err;
      }
    }
  }
}

async function startOnce(o: DevServerOptions, pidFile: string): Promise<DevServer> {
  // Own process group: a Ctrl-C in the terminal reaches the launcher only, which stops the server last.
  const child: ChildProcess = spawn(o.cli, devServerArgs(o), {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  let stopping = false;
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      // Its shutdown chatter (dial errors of its own internal clients) is noise: keep it for errors only.
      if (!stopping) o.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      rmSync(pidFile, { force: true });
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      recent.push(String(err));
      resolve({ code: null, signal: null });
    });
  });
  let hasExited = false;
  // If this process ends without stop() (a crash, a second Ctrl-C), do not leave the server holding DATA_DIR.
  const killOnExit = () => {
    if (!hasExited) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  void exited.then(() => {
    hasExited = true;
    process.removeListener('exit', killOnExit);
  });
  const recentOutput = () => recent.join('\n');
  const pid = child.pid ?? -1;
  if (child.pid !== undefined) writeFileSync(pidFile, `${child.pid} ${process.pid}\n`);

  const stop = async (timeoutMs = 15_000): Promise<void> => {
    if (hasExited) return;
    stopping = true;
    child.kill('SIGTERM');
    const giveUp = new AbortController();
    const timedOut = await Promise.race([
      exited.then(() => false),
      sleep(timeoutMs, true, { signal: giveUp.signal }).catch(() => false),
    ]);
    giveUp.abort();
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const address = `${o.ip ?? '127.0.0.1'}:${o.port}`;
  const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      throw new DevServerStartupExit(
        `the Temporal dev server exited during start-up (${signal ?? `code ${code}`}):\n${recentOutput()}`,
      );
    }
    if (await answers(address, o.namespace)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new DevServerError(
        `the Temporal dev server did not answer on ${address} in time:\n${recentOutput()}`,
      );
    }
    await sleep(250);
  }
  await waitForHttp(`http://${o.ip ?? '127.0.0.1'}:${o.uiPort}/`, 15_000);
  return { address, pid, exited, recentOutput, stop };
}

/** True once the frontend serves the namespace (it is registered at start-up, a moment after the port opens). */
async function answers(address: string, namespace: string): Promise<boolean> {
  // Lazy, so that a failed connect still leaves a connection to close (Connection.connect would leak its channel).
  const connection = Connection.lazy({ address, connectTimeout: 1_000 });
  try {
    await connection.ensureConnected();
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Best effort: the Web UI starts with the server; give it a moment so the first link works. */
async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return true;
    } catch {
      await sleep(250);
    }
  }
  return false;
}
