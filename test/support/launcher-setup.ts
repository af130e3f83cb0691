/**
 * What `npm start` runs on in a process-level test: a temp folder with its DATA_DIR, policy (and roster and
 * members) files, and free ports; and the dev server a launcher started there: its pid from its pid file, whether
 * it is alive, and killing it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/** The pid of the dev server a launcher started on this DATA_DIR, from its pid file, if there is one. */
export function devServerPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'temporal-dev-server.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split(/\s+/)[0]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills (SIGKILL) the dev server a launcher started on this DATA_DIR, if its pid file is there: a launcher killed
 * hard leaves it running. Returns its pid.
 */
export function killDevServer(dataDir: string): number | undefined {
  const pid = devServerPid(dataDir);
  if (pid === undefined) return undefined;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return pid;
}

export interface LauncherSetup {
  /** The temp folder: DATA_DIR (`data`), `policy.json` and `roster.json` (when given). */
  dir: string;
  dataDir: string;
  /** The API's base URL. */
  base: string;
  uiPort: number;
  /** The environment `npm start` runs with: free ports, DATA_DIR, the files, a short worker grace. */
  env: Record<string, string>;
  /** Kills a dev server left by a launcher killed hard, and removes the folder. */
  remove(): void;
}

/** A temp DATA_DIR, policy (and roster) files and free ports for `npm start`. */
export async function launcherSetup(
  prefix: string,
  files: { policy: object; roster?: object; members?: object },
): Promise<LauncherSetup> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(files.policy));
  if (files.roster) writeFileSync(path.join(dir, 'roster.json'), JSON.stringify(files.roster));
  if (files.members) writeFileSync(path.join(dir, 'members.json'), JSON.stringify(files.members));
  const port = await freePort();
  const uiPort = await freePort();
  return {
    dir,
    dataDir,
    base: `http://127.0.0.1:${port}`,
    uiPort,
    env: {
      PORT: String(port),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(uiPort),
      DATA_DIR: dataDir,
      ...(files.roster ? { ROSTER_FILE: path.join(dir, 'roster.json') } : {}),
      ...(files.members ? { MEMBERS_FILE: path.join(dir, 'members.json') } : {}),
      POLICY_FILE: path.join(dir, 'policy.json'),
      WORKER_SHUTDOWN_GRACE: '5s',
    },
    remove() {
      killDevServer(dataDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
