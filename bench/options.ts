/** The bench's command line (docs/performance.md, "Running the bench"): its options, checked before anything runs. */
import { parseArgs } from 'node:util';
import { DEFAULT_BURST_MIX, parseBurstMix } from './burst';
import type { Deployment } from './stack';

const DEPLOYMENTS: readonly Deployment[] = ['embedded', 'split'];
const PHASES_ALONE = ['burst', 'update', 'timers'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      /** Deployments whose openings are measured against the floor, in this order. */
      deployments: { type: 'string', default: 'embedded,split' },
      /** The deployment that also runs the update, events, burst and timer phases. */
      main: { type: 'string', default: 'split' },
      cases: { type: 'string' },
      rate: { type: 'string' },
      due: { type: 'string' },
      'fire-rate': { type: 'string' },
      /** Concurrency levels of the opening comparison; the first also compares with the API's own calls. */
      concurrency: { type: 'string', default: '16,64' },
      rounds: { type: 'string' },
      ops: { type: 'string' },
      /** Seconds between the last opening and the first timer due (the callback SLA is the opening time plus this). */
      margin: { type: 'string' },
      burst: { type: 'string' },
      'burst-concurrency': { type: 'string', default: '64' },
      /** The burst's tiers and their shares of its openings, interleaved: `tier:weight,...`. */
      'burst-mix': { type: 'string', default: DEFAULT_BURST_MIX },
      /** Seconds: the burst tiers' callback SLA in the bench's policy (default: the shipped policy's, 3 minutes). */
      'burst-sla': { type: 'string' },
      /**
       * `burst`: only the burst phase, on the main deployment (no floor comparison, updates, events or timers);
       * `update`: only the update comparison (the API's notes against the same calls made directly).
       */
      only: { type: 'string' },
      /** Only where an opening's cost goes: the floor, each thing a case adds to it, and the API (main deployment). */
      ladder: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      /** Write V8 CPU profiles of the stack's Node processes (every thread) here. */
      profile: { type: 'string' },
    },
  }).values;
}

export type BenchArgs = ReturnType<typeof parse>;

export function benchOptions(argv: string[]) {
  const args = parse(argv);
  const settings = {
    deployments: args.deployments.split(',') as Deployment[],
    main: args.main as Deployment,
    concurrencies: args.concurrency.split(',').map(Number),
    cases: Number(args.cases ?? (args.quick ? 1_000 : 10_000)),
    /**
     * Cases opened per second for the timer phase; by default what the stack sustains (80 % of the API's settled
     * openings per second in the comparison at the first concurrency), at most 25.
     */
    rate: args.rate === undefined ? undefined : Number(args.rate),
    /** Of those, how many fall due during the run, and how many per second. */
    due: Number(args.due ?? (args.quick ? 300 : 1_000)),
    fireRate: Number(args['fire-rate'] ?? 10),
    /** Enough pairs that the pooled ratio's interval is a few hundredths wide (bench/ratio.ts). */
    rounds: Number(args.rounds ?? (args.quick ? 6 : 8)),
    ops: Number(args.ops ?? (args.quick ? 128 : 300)),
    margin: Number(args.margin ?? 20),
    burst: Number(args.burst ?? (args.quick ? 1_000 : 2_000)),
    burstConcurrency: Number(args['burst-concurrency']),
    burstMix: parseBurstMix(args['burst-mix']),
    burstSlaS: args['burst-sla'] === undefined ? undefined : Number(args['burst-sla']),
  };
  checkOptions(args, settings);
  return { args, settings };
}

export type BenchSettings = ReturnType<typeof benchOptions>['settings'];

const positive = (x: number | undefined) => x === undefined || (Number.isFinite(x) && x > 0);

/** A mistyped option stops the run at once, not after half an hour of measuring (or with a wrong report). */
function checkOptions(args: BenchArgs, s: BenchSettings): void {
  const fail = (what: string) => {
    throw new Error(`bench: ${what}`);
  };
  if (args.only !== undefined && (!PHASES_ALONE.includes(args.only) || args.ladder)) {
    fail(
      `--only ${args.only}: the phases that run alone are the burst, the update comparison and the timer phase (--only burst|update|timers), without --ladder`,
    );
  }
  for (const d of [...s.deployments, s.main]) {
    if (!DEPLOYMENTS.includes(d)) fail(`unknown deployment ${d} (${DEPLOYMENTS.join(', ')})`);
  }
  if (new Set(s.deployments).size !== s.deployments.length)
    fail(`--deployments ${args.deployments}: each once`);
  if (args.only === undefined && !args.ladder && !s.deployments.includes(s.main)) {
    fail(`--main ${s.main} is not among --deployments ${args.deployments}`);
  }
  const c = s.concurrencies;
  if (c.length === 0 || !c.every((x) => Number.isInteger(x) && x > 0) || new Set(c).size !== c.length) {
    fail(
      `--concurrency ${args.concurrency}: distinct positive integers (the first is also compared with direct calls)`,
    );
  }
  const counts = { cases: s.cases, due: s.due, rounds: s.rounds, ops: s.ops, burst: s.burst };
  for (const [name, v] of Object.entries({ ...counts, 'burst-concurrency': s.burstConcurrency })) {
    if (!Number.isInteger(v) || v <= 0) fail(`--${name} ${v}: a positive integer`);
  }
  const rates = { rate: s.rate, 'fire-rate': s.fireRate, 'burst-sla': s.burstSlaS };
  for (const [name, v] of Object.entries(rates)) if (!positive(v)) fail(`--${name} ${v}: a positive number`);
  if (!(s.margin >= 0)) fail(`--margin ${s.margin}: seconds, 0 or more`);
}
