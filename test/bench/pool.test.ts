/**
 * bench/pool.ts and `pooledOverRuns`: several runs judged as one, every round of every run counted, with an
 * interval that widens when the runs disagree; the runs read from the bench's own output.
 */
import { poolReport, poolRuns, runJson, type RunJson } from '../../bench/pool';
import { pooledOverRuns, pooledRatio, type Paced } from '../../bench/ratio';

const paced = (ops: number, settledMs: number): Paced => ({ ops, settledMs });
const rounds = (n: number, ops: number, ms: number, jitterMs = 0): [number, number][] =>
  Array.from({ length: n }, (_, i) => [ops, ms + (i % 2 === 0 ? jitterMs : -jitterMs)]);

/** A run whose API opened `apiPerSec` and the floor `floorPerSec` (128 openings a round), notes alike. */
function run(apiPerSec: number, floorPerSec: number, n = 6): RunJson {
  const side = (perSec: number) => rounds(n, 128, (128 / perSec) * 1000, 100);
  return {
    mode: 'quick',
    floor: { split: { c16: { rounds: { api: side(apiPerSec), floor: side(floorPerSec) } } } },
    updateRounds: { api: side(apiPerSec * 3), direct: side(floorPerSec * 3) },
  };
}

test('the pooled ratio counts every operation over all the time of every run', () => {
  const a = { a: [paced(100, 1_000), paced(100, 3_000)], b: [paced(100, 2_000), paced(100, 2_000)] };
  const b = { a: [paced(300, 3_000)], b: [paced(200, 4_000)] };
  // 500 ops in 7 s against 400 in 8 s
  expect(pooledOverRuns([a, b]).value).toBeCloseTo(500 / 7 / (400 / 8), 10);
  // an unpaired round is left out, as within a run
  expect(pooledOverRuns([{ a: [...a.a, paced(1, 1)], b: a.b }]).value).toBeCloseTo(1, 10);
});

test('runs that disagree widen the interval beyond what their rounds alone would give', () => {
  const steady = Array.from({ length: 8 }, () => paced(128, 2_000));
  const fast = { a: Array.from({ length: 8 }, (_, i) => paced(128, 1_700 + (i % 2) * 40)), b: steady };
  const slow = { a: Array.from({ length: 8 }, (_, i) => paced(128, 2_300 + (i % 2) * 40)), b: steady };
  const overRuns = pooledOverRuns([fast, slow, fast, slow]);
  const roundsOnly = pooledRatio(
    [...fast.a, ...slow.a, ...fast.a, ...slow.a],
    [...steady, ...steady, ...steady, ...steady],
  );
  expect(overRuns.value).toBeCloseTo(roundsOnly.value, 10);
  expect(overRuns.high - overRuns.low).toBeGreaterThan(roundsOnly.high - roundsOnly.low);
  expect(overRuns.low).toBeLessThanOrEqual(overRuns.value);
  expect(overRuns.high).toBeGreaterThanOrEqual(overRuns.value);
  // the same runs, the same interval
  expect(pooledOverRuns([fast, slow, fast, slow])).toEqual(overRuns);
});

test('each judged ratio is pooled over the runs and judged against its target', () => {
  const figures = poolRuns([run(50, 60), run(58, 60)]);
  expect(figures.map((f) => f.figure)).toEqual(['apiOverFloor, split, c16', 'updateRatio']);
  const [open, update] = figures;
  expect(open!.perRun.map((v) => Number(v.toFixed(3)))).toEqual([0.833, 0.967]);
  // equal time per round on the floor's side: the pooled ratio weighs each run by its API's time
  expect(open!.pooled.value).toBeCloseTo((2 * 6 * 128) / (6 * (128 / 50) + 6 * (128 / 58)) / 60, 6);
  expect(update!.perRun).toHaveLength(2);
  // judged by the interval: clear of the target either way, or undecided with the target inside it
  expect(poolRuns([run(58, 60), run(59, 60)])[0]!.verdict).toBe('pass');
  expect(poolRuns([run(50, 60), run(51, 60)])[0]!.verdict).toBe('MISS');
  const close = poolRuns([run(52, 60), run(56, 60)])[0]!;
  expect(close.pooled.low).toBeLessThan(0.9);
  expect(close.pooled.high).toBeGreaterThanOrEqual(0.9);
  expect(close.verdict).toBe('undecided');
});

test("a run whose bare openings failed cannot pass: they lower the floor's rate and lift the ratio", () => {
  const failing = run(58, 60);
  failing.floor!.split!.c16!.errors = { api: 0, floor: 3 };
  expect(poolRuns([run(58, 60), run(59, 60)])[0]!.verdict).toBe('pass');
  const [open] = poolRuns([failing, run(59, 60)]);
  expect(open!.verdict).toBe('undecided');
  expect(open!.floorErrors).toBe(3);
  expect(poolReport([failing, run(59, 60)]).text).toContain('undecided (3 bare openings failed)');
  // a miss stays a miss: the failures only flatter the API
  const missed = run(50, 60);
  missed.floor!.split!.c16!.errors = { floor: 1 };
  expect(poolRuns([missed, run(51, 60)])[0]!.verdict).toBe('MISS');
});

test('runs that opened without an Idempotency-Key are named when pooled with keyed ones', () => {
  const keyed = { ...run(58, 60), keyedOpenings: true };
  const mixed = poolReport([run(58, 60), keyed]);
  expect(mixed.json.unkeyedRuns).toBe(1);
  expect(mixed.text).toContain('1 of these runs opened through the API without an Idempotency-Key');
  const same = poolReport([keyed, keyed]);
  expect(same.json.unkeyedRuns).toBe(0);
  expect(same.text).not.toContain('without an Idempotency-Key');
});

test('the report reads each run from its output, and refuses a run that recorded no rounds', () => {
  const output = (r: RunJson) => `> node bench/run.ts --quick\n| table |\n${JSON.stringify(r)}\n`;
  const runs = [runJson(output(run(50, 60)), 'a'), runJson(output(run(58, 60)), 'b')];
  const { text, json } = poolReport(runs);
  expect(text).toContain('Pooled over 2 runs (quick, quick)');
  expect(text).toMatch(/apiOverFloor, split, c16 \| 2 +\| 0\.\d{3} \(90 % interval/);
  expect(json).toMatchObject({ mode: 'pool', runs: 2, figures: { updateRatio: { perRun: [0.833, 0.967] } } });
  expect(() => runJson('no json here\n', 'x.txt')).toThrow('x.txt: no JSON line');
  // a run kept in bench/runs/: its JSON object alone, formatted over many lines
  expect(runJson(`${JSON.stringify(run(50, 60), null, 2)}\n`, 'kept.json')).toEqual(run(50, 60));
  const older = { ...run(50, 60), updateRounds: undefined };
  expect(() => poolRuns([run(50, 60), older])).toThrow('run 2 holds no rounds');
  expect(() => poolRuns([{ mode: 'burst' }, run(50, 60)])).toThrow(
    'run 1 is a burst run, not a full or quick one',
  );
});

test('runs that measured the floor behind a bare HTTP route also report that hop and the API against it, unjudged', () => {
  const withHop = (hopPerSec: number): RunJson => {
    const r = run(50, 60);
    const side = rounds(6, 128, (128 / hopPerSec) * 1000, 100);
    r.floor!.split!.c16!.rounds!['floor http'] = side;
    return r;
  };
  const figures = poolRuns([withHop(54), run(58, 60), withHop(56)]);
  expect(figures.map((f) => f.figure)).toEqual([
    'apiOverFloor, split, c16',
    'updateRatio',
    'floorHttpOverFloor, split, c16',
    'apiOverFloorHttp, split, c16',
  ]);
  const hop = figures[2]!;
  // only the two runs that measured it
  expect(hop.perRun.map((v) => Number(v.toFixed(3)))).toEqual([0.9, 0.933]);
  expect([hop.target, hop.verdict]).toEqual([undefined, undefined]);
  const { text, json } = poolReport([withHop(54), withHop(56)]);
  expect(text).toMatch(/floorHttpOverFloor, split, c16 \| 2 +\| 0\.\d{3} .*\| \(reported\) \|/);
  expect((json.figures as Record<string, object>)['apiOverFloorHttp, split, c16']).not.toHaveProperty(
    'verdict',
  );
});
