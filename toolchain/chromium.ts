/**
 * Locates Debian's Chromium for the console's browser tests, installing it with apt when it is missing
 * (`npm run chromium:install`, and by the tests themselves). The machine reaches Debian's archive, not a
 * browser download: no puppeteer-managed Chrome. Idempotent: an installed browser is used as it is; the
 * package lists are refreshed (`apt-get update`) only when apt does not know a candidate for the package.
 * CHROMIUM_PATH names another executable (a developer's own browser) and skips the install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** chromium-sandbox and the desktop extras are not needed headless; a font family keeps screenshots legible. */
const PACKAGES = ['chromium', 'fonts-liberation'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's path when one is installed, else undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not executable`);
    return env.CHROMIUM_PATH;
  }
  return CANDIDATES.find(executable);
}

/** Whether apt knows an installable version of the package (false before the first `apt-get update`). */
function aptHasCandidate(pkg: string): boolean {
  const policy = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? '')?.[1];
  return candidate !== undefined && candidate !== '(none)';
}

/** apt-get as root directly, else through sudo without a password prompt. */
function aptGet(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  process.stderr.write(`chromium: ${command} ${argv.join(' ')}\n`);
  try {
    execFileSync(command, argv, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    throw new Error(
      `Could not run ${command} ${argv.join(' ')} (${(err as Error).message}). Install Debian's chromium ` +
        `(apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
}

/** The browser's path, installed from Debian's packages first when missing. */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = findChromium(env);
  if (found) return found;
  if (!PACKAGES.every(aptHasCandidate)) aptGet(['update']);
  aptGet(['install', '-y', '--no-install-recommends', ...PACKAGES]);
  const installed = findChromium(env);
  if (!installed) throw new Error(`apt installed ${PACKAGES.join(', ')} but no browser is at ${CANDIDATES}`);
  return installed;
}

/** `chromium --version`, for logs and the README. */
export function chromiumVersion(file: string): string {
  return execFileSync(file, ['--version'], { encoding: 'utf8' }).trim();
}
