/**
 * The bench's embedded entry (npm start plus the floor's worker in one process): when the launcher fails to
 * start, the process ends with the launcher's reason, instead of the floor's worker keeping it alive while it
 * retries a server that will never answer, and then reporting only that it could not connect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, Processes, within } from '../support/processes';
import { freePort } from '../support/ports';

jest.setTimeout(120_000);

const procs = new Processes();
const dirs: string[] = [];
let holder: net.Server | undefined;

afterAll(async () => {
  await procs.stopAll();
  holder?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A loopback port this test listens on, so that the dev server cannot have it. */
async function takenPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  holder = server;
  return (server.address() as net.AddressInfo).port;
}

test('a launcher that cannot start ends the process with its own reason, not the floor retrying', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-entry-'));
  dirs.push(dataDir);
  const temporalPort = await takenPort();
  const entry = procs.node(
    'bench embedded entry',
    'bench/embedded-entry.ts',
    cleanEnv({
      DATA_DIR: dataDir,
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort()),
      PORT: String(await freePort()),
      // The floor never gets as far as loading it: the server it waits for never answers.
      BENCH_FLOOR_BUNDLE: path.join(dataDir, 'floor-bundle.js'),
    }),
  );
  // Well inside the floor's own patience (a minute or two of retries), well beyond the launcher's failure.
  const exit = await within(entry.exited, 60_000);
  expect({ exit, floorFailed: entry.output().includes('The floor worker failed') }).toEqual({
    exit: { code: 1, signal: null },
    floorFailed: false,
  });
  expect(entry.output()).toContain(`port ${temporalPort} is in use (EADDRINUSE)`);
});
