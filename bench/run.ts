/**
 * `npm run bench` (full) / `--quick`: the case engine against the floor a Temporal user compares it with
 * (bench/floor-workflow.ts) in both deployments, the API against its own Temporal calls, a Double 11 burst and
 * timer lag at scale; `--only burst|update|timers` runs one phase alone, `--ladder` where an opening's cost goes.
 * Progress goes to stderr; stdout gets the tables and, last, one JSON object (docs/performance.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_ROSTER_FILE } from '../config/env';
import { loadPolicy } from '../config/policy';
import { Roster } from '../config/roster';
import { freePort } from '../platform/free-port';
import { parseScrape } from '../platform/prometheus-scrape';
import { benchLadder, benchOpen, benchUpdate, caseClient, settle, type Bench, type Comparison } from './ab';
import { benchBurst, terminateAll, type BurstResult } from './burst';
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
import { benchOptions } from './options';
import { interrupted, undoOnInterrupt } from './interrupt';
import { runIdentity } from './identity';

const { args, settings } = benchOptions(process.argv.slice(2));
const { concurrencies } = settings;
const mode = args.quick ? 'quick' : 'full';
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

const nodeFlags = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
/** Each JSON line says what it measured: the commit, node, the processes' command lines (bench/identity.ts). */
const identity = runIdentity(nodeFlags);

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
    nodeFlags,
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
      await stack.stopFloor();
      return { run: { deployment, open: {} }, alone: await benchUpdate(b, atFirst) };
    }
    if (burstOnly) {
      await stack.stopFloor();
      return { run: { deployment, open: {} }, burst: await burstPhase(b) };
    }
    if (timersOnly) {
      await stack.stopFloor();
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
    await stack.stopFloor();
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
    // The peak since the timer phase's reset: its open cases and then the burst on the same worker.
    const workerRssMb = stack.worker.peakRssMb();
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
        workerRssTimersMb: phase.workerRssMb,
        workerRssMb,
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
  undoOnInterrupt(() => (args.keep ? log(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
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
      process.stdout.write(
        `${text}\n${JSON.stringify({ mode, deployment: settings.main, ...json, run: identity })}\n`,
      );
      return;
    }
    if (burstOnly) {
      const { burst } = await runDeployment(settings.main, dir, shared);
      const { text, json } = burstOnlyReport(burst!, loadAvg);
      process.stdout.write(
        `${text}\n${JSON.stringify({ mode: 'burst', deployment: settings.main, ...json, run: identity })}\n`,
      );
      return;
    }
    if (timersOnly) {
      const { timers } = await runDeployment(settings.main, dir, shared);
      if (args.keep) writeFileSync(path.join(dir, 'breaches.json'), JSON.stringify(timers!.timers.breaches));
      const { text, json } = timersOnlyReport(timers!, loadAvg);
      process.stdout.write(
        `${text}\n${JSON.stringify({ mode: 'timers', deployment: settings.main, ...json, run: identity })}\n`,
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
    process.stdout.write(`${text}\n${JSON.stringify({ mode, ...json, run: identity })}\n`);
  } finally {
    await receiver.close();
    if (args.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// An interrupted run's end (its stack's processes stopping under it fail the phase) is the undoing's to exit.
main().then(
  () => interrupted() || process.exit(0),
  (err: unknown) => {
    if (interrupted()) return;
    log(`failed: ${String((err as Error).stack ?? err)}`);
    process.exit(1);
  },
);
