/**
 * Secrets a development set-up generates for itself: created once in DATA_DIR with mode 0600 and read back by
 * every process on the same DATA_DIR (several API processes then share the key). Production sets them in the
 * environment instead.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './load-json';

const SECRET_BYTES = 32;

/** The secret in DATA_DIR/<name> (hex), generated on first use; a file others may read is narrowed to 0600. */
export function devSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  try {
    return readSecret(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Written whole under a temporary name, then linked into place: a racing process either wins the link or
  // reads the winner's complete file, never a half-written one.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${randomBytes(SECRET_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  const secret = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/.test(secret)) {
    throw new ConfigError(
      `${file} is not a generated secret (64 hex digits): remove it to generate a new one`,
    );
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return secret;
}
