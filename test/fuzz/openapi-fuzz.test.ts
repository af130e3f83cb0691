/**
 * An outside OpenAPI fuzzer against the API as served: schemathesis (pinned, installed into .tools/venv by
 * toolchain/schemathesis.ts) reads /docs/json and runs every check it has (server errors, status codes, content
 * types, response headers and schemas, negative data rejected, positive data accepted, auth ignored, methods
 * not documented, stateful links...) over all operations of a real harness (dev server, worker, API on a port).
 * Any finding fails the test with schemathesis' report, which ends with the seed.
 *
 * FUZZ_EXAMPLES (default 25) sets the examples per operation; FUZZ_SEED=<seed> replays a run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSchemathesis } from '../../toolchain/schemathesis';
import { roster, startHarness, type Harness } from '../support/api-harness';

const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '25';

let h: Harness;
let base: string;
let st: string;
let workDir: string;
beforeAll(async () => {
  st = ensureSchemathesis();
  workDir = mkdtempSync(path.join(tmpdir(), 'openapi-fuzz-'));
  h = await startHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await h?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function tokenOf(id: string): string {
  const token = roster.get(id)?.token;
  if (!token) throw new Error(`no ${id} in the dev roster`);
  return token;
}

/** Runs schemathesis to the end without blocking the event loop (the API under test lives in this process). */
function fuzz(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, {
      // Its own cwd: hypothesis keeps its example database there, not in the repository.
      cwd: workDir,
      env: {
        ...process.env,
        FUZZ_HEAD_TOKEN: tokenOf('head-dai'),
        FUZZ_SYSTEM_TOKEN: tokenOf('app'),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('schemathesis finds no server error and no answer that breaks the OpenAPI document', async () => {
  const { code, output } = await fuzz([
    '--config-file',
    path.join(__dirname, 'schemathesis.toml'),
    '--no-color',
    'run',
    `${base}/docs/json`,
    '--checks',
    'all',
    '--max-examples',
    EXAMPLES,
    // One worker: schemathesis' threads hit a CPython 3.11 ast race (gh-106905, "AST constructor recursion
    // depth mismatch") that ends a run with a runtime error of the tool, not of the API.
    '--workers',
    '1',
    ...(process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : []),
  ]);
  const doc = (await h.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, object> }>();
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  const seed = /Seed: (\d+)/.exec(output)?.[1];
  const verdict = {
    code,
    // Every documented operation was exercised, not skipped.
    tested: Number(/Tested:\s+(\d+)/.exec(output)?.[1]),
    reproduce: `FUZZ_SEED=${seed} FUZZ_EXAMPLES=${EXAMPLES} npx jest --runInBand test/fuzz`,
  };
  if (code !== 0) process.stderr.write(output);
  expect({ ...verdict, output: code === 0 ? '' : output }).toEqual({
    ...verdict,
    code: 0,
    tested: operations,
    output: '',
  });
}, 600_000);
