/**
 * Smoke test of the bench in a tiny mode: it starts both deployments (npm start's one process, and the worker
 * and the API as processes of their own), each with the floor's worker beside the case worker, runs every phase
 * and ends its output with one JSON object carrying every field of the report. Numbers are not judged here (they
 * are the bench's business).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(420_000);

const projectRoot = path.resolve(__dirname, '../..');

test('npm run bench in a tiny mode prints the tables and, last, one JSON object with every field', async () => {
  const args = ['--quick', '--cases', '20', '--rate', '20', '--margin', '3', '--rounds', '1', '--ops', '8'];
  const tiny = [...args, '--concurrency', '4', '--burst', '10', '--burst-sla', '5'];
  const child = spawn('npm', ['run', '--silent', 'bench', '--', ...tiny], {
    cwd: projectRoot,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect([code, stderr.slice(-3000)]).toEqual([0, expect.any(String)]);

  const lines = stdout.trim().split('\n');
  const text = lines.join('\n');
  for (const row of [
    '| open c4 api',
    '| open c4 direct',
    '| open c4 floor',
    '| update api',
    'apiOverFloor, embedded, c4',
  ]) {
    expect(text).toContain(row);
  }
  expect(text).toContain('apiOverFloor, split, c4');
  const result = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  for (const field of [
    'apiOverFloor',
    'errors',
    'openRatio',
    'openP99Ratio',
    'updateRatio',
    'updateP99Ratio',
    'timerLagP50Ms',
    'timerLagP99Ms',
    'workerRssMb',
  ]) {
    expect([field, typeof result[field], Number.isFinite(result[field])]).toEqual([field, 'number', true]);
  }
  const floor = result.floor as Record<string, Record<string, { apiOverFloor: { median: number } }>>;
  expect(Object.keys(floor).sort()).toEqual(['embedded', 'split']);
  for (const d of Object.values(floor)) expect(Number.isFinite(d.c4!.apiOverFloor.median)).toBe(true);
  expect(result.burst).toMatchObject({ cases: 10, concurrency: 64, lagP99Ms: expect.any(Number) });
  expect(result.openCases).toBe(20);
  expect(Object.keys(result.eventsPerCase as object).sort()).toEqual([
    'concierge',
    'dispute',
    'lost_goods',
    'per100ManagerActions',
    'travel_cancellation',
    'visa_help',
  ]);
  for (const n of Object.values(result.eventsPerCase as Record<string, number>)) expect(n).toBeGreaterThan(0);
  expect(result.openingEvents).toMatchObject({ floor: 5 });
});
