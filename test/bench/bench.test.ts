/**
 * Smoke test of the bench in a tiny mode: it starts both deployments (npm start's one process, and the worker
 * and the API as processes of their own), each with the floor's worker beside the case worker, runs every phase
 * and ends its output with one JSON object carrying every field of the report; `--only burst` runs the burst
 * alone, and `--ladder` its rungs. Numbers are not judged here (they are the bench's business).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(420_000);

const projectRoot = path.resolve(__dirname, '../..');

/** Runs `npm run bench -- <args>`; its stdout's lines once it exited 0. */
async function bench(args: string[]): Promise<string[]> {
  const child = spawn('npm', ['run', '--silent', 'bench', '--', ...args], {
    cwd: projectRoot,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // On a failure, the end of the bench's progress log says why.
  expect({ code, stderr: code === 0 ? '' : stderr.slice(-6000) }).toEqual({ code: 0, stderr: '' });
  return stdout.trim().split('\n');
}

/** What a run measured: this checkout's commit, this node, and the npm scripts' command lines as they ran. */
function expectRunIdentity(run: unknown): void {
  const git = (args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8' });
  const scripts = (
    JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  expect(run).toEqual({
    commit: git(['rev-parse', 'HEAD']).trim(),
    dirty: git(['status', '--porcelain']).trim() !== '',
    node: process.version,
    processes: { worker: scripts['start:worker'], api: scripts['start:api'], embedded: scripts.start },
  });
}

const tierFigures = {
  slaMs: expect.any(Number),
  cases: expect.any(Number),
  errors: expect.any(Number),
  armed: expect.any(Number),
  escalated: expect.any(Number),
  missing: expect.any(Number),
  armedAfterS: expect.any(Number),
  lagP50Ms: expect.any(Number),
  lagP99Ms: expect.any(Number),
  lagMaxMs: expect.any(Number),
};

test('npm run bench in a tiny mode prints the tables and, last, one JSON object with every field', async () => {
  const args = ['--quick', '--cases', '20', '--rate', '20', '--margin', '3', '--rounds', '1', '--ops', '8'];
  // the first concurrency given, not the smallest, is the one compared with the API's own calls made direct
  const tiny = [...args, '--concurrency', '4,2', '--burst', '10', '--burst-sla', '5'];
  const lines = await bench(tiny);
  const text = lines.join('\n');
  for (const row of [
    '| open c4 api',
    '| open c4 direct',
    '| open c4 floor',
    '| open c4 floor http',
    'HTTP hop, embedded, c4: the floor behind a bare HTTP route / floor; API / that route',
    '| update api',
    'apiOverFloor, embedded, c4',
    '| burst apass_top: cases',
    '| burst apass: cases',
  ]) {
    expect(text).toContain(row);
  }
  expect(text).toContain('apiOverFloor, split, c4');
  expect(text).toContain('| open c2 api');
  expect(text).not.toContain('| open c2 direct');
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
    'timerNoisyWindows',
  ]) {
    expect([field, typeof result[field], Number.isFinite(result[field])]).toEqual([field, 'number', true]);
  }
  // How fast the machine ran before each round: a probe of fixed work, in milliseconds.
  expect(result.speedProbeMs).toEqual({
    median: expect.any(Number),
    min: expect.any(Number),
    max: expect.any(Number),
  });
  expect((result.speedProbeMs as { min: number }).min).toBeGreaterThan(0);
  // And how fast its memory answered: nanoseconds per dependent load, beyond the caches.
  expect(result.memoryProbeNs).toEqual({
    median: expect.any(Number),
    min: expect.any(Number),
    max: expect.any(Number),
  });
  expect((result.memoryProbeNs as { min: number }).min).toBeGreaterThan(0);
  expect(text).toContain('Speed probes before each round');
  expect(text).toContain('memory (dependent loads at random over 64 MiB');
  // The targets not met, by name, as the text names them; one round has no interval, so no ratio is undecided.
  const missed = result.missed as string[];
  expect(result.undecided).toEqual([]);
  expect(/All targets met/.test(text)).toBe(missed.length === 0);
  // a burst of 10 and 20 open cases judge nothing at the targets' own scale, and the verdict says so
  expect(result.belowTargetScale).toBe(true);
  expect(text).toContain("a burst of 10 and 20 open cases, below the targets' own 2,000 and 10,000");
  for (const label of missed) expect(text).toMatch(new RegExp(`Targets missed: .*${label}`));
  // Judged over all the rounds (one here, so its interval is the value itself), beside the rounds' own spread.
  const floor = result.floor as Record<string, Record<string, { apiOverFloor: Record<string, unknown> }>>;
  expect(Object.keys(floor).sort()).toEqual(['embedded', 'split']);
  for (const d of Object.values(floor)) {
    const r = d.c4!.apiOverFloor as { value: number; interval90: number[]; median: number };
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.interval90).toEqual([r.value, r.value]);
    expect(r.median).toBe(r.value);
    // What any HTTP API costs here (the floor behind a bare route), and the API against that route.
    const c4 = d.c4 as unknown as Record<string, { value: number }>;
    expect(c4.floorHttpOverFloor!.value).toBeGreaterThan(0);
    expect(c4.apiOverFloorHttp!.value).toBeGreaterThan(0);
  }
  expect(result.apiOverFloor).toBe(
    Math.min(
      ...Object.values(floor).flatMap((d) => [d.c4!, d.c2!].map((c) => c.apiOverFloor.value as number)),
    ),
  );
  // The default mix: one apass_top opening in four (the 2nd, 6th and 10th), the rest apass.
  const burst = result.burst as { byTier: Record<string, { cases: number }> };
  expect(burst).toMatchObject({ cases: 10, concurrency: 64, lagP99Ms: expect.any(Number) });
  expect(burst.byTier).toEqual({
    apass_top: { ...tierFigures, slaMs: 5000, cases: 3 },
    apass: { ...tierFigures, slaMs: 5000, cases: 7 },
  });
  expect(result.openCases).toBe(20);
  expectRunIdentity(result.run);
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

  // Its rounds are in the JSON: `npm run bench:pool` judges runs together (the same run twice: the same ratios).
  const saved = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-pool-')), 'run.txt');
  writeFileSync(saved, text);
  const pooled = execFileSync('npm', ['run', '--silent', 'bench:pool', '--', saved, saved], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  const poolJson = JSON.parse(pooled.trim().split('\n').pop()!) as {
    figures: Record<string, { value: number; perRun: number[] }>;
  };
  expect(Object.keys(poolJson.figures).sort()).toEqual(
    [
      ...['apiOverFloor', 'apiOverFloorHttp', 'floorHttpOverFloor'].flatMap((f) =>
        ['embedded', 'split'].flatMap((d) => [`${f}, ${d}, c2`, `${f}, ${d}, c4`]),
      ),
      'updateRatio',
    ].sort(),
  );
  expect(poolJson.figures['apiOverFloor, split, c4']!.value).toBe(floor.split!.c4!.apiOverFloor.value);
  const c4 = floor.split!.c4 as unknown as Record<string, { value: number }>;
  expect(poolJson.figures['floorHttpOverFloor, split, c4']!.value).toBe(c4.floorHttpOverFloor!.value);
  expect(poolJson.figures.updateRatio!.perRun).toEqual([result.updateRatio, result.updateRatio]);
});

test('npm run bench -- --only burst runs the burst alone, every tier of the mix on the --burst-sla', async () => {
  const mix = ['--burst-mix', 'apass_top:1,apass:2', '--burst-sla', '5'];
  const lines = await bench(['--only', 'burst', '--burst', '6', '--burst-concurrency', '3', ...mix]);
  const text = lines.join('\n');
  for (const row of ['burst: 6 openings at c3', '| burst apass_top: cases', '| burst apass: cases']) {
    expect(text).toContain(row);
  }
  expect(text).not.toContain('| open c');
  const result = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  expect(Object.keys(result).sort()).toEqual(['burst', 'deployment', 'loadAvg1', 'mode', 'run']);
  expectRunIdentity(result.run);
  expect(result).toMatchObject({ mode: 'burst', deployment: 'split' });
  // --burst-sla is every burst tier's callback SLA (apass_top's own is 3 minutes), and every case escalates.
  expect(result.burst).toMatchObject({
    cases: 6,
    concurrency: 3,
    errors: 0,
    escalated: 6,
    byTier: {
      apass_top: { ...tierFigures, slaMs: 5000, cases: 2, errors: 0, armed: 2, escalated: 2, missing: 0 },
      apass: { ...tierFigures, slaMs: 5000, cases: 4, errors: 0, armed: 4, escalated: 4, missing: 0 },
    },
  });
  // Where the lag went, from the histories, and the worker's cache over the breaches (one task each at least).
  const burst = result.burst as {
    lagPartsP99Ms: Record<string, number>;
    breachCache: { hits: number; misses: number };
    breachLoad: { peakDuePerSec: number; cpuMsPerBreach: Record<string, number>; coresNeeded: number };
  };
  expect(Object.keys(burst.lagPartsP99Ms).sort()).toEqual(['arm', 'schedule', 'start', 'timer']);
  for (const ms of Object.values(burst.lagPartsP99Ms)) expect(Number.isFinite(ms)).toBe(true);
  expect(burst.breachCache.hits + burst.breachCache.misses).toBeGreaterThanOrEqual(6);
  expect(text).toContain('| burst: breach lag p99 by part');
  // What the breaches cost: every breach fell due in the run, and each cost the server and the worker CPU.
  expect(burst.breachLoad.peakDuePerSec).toBeGreaterThan(0);
  expect(burst.breachLoad.cpuMsPerBreach.server).toBeGreaterThan(0);
  expect(burst.breachLoad.cpuMsPerBreach.worker).toBeGreaterThan(0);
  expect(burst.breachLoad.coresNeeded).toBeGreaterThan(0);
  expect(text).toContain('| burst: breaches due per second');
});

test('npm run bench -- --ladder walks from the floor to the API, one step a rung, each without errors', async () => {
  const lines = await bench(['--ladder', '--rounds', '1', '--ops', '4', '--concurrency', '2']);
  expect(lines.join('\n')).toContain("Where an opening's cost goes");
  const result = JSON.parse(lines[lines.length - 1]!) as {
    mode: string;
    ladder: Record<string, { errors: number; perSec: { median: number }; cpuMsPerOp: { api: number } }>;
    speedProbeMs: { min: number };
    memoryProbeNs: { min: number };
  };
  expect(result.speedProbeMs.min).toBeGreaterThan(0);
  expect(result.memoryProbeNs.min).toBeGreaterThan(0);
  expect(result.mode).toBe('ladder');
  expect(Object.keys(result.ladder)).toEqual([
    'floor',
    'floor http',
    'by update',
    '+index',
    '+priority',
    'direct',
    'api',
  ]);
  for (const [rung, r] of Object.entries(result.ladder)) {
    expect([rung, r.errors, r.perSec.median > 0]).toEqual([rung, 0, true]);
  }
  // The floor's HTTP hop runs in a process of its own, counted in the API's column.
  expect(result.ladder['floor http']!.cpuMsPerOp.api).toBeGreaterThan(result.ladder.floor!.cpuMsPerOp.api);
});

test('npm run bench -- --only timers runs the timer phase alone, with where each breach waited', async () => {
  // on npm start's one process (the full run's timer phase runs on split's worker, restarted first)
  const lines = await bench([
    '--only',
    'timers',
    '--main',
    'embedded',
    '--cases',
    '12',
    '--due',
    '4',
    '--rate',
    '10',
    '--margin',
    '3',
  ]);
  const text = lines.join('\n');
  expect(text).toContain(
    '| lag p99 by part: timer armed late / fired late / its task scheduled late / waited for a worker',
  );
  expect(text).not.toContain('| open c');
  const result = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  expect(result).toMatchObject({
    mode: 'timers',
    deployment: 'embedded',
    openCases: 12,
    errors: 0,
    missing: 0,
  });
  expect(Object.keys(result.lagPartsP99Ms as object).sort()).toEqual([
    'armMs',
    'scheduleMs',
    'startMs',
    'timerMs',
  ]);
  for (const ms of Object.values(result.lagPartsP99Ms as object)) expect(Number.isFinite(ms)).toBe(true);
  expect(result.timerLagP99Ms).toEqual(expect.any(Number));
  expect(result.workerRssMb).toBeGreaterThan(0);
});
