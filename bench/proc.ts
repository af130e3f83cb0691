/**
 * The processes of a measured stack: an npm script's command line with our entry in it, spawned with extra node
 * flags, its output kept, its memory read from /proc, stopped with SIGTERM (SIGKILL after 20 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { undoOnInterrupt } from './interrupt';

const projectRoot = path.resolve(__dirname, '..');

/** `exec node ` after the script's environment settings (`MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} `). */
const EXEC_NODE = /^((?:[A-Z_]+=\S+ )*)exec node /;

/**
 * The command line of an npm script (`[NAME=value ...] exec node <flags> --import tsx <entry>`, its environment
 * settings kept), its entry replaced by ours.
 */
export function npmScript(name: string, entry?: string): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts[name];
  if (!script || !EXEC_NODE.test(script)) throw new Error(`npm script ${name} must run exec node`);
  return entry === undefined ? script : script.replace(/\s\S+\.ts$/, ` ${entry}`);
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Peak resident set (VmHWM) in MiB, from /proc. */
  peakRssMb(): number;
  /** Resident set now (VmRSS) in MiB, from /proc. */
  rssMb(): number;
  /** Resolves once the process has printed `text` (from now on; however much it prints after). */
  printed(text: string): Promise<void>;
  /** Resets the peak (VmHWM) to the current resident set; false where the kernel refuses. */
  resetPeakRss(): boolean;
  stop(): Promise<void>;
}

/** A size field of /proc/<pid>/status (kB) in MiB. */
function statusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
}

export function startProcess(command: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Proc {
  const cmd = command.replace(EXEC_NODE, `$1exec node ${nodeFlags.join(' ')} `);
  const child = spawn('sh', ['-c', cmd], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const watchers = new Set<{ text: string; seen: string; resolve: () => void }>();
  const keep = (d: Buffer) => {
    const chunk = d.toString();
    out = (out + chunk).slice(-20_000);
    for (const w of watchers) {
      // what it printed since the watch began, only as much as a match across chunks needs
      w.seen = (w.seen + chunk).slice(-(chunk.length + w.text.length));
      if (w.seen.includes(w.text)) {
        watchers.delete(w);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: Proc = {
    child,
    output: () => out,
    peakRssMb: () => statusMb(child.pid, 'VmHWM'),
    rssMb: () => statusMb(child.pid, 'VmRSS'),
    printed: (text) => new Promise<void>((resolve) => watchers.add({ text, seen: '', resolve })),
    resetPeakRss: () => {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(20_000, false, { ref: false })]);
      if (!done) child.kill('SIGKILL');
    },
  };
  const forget = undoOnInterrupt(() => proc.stop());
  void exited.then(forget);
  return proc;
}
