/**
 * Builds the web console (console/) into `.build/console/<source hash>/`: one minified ES module bundle and one
 * stylesheet (esbuild, names carrying their content hash) and an index.html that references them, with no
 * inline script or style (the console is served with a strict Content-Security-Policy).
 *
 * The folder is named after a hash of everything the build reads (console/, this script, the versions of
 * esbuild and preact), so a build is reused until a source changes. The API builds it at start-up when it is
 * missing (api/routes/console.ts), so `npm start` serves it on a fresh clone; `npm run build:console` builds it
 * ahead of time (a production image, where esbuild, a development dependency, may be absent at run time).
 * Processes building at once each build into a temporary folder and rename it into place: the first one wins.
 * Builds of other sources are removed once ten minutes old (a running API holds its build in memory).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const CONSOLE_SOURCE = path.join(ROOT, 'console');
export const CONSOLE_BUILDS = path.join(ROOT, '.build', 'console');
const ENTRY = path.join(CONSOLE_SOURCE, 'src', 'main.tsx');
const TEMPLATE = path.join(CONSOLE_SOURCE, 'index.html');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

const packageVersion = (name: string) =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

/**
 * What the console is built from, as a short hash: its sources (and the files of workflows/ it imports
 * constants from, which esbuild bundles), this script, and the build tool and UI library versions.
 */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(CONSOLE_SOURCE), path.join(ROOT, 'workflows', 'domain.ts'), __filename];
  for (const file of inputs) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  hash.update(`preact@${packageVersion('preact')}`);
  try {
    hash.update(`esbuild@${packageVersion('esbuild')}`);
  } catch {
    // not installed (a production image built ahead of time): the sources alone name the build
  }
  return hash.digest('hex').slice(0, 16);
}

/** The served file names (relative to the build folder) of the script and the stylesheet. */
function outputsOf(metafile: { outputs: Record<string, unknown> }, outdir: string) {
  const names = Object.keys(metafile.outputs).map((o) => path.relative(outdir, path.resolve(ROOT, o)));
  const js = names.find((n) => n.endsWith('.js'));
  const css = names.find((n) => n.endsWith('.css'));
  if (!js || !css) throw new Error(`the console build made ${names.join(', ')}: expected a .js and a .css`);
  return { js, css };
}

async function buildInto(outdir: string): Promise<void> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { app: ENTRY },
    outdir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(CONSOLE_SOURCE, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const { js, css } = outputsOf(result.metafile, outdir);
  const html = readFileSync(TEMPLATE, 'utf8').replace('%APP_JS%', js).replace('%APP_CSS%', css);
  if (html.includes('%APP_')) throw new Error(`${TEMPLATE} has a placeholder the build does not fill`);
  writeFileSync(path.join(outdir, 'index.html'), html);
}

/** Builds of other sources are removed once they are this old (a process building them now still finds its own). */
const PRUNE_AFTER_MS = 10 * 60_000;

/** Removes the older builds of other source versions (best effort). */
function pruneOthers(keep: string): void {
  for (const name of readdirSync(CONSOLE_BUILDS)) {
    const dir = path.join(CONSOLE_BUILDS, name);
    try {
      if (name !== keep && Date.now() - statSync(dir).mtimeMs > PRUNE_AFTER_MS) {
        rmSync(dir, { recursive: true, force: true });
      }
    } catch {
      // removed meanwhile by another process
    }
  }
}

export interface ConsoleBuild {
  /** The folder to serve: index.html and the hashed assets. */
  dir: string;
  /** Whether this call built it (false: an earlier build of the same sources was reused). */
  built: boolean;
}

/** The build of the current sources, made now when there is none (or when `force`). */
export async function ensureConsoleBuild(options: { force?: boolean } = {}): Promise<ConsoleBuild> {
  const hash = consoleSourceHash();
  const dir = path.join(CONSOLE_BUILDS, hash);
  if (!options.force && existsSync(path.join(dir, 'index.html'))) return { dir, built: false };
  mkdirSync(CONSOLE_BUILDS, { recursive: true });
  const tmp = path.join(CONSOLE_BUILDS, `${hash}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    await buildInto(tmp);
    if (options.force) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process renamed the same build into place first: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(path.join(dir, 'index.html'))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneOthers(hash);
  return { dir, built: true };
}
