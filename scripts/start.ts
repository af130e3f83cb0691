/**
 * `npm start`: the whole system in one process (platform/launcher.ts): the Temporal dev server unless
 * TEMPORAL_ADDRESS is set, the worker and the HTTP API. Exits with the launcher's code.
 */
import { launch } from '../platform/launcher';

launch().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
