/** Other programs' CPU, window by window (bench/noise.ts): a busy process beside ours shows in its windows. */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CpuMeter } from '../../bench/drain';
import { watchNoise } from '../../bench/noise';

test("a process spinning beside ours counts as other programs' CPU, ours does not", async () => {
  const meter = new CpuMeter(() => ({
    server: undefined,
    worker: undefined,
    api: undefined,
    bench: process.pid,
  }));
  const watch = watchNoise(meter, 500);
  const spinner = spawn(process.execPath, [
    '-e',
    'const end = Date.now() + 2500; while (Date.now() < end) {}',
  ]);
  await new Promise((resolve) => spinner.once('exit', resolve));
  await sleep(600);
  const noise = watch.stop();
  expect(noise.windows).toBeGreaterThanOrEqual(5);
  expect(noise.noisyWindows).toBeGreaterThanOrEqual(1);
  // One core spun; ours idled in between.
  expect(noise.maxForeignCores).toBeGreaterThan(0.5);
});
