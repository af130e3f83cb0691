/**
 * `npm run bench` (full) / `--quick`: the case engine against the floor a Temporal user compares it with
 * (bench/floor-workflow.ts) in both deployments, the API against its own Temporal calls, a Double 11 burst and
 * timer lag at scale; `--only burst|update|timers` runs one phase alone, `--ladder` where an opening's cost goes.
 * Progress goes to stderr; stdout gets the tables and, last, one JSON object (docs/performance.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ROSTER_FILE } from '../config/env';
import { loadPolicy } from '../config/policy';
import { Roster } from '../config/roster';
import { freePort } from '../platform/free-port';
import { parseScrape } from '../platform/prometheus-scrape';
import { benchLadder, benchOpen, benchUpdate, caseClient, settle, type Bench, type Comparison } from './ab';
import { benchBurst, DEFAULT_BURST_MIX, parseBurstMix, terminateAll, type BurstResult } from './burst';
import { burstOnlyReport } from './burst-report';
import { CpuMeter } from './drain';
import { spread } from './load';
import { benchEvents, openingHistories } from './events';
import { buildFloorBundle } from './floor';
import { writeBenchPolicy } from './policy';
import { startStack, type Deployment } from './stack';
import { comparisonReport } from './report';
import type { DeploymentRun, MainRun } from './run-data';
import { summarize } from './summary';
import { startReceiver } from './receiver';
import { webhookNotifier } from '../activities/adapters/notifier';
import { ASSIGNED_NOTICE_TIMEOUT_MS } from '../api/cases/assigned-notice';
import { timerPhase, timersOnlyReport, type TimerPhase } from './timer-phase';

const { values: args } = parseArgs({
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
});

const mode = args.quick ? 'quick' : 'full';
const concurrencies = args.concurrency.split(',').map(Number);
const settings = {
  deployments: args.deployments.split(',') as Deployment[],
  main: args.main as Deployment,
  concurrencies,
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
if (args.only !== undefined && (!['burst', 'update', 'timers'].includes(args.only) || args.ladder)) {
  throw new Error(
    `--only ${args.only}: the phases that run alone are the burst, the update comparison and the timer phase (--only burst|update|timers), without --ladder`,
  );
}
const burstOnly = args.only === 'burst';
const updateOnly = args.only === 'update';
const timersOnly = args.only === 'timers';
const timerSettings = {
  n: settings.cases,
  due: settings.due,
  fireRatePerSec: settings.fireRate,
  marginMs: settings.margin * 1000,
};
/** At least 4 operations per caller in a round, so that ramp-up and tail do not dominate it. */
const opsAt = (c: number) => Math.max(settings.ops, 4 * c);

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${line}\n`);

/** Waits until the work of the phases before is done (a phase must not pay for its predecessor's backlog). */
async function settleBefore(b: Bench, what: string): Promise<void> {
  const t0 = performance.now();
  await settle(b, [], 900_000);
  const s = (performance.now() - t0) / 1000;
  if (s > 2) b.log(`the stack finished the earlier phases' work ${s.toFixed(1)} s before ${what}`);
}

/** The burst, its mix's tiers with the same callback SLA (the shipped policy's `apass_top` and `apass` have). */
async function burstPhase(b: Bench): Promise<BurstResult> {
  b.log(`burst: ${settings.burst} cases (${args['burst-mix']}) at concurrency ${settings.burstConcurrency}`);
  const o = { n: settings.burst, concurrency: settings.burstConcurrency, mix: settings.burstMix };
  return (await benchBurst(b, o)).result;
}

async function runDeployment(
  deployment: Deployment,
  dir: string,
  shared: { receiver: Awaited<ReturnType<typeof startReceiver>>; floorBundle: string; policyFile: string },
): Promise<{
  run: DeploymentRun;
  main?: MainRun;
  alone?: Comparison;
  burst?: BurstResult;
  timers?: TimerPhase;
}> {
  const stack = await startStack({
    deployment,
    dataDir: path.join(dir, deployment),
    policyFile: shared.policyFile,
    notifyWebhookUrl: shared.receiver.url,
    floorBundle: shared.floorBundle,
    nodeFlags: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
    log,
  });
  try {
    const b: Bench = {
      stack,
      roster: Roster.load(DEV_ROSTER_FILE),
      policy: loadPolicy(shared.policyFile),
      cases: caseClient(stack),
      receiver: shared.receiver,
      ownerNotifier: webhookNotifier(shared.receiver.url, ASSIGNED_NOTICE_TIMEOUT_MS),
      cpu: new CpuMeter(() => stack.pids()),
      log: (line) => log(`${deployment}: ${line}`),
    };
    const c0 = concurrencies[0]!;
    /** The comparisons that run once (the ladder, the notes) run at the first concurrency. */
    const atFirst = { rounds: settings.rounds, opsPerRound: opsAt(c0), concurrency: c0 };
    if (args.ladder) return { run: { deployment, open: {} }, alone: await benchLadder(b, atFirst) };
    if (updateOnly) {
      stack.stopFloor();
      return { run: { deployment, open: {} }, alone: await benchUpdate(b, atFirst) };
    }
    if (burstOnly) {
      stack.stopFloor();
      return { run: { deployment, open: {} }, burst: await burstPhase(b) };
    }
    if (timersOnly) {
      stack.stopFloor();
      return {
        run: { deployment, open: {} },
        timers: await timerPhase(b, stack, { ...timerSettings, openRatePerSec: settings.rate ?? 20 }),
      };
    }
    const open: DeploymentRun['open'] = {};
    for (const [k, c] of concurrencies.entries()) {
      const o = { rounds: settings.rounds, opsPerRound: opsAt(c), concurrency: c };
      open[c] = await benchOpen(b, o, k === 0);
    }
    const run: DeploymentRun = { deployment, open };
    if (deployment !== settings.main) return { run };

    const histories = await openingHistories(b);
    // The floor's cached bare workflows would count in the worker's memory from here on.
    stack.stopFloor();
    const workerRssAfterFloorMb = stack.worker.rssMb();
    const cpu0 = b.cpu.snapshot();
    const update = await benchUpdate(b, atFirst);
    const updateCpu = CpuMeter.between(cpu0, b.cpu.snapshot());
    b.log('events per case');
    const events = await benchEvents(b);
    const sustained = spread(open[c0]!.api!.map((r) => (r.ops * 1000) / r.settledMs)).median;
    const rate = settings.rate ?? Math.min(25, Math.max(1, Math.floor(0.8 * sustained)));
    await settleBefore(b, 'the timer phase');
    const phase = await timerPhase(b, stack, { ...timerSettings, openRatePerSec: rate });
    const { timers } = phase;
    // Their next escalations are not the burst's; the burst comes last, its own cases climb on after it.
    await terminateAll(b, timers.dueIds);
    await settleBefore(b, 'the burst');
    const burst = await burstPhase(b);
    if (args.keep) writeFileSync(path.join(dir, 'breaches.json'), JSON.stringify(timers.breaches));
    const scrape = parseScrape(await (await fetch(stack.workerMetricsUrl)).text());
    return {
      run,
      main: {
        update,
        updateCpu,
        events,
        histories,
        burst,
        ...phase,
        workerRssAfterFloorMb,
        apiRssMb: stack.api.peakRssMb(),
        scrape,
      },
    };
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  const loadAvg = os.loadavg();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concierge-bench-'));
  const receiver = await startReceiver(await freePort());
  log(
    `${mode} run: ${JSON.stringify(settings)}; data in ${dir}; load average ${loadAvg.map((x) => x.toFixed(2)).join(' ')}`,
  );
  try {
    const shared = {
      receiver,
      floorBundle: await buildFloorBundle(path.join(dir, 'floor-bundle.js')),
      policyFile: writeBenchPolicy(
        path.join(dir, 'policy.json'),
        settings.burstMix.map((m) => m.tier),
        settings.burstSlaS,
      ),
    };
    if (args.ladder || updateOnly) {
      const { alone } = await runDeployment(settings.main, dir, shared);
      const { text, json } = comparisonReport(
        alone!,
        args.ladder
          ? { baseline: 'floor', label: 'open', key: 'ladder', title: "Where an opening's cost goes" }
          : {
              baseline: 'direct',
              label: 'note',
              key: 'update',
              title: 'A note through the API and directly',
            },
        os.loadavg(),
      );
      const mode = args.ladder ? 'ladder' : 'update';
      process.stdout.write(`${text}\n${JSON.stringify({ mode, deployment: settings.main, ...json })}\n`);
      return;
    }
    if (burstOnly) {
      const { burst } = await runDeployment(settings.main, dir, shared);
      const { text, json } = burstOnlyReport(burst!, loadAvg);
      process.stdout.write(
        `${text}\n${JSON.stringify({ mode: 'burst', deployment: settings.main, ...json })}\n`,
      );
      return;
    }
    if (timersOnly) {
      const { timers } = await runDeployment(settings.main, dir, shared);
      if (args.keep) writeFileSync(path.join(dir, 'breaches.json'), JSON.stringify(timers!.timers.breaches));
      const { text, json } = timersOnlyReport(timers!, loadAvg);
      process.stdout.write(
        `${text}\n${JSON.stringify({ mode: 'timers', deployment: settings.main, ...json })}\n`,
      );
      return;
    }
    const runs: DeploymentRun[] = [];
    let mainRun: MainRun | undefined;
    for (const deployment of settings.deployments) {
      const r = await runDeployment(deployment, dir, shared);
      runs.push(r.run);
      mainRun ??= r.main;
    }
    if (!mainRun) throw new Error(`--main ${settings.main} is not among --deployments`);
    const { text, json } = summarize({ mode, settings, loadAvg, runs, main: mainRun });
    process.stdout.write(`${text}\n${JSON.stringify({ mode, ...json })}\n`);
  } finally {
    await receiver.close();
    if (args.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${String((err as Error).stack ?? err)}`);
    process.exit(1);
  },
);
