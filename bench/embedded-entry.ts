/**
 * The embedded deployment for the bench: `npm start` (platform/launcher.ts: dev server, worker and API in one
 * process, unchanged) plus the floor's worker in the same process (bench/floor.ts). Started with the node flags
 * of `npm start` (bench/stack.ts).
 */
import { launch } from '../platform/launcher';
import { floorAlongside } from './floor';

const finished = launch(); // validates and installs the process's runtime before its first await
const launcherEnded = new AbortController();
const floor = floorAlongside(launcherEnded.signal);
finished.then(
  async (code) => {
    launcherEnded.abort(); // a floor still waiting for the server gives up: the launcher's own error is the story
    await floor.then((f) => f?.stop()).catch(() => undefined);
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`Start-up failed: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
