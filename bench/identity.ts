/**
 * What a bench run measured, carried in its JSON line: the commit (and whether the tree differed from it), the
 * Node version, and the command line each measured process ran with (its heap and young-generation flags), so
 * that runs kept in `bench/runs/` can be compared knowing what changed between them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { npmScript } from './proc';

const projectRoot = path.resolve(__dirname, '..');

export interface RunIdentity {
  /** HEAD's commit, or null outside a git checkout (an unpacked archive). */
  commit: string | null;
  /** Whether tracked or new files differed from that commit; null outside a git checkout. */
  dirty: boolean | null;
  node: string;
  /** The npm scripts' command lines the stack's processes ran, with the flags the bench added to each. */
  processes: { worker: string; api: string; embedded: string };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: projectRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

export function runIdentity(extraNodeFlags: readonly string[]): RunIdentity {
  const commit = git(['rev-parse', 'HEAD'])?.trim() || null;
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=normal']);
  const withFlags = (script: string) => {
    const line = npmScript(script);
    return extraNodeFlags.length === 0 ? line : `${line} (bench added: ${extraNodeFlags.join(' ')})`;
  };
  return {
    commit,
    dirty: status === null ? null : status.trim() !== '',
    node: process.version,
    processes: {
      worker: withFlags('start:worker'),
      api: withFlags('start:api'),
      embedded: withFlags('start'),
    },
  };
}
