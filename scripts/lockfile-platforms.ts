/**
 * Keeps `npm ci` working from package-lock.json.
 *
 * The registry this project's machines reach serves only the Linux builds of packages that ship one native
 * package per platform (@swc/core-*, @unrs/resolver-binding-*, ...). `npm install` here then writes a lock
 * without the other platforms' optional entries, and `npm ci` refuses that lock ("Missing: … from lock file").
 * This script adds the missing optional entries with their version and the os/cpu/libc read from the package
 * name, so npm skips them on other platforms (and would fetch them by name and version on those platforms).
 *
 *   npx tsx scripts/lockfile-platforms.ts          # fix package-lock.json in place
 *   npx tsx scripts/lockfile-platforms.ts --check  # exit 1 if entries are missing
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  [key: string]: unknown;
}

const OSES = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPUS = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

/** `@swc/core-linux-arm64-musl` → linux / arm64 / musl. */
export function platformOf(name: string): { os: string; cpu: string; libc?: string } | undefined {
  const tokens = name.split('/').pop()!.split('-');
  const os = tokens.find((t) => OSES.includes(t));
  const cpu = tokens.find((t) => CPUS.includes(t));
  if (!os || !cpu) return undefined;
  const libc = tokens.some((t) => t.startsWith('musl'))
    ? 'musl'
    : os === 'linux' && tokens.some((t) => t.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

/** Where npm would look for `name` required from the package at `from` (nested first, then up to the root). */
function resolves(packages: Record<string, LockEntry>, from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const at = dir.lastIndexOf('node_modules/');
    dir = at <= 0 ? '' : dir.slice(0, at - 1);
  }
}

export function addMissingPlatformEntries(lock: { packages: Record<string, LockEntry> }): string[] {
  const added: string[] = [];
  for (const [at, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      if (resolves(lock.packages, at, name)) continue;
      const platform = platformOf(name);
      if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
      lock.packages[`node_modules/${name}`] = {
        version,
        ...(entry.dev ? { dev: true } : {}),
        optional: true,
        os: [platform.os],
        cpu: [platform.cpu],
        ...(platform.libc ? { libc: [platform.libc] } : {}),
      };
      added.push(`${name}@${version}`);
    }
  }
  // npm's own order (locale compare, root first), so the next `npm install` does not reshuffle the file.
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) =>
      a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
    ),
  );
  return added;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const added = addMissingPlatformEntries(lock);
  if (process.argv.includes('--check')) {
    if (added.length > 0) {
      process.stderr.write(
        `package-lock.json lacks ${added.length} platform entries (npm ci will fail); run npx tsx scripts/lockfile-platforms.ts\n`,
      );
      process.exit(1);
    }
  } else {
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    process.stdout.write(
      added.length ? `added ${added.length} entries:\n  ${added.join('\n  ')}\n` : 'nothing to add\n',
    );
  }
}
