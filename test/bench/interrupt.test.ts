/**
 * A bench run stopped half way (a CI's timeout sends SIGTERM to the bench alone; Ctrl-C) stops the dev server and
 * the processes it started and removes its temp data, instead of leaving them running and filling /tmp.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

jest.setTimeout(240_000);

const projectRoot = path.resolve(__dirname, '../..');

/** Processes whose command line or environment names `text` (the run's data directory). */
function processesNaming(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) =>
      ['cmdline', 'environ'].some((f) => {
        try {
          return readFileSync(`/proc/${pid}/${f}`, 'latin1').includes(text);
        } catch {
          return false; // gone, or not ours
        }
      }),
    )
    .map(Number);
}

test('SIGTERM to a running bench stops every process of its stack and removes its data', async () => {
  const child = spawn(
    'node',
    ['--import', 'tsx', 'bench/run.ts', '--only', 'burst', '--burst', '4', '--burst-sla', '60'],
    {
      cwd: projectRoot,
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // once the burst's cases are open, its stack is up: a dev server, a worker and an API
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/burst: 4 opened/.test(stderr)) resolve();
    });
    void exited.then(() => reject(new Error(`the bench ended before its burst:\n${stderr.slice(-4000)}`)));
  });
  const dir = /data in (\S+);/.exec(stderr)?.[1];
  expect(dir).toBeDefined();
  expect(processesNaming(dir!).length).toBeGreaterThanOrEqual(3);

  child.kill('SIGTERM');
  expect(await exited).toBe(130);
  expect(processesNaming(dir!)).toEqual([]);
  expect(existsSync(dir!)).toBe(false);
});
