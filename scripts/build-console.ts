/**
 * `npm run build:console [-- --force]`: builds the web console ahead of time (platform/console-build.ts), for a
 * production image where esbuild may be absent at run time. The API builds it at start-up otherwise.
 */
import { ensureConsoleBuild } from '../platform/console-build';

ensureConsoleBuild({ force: process.argv.includes('--force') }).then(
  ({ dir, built }) => process.stdout.write(`Console ${built ? 'built in' : 'up to date in'} ${dir}\n`),
  (err: unknown) => {
    process.stderr.write(`Building the console failed: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
