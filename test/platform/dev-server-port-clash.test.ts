/**
 * The CLI binds ports it picked at random a moment after picking them; another process can take one in between
 * (seen in CI). Such a start-up is attempted again; a clash on a port the operator chose fails at once, one on a
 * port a test picked among the free ones is attempted again on fresh ports.
 * The CLI is the real one behind a wrapper script that counts its runs and can fail the first the way the
 * CLI does when a port it picked has been taken.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isClashOnAPortTheCliPicked } from '../../platform/dev-server-port-clash';
import { DevServerError, startDevServer, type DevServerOptions } from '../../platform/dev-server';
import { freePort } from '../../platform/free-port';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';

const realCli = process.env.TEMPORAL_CLI_PATH ?? ensureTemporalBinaries().cli;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dev-server-clash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A CLI that counts its runs in `runs`; with `failFirst`, its first run fails as a lost random port does (or with
 * the line given: a port taken between the check before the spawn and the CLI's own bind).
 */
function wrappedCli(failFirst: boolean | string): { cli: string; runs: () => number } {
  const firstFailure =
    typeof failFirst === 'string'
      ? failFirst
      : 'Error: unable to start server: listen tcp 127.0.0.1:40999: bind: address already in use';
  const quoted = firstFailure.replace(/'/g, `'\\''`); // inside the script's single quotes
  const runs = path.join(dir, 'runs');
  const cli = path.join(dir, 'temporal');
  writeFileSync(
    cli,
    [
      '#!/usr/bin/env bash',
      `echo run >> '${runs}'`,
      failFirst ? `if [ "$(wc -l < '${runs}')" -eq 1 ]; then echo '${quoted}' >&2; exit 1; fi` : '',
      `exec '${realCli}' "$@"`,
    ].join('\n'),
  );
  chmodSync(cli, 0o755);
  return { cli, runs: () => (existsSync(runs) ? readFileSync(runs, 'utf8').trim().split('\n').length : 0) };
}

/** Starts the dev server through `cli` on `port`, a free UI port and this test's data directory. */
const startOn = async (cli: string, port: number, more: Partial<DevServerOptions> = {}) =>
  startDevServer({
    cli,
    port,
    uiPort: await freePort(),
    namespace: 'default',
    dataDir: path.join(dir, 'data'),
    logLevel: 'error',
    ...more,
  });

/** A loopback port held (a probe connecting to it is dropped) until `release`. */
async function heldPort(): Promise<{ port: number; release: () => void }> {
  const taken = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  return { port: (taken.address() as net.AddressInfo).port, release: () => taken.close() };
}

test('a start-up that lost a port the CLI picked is attempted again, and the server comes up', async () => {
  const { cli, runs } = wrappedCli(true);
  const lines: string[] = [];
  const server = await startOn(cli, await freePort(), { onOutput: (line) => lines.push(line) });
  try {
    expect(runs()).toBe(2);
    expect(lines.join('\n')).toMatch(/lost a port it had picked .*attempt 1 of 3/);
  } finally {
    await server.stop();
  }
});

test('a clash on the frontend port the operator chose fails at once, naming the port, before the CLI runs', async () => {
  const { cli, runs } = wrappedCli(false);
  const { port, release } = await heldPort();
  try {
    const start = startOn(cli, port, { portSettings: 'TEMPORAL_PORT and TEMPORAL_UI_PORT to free ports' });
    await expect(start).rejects.toThrow(DevServerError);
    await expect(start).rejects.toThrow(`port ${port} is in use (EADDRINUSE)`);
    await expect(start).rejects.toThrow('set TEMPORAL_PORT and TEMPORAL_UI_PORT');
    // another server on the port would have answered the readiness probe for a CLI that exited on the clash
    expect(runs()).toBe(0);
  } finally {
    release();
  }
});

test('a port the caller picked among the free ones, taken before the start, is picked again', async () => {
  const { cli, runs } = wrappedCli(false);
  const { port, release } = await heldPort();
  const lines: string[] = [];
  try {
    const server = await startOn(cli, port, {
      freshPorts: async () => ({ port: await freePort(), uiPort: await freePort() }),
      onOutput: (line) => lines.push(line),
    });
    try {
      expect(runs()).toBe(1);
      expect(server.address).not.toBe(`127.0.0.1:${port}`);
      expect(lines.join('\n')).toMatch(
        /A port picked for the Temporal dev server was taken before its start/,
      );
    } finally {
      await server.stop();
    }
  } finally {
    release();
  }
});

test('one taken between that check and the CLI binding it is attempted again on fresh ports', async () => {
  // as in CI: the port a test picked free was taken before the server bound it
  const port = await freePort();
  const { cli, runs } = wrappedCli(
    `Error: unable to start server: can't set frontend port ${port}: listen tcp 127.0.0.1:${port}: bind: address already in use`,
  );
  const lines: string[] = [];
  const server = await startOn(cli, port, {
    freshPorts: async () => ({ port: await freePort(), uiPort: await freePort() }),
    onOutput: (line) => lines.push(line),
  });
  try {
    expect(runs()).toBe(2);
    expect(server.address).not.toBe(`127.0.0.1:${port}`);
    expect(lines.join('\n')).toMatch(
      /A port picked for the Temporal dev server was taken \(attempt 1 of 3\)/,
    );
  } finally {
    await server.stop();
  }
});

test.each([
  ['a port the CLI picked', true, 'listen tcp 127.0.0.1:40999: bind: address already in use'],
  [
    'the chosen frontend port',
    false,
    "can't set frontend port 7233: listen tcp 127.0.0.1:7233: bind: address already in use",
  ],
  [
    'the chosen UI port',
    false,
    "can't set UI port 8233: listen tcp 127.0.0.1:8233: bind: address already in use",
  ],
  ['a chosen port in another wording', false, 'listen tcp 127.0.0.1:7233: bind: address already in use'],
  ['another failure', false, 'unable to open database file'],
] as const)('a start-up failure on %s is attempted again: %p', (_what, retried, output) => {
  expect(isClashOnAPortTheCliPicked(output, [7233, 8233])).toBe(retried);
});
