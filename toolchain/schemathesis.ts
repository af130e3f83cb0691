/**
 * Locates the pinned schemathesis (the OpenAPI fuzzer of test/fuzz), installing it from PyPI into the
 * project venv (`.tools/venv`) on first use or when another version is there.
 */
import { existsSync } from 'node:fs';
import { installedVersion, pipInstall, venvBin } from './python-venv';

export const SCHEMATHESIS = { pypi: 'schemathesis', version: '4.32.5', bin: 'st' } as const;

/** Absolute path of the `st` command of the pinned version. */
export function ensureSchemathesis(): string {
  if (installedVersion(SCHEMATHESIS.pypi) !== SCHEMATHESIS.version) {
    pipInstall([`${SCHEMATHESIS.pypi}==${SCHEMATHESIS.version}`]);
  }
  const st = venvBin(SCHEMATHESIS.bin);
  if (!existsSync(st)) throw new Error(`schemathesis not found after install: ${st}`);
  return st;
}
