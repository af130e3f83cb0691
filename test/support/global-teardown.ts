import { rmSync } from 'node:fs';
import path from 'node:path';
import { SHARED_BUNDLE_ENV } from './temporal';

/** Removes the run's shared workflow bundle (./global-setup.ts). */
export default function globalTeardown(): void {
  const file = process.env[SHARED_BUNDLE_ENV];
  if (file) rmSync(path.dirname(file), { recursive: true, force: true });
}
