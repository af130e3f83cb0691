/**
 * The bench's stack start survives losing a port it chose: between the bench choosing a free port and a process
 * of the stack binding it, another process can take it (the kernel may give it to any outgoing connection). The
 * start is attempted again with fresh ports, and says so in the progress log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildFloorBundle } from '../../bench/floor';
import { writeBenchPolicy } from '../../bench/policy';
import { startStack, type Stack } from '../../bench/stack';
import { freePort } from '../support/ports';

jest.setTimeout(300_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-stack-'));
let holder: net.Server | undefined;
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.close();
  holder?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a stack whose dev server port is taken as it starts is started again on fresh ports', async () => {
  holder = net.createServer();
  await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
  const taken = (holder.address() as net.AddressInfo).port;
  const chosen: number[] = [];
  const lines: string[] = [];
  stack = await startStack({
    deployment: 'embedded',
    dataDir: path.join(dir, 'embedded'),
    policyFile: writeBenchPolicy(path.join(dir, 'policy.json'), []),
    notifyWebhookUrl: 'http://127.0.0.1:9/unused',
    floorBundle: await buildFloorBundle(path.join(dir, 'floor-bundle.js')),
    log: (line) => lines.push(line),
    // The first port of the first attempt is the dev server's: taken.
    choosePort: async () => {
      const port = chosen.length === 0 ? taken : await freePort();
      chosen.push(port);
      return port;
    },
  });
  expect(lines.filter((l) => l.includes('starting it again with fresh ports'))).toHaveLength(1);
  expect(stack.address).not.toBe(`127.0.0.1:${taken}`);
  expect((await fetch(`${stack.apiBase}/healthz`)).status).toBe(200);
});
