/**
 * `npm run bench` (full) / `npm run bench -- --quick`: the API and the workflows measured against the raw
 * Temporal client on the embedded stack. Progress goes to stderr; stdout gets the table and, as its last line,
 * one JSON object (README, Performance).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POLICY_FILE, DEV_ROSTER_FILE } from '../config/env';
import { loadPolicy } from '../config/policy';
import { Roster } from '../config/roster';
import { parseScrape } from '../test/support/metrics';
import { benchOpen, benchUpdate, caseClient, type AbResult, type Bench } from './ab';
import { benchEvents } from './events';
import { quantile, throughput } from './load';
import { freePort } from '../scripts/free-port';
import { startStack } from './stack';
import { benchTimers, startReceiver } from './timers';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    cases: { type: 'string' },
    rate: { type: 'string' },
    due: { type: 'string' },
    'fire-rate': { type: 'string' },
    concurrency: { type: 'string' },
    rounds: { type: 'string' },
    ops: { type: 'string' },
    /** Seconds between the last opening and the first timer due (the callback SLA is the opening time plus this). */
    margin: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Write V8 CPU profiles of the worker (every thread) and the API here. */
    profile: { type: 'string' },
  },
});

const mode = args.quick ? 'quick' : 'full';
const settings = {
  cases: Number(args.cases ?? (args.quick ? 1_000 : 10_000)),
  /** Cases opened per second for the timer phase. */
  rate: Number(args.rate ?? 25),
  /** Of those, how many fall due during the run, and how many per second. */
  due: Number(args.due ?? (args.quick ? 300 : 1_000)),
  fireRate: Number(args['fire-rate'] ?? 10),
  concurrency: Number(args.concurrency ?? 16),
  rounds: Number(args.rounds ?? (args.quick ? 4 : 6)),
  ops: Number(args.ops ?? (args.quick ? 160 : 300)),
  margin: Number(args.margin ?? 20),
};

const TARGETS = {
  openRatio: { min: 0.85 },
  openP99Ratio: { max: 1.3 },
  updateRatio: { min: 0.85 },
  timerLagP99Ms: { max: 1000 },
  workerRssMb: { max: 1024 },
} as const;

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function abRows(name: string, r: AbResult): string[][] {
  const side = (label: string, x: AbResult['api']) => [
    `${name} ${label}`,
    `${round(throughput(x), 1)}/s`,
    `p50 ${round(quantile(x.latenciesMs, 0.5), 1)} ms`,
    `p99 ${round(quantile(x.latenciesMs, 0.99), 1)} ms`,
    `${x.ops} ok, ${x.errors} errors`,
  ];
  return [side('via API', r.api), side('direct client', r.direct)];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concierge-bench-'));
  const receiver = await startReceiver(await freePort());
  log(`${mode} run: ${JSON.stringify(settings)}; data in ${dir}`);
  const stack = await startStack({
    dataDir: path.join(dir, 'data'),
    policyFile: DEFAULT_POLICY_FILE,
    notifyWebhookUrl: receiver.url,
    nodeFlags: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
    log,
  });
  try {
    const b: Bench = {
      stack,
      roster: Roster.load(DEV_ROSTER_FILE),
      policy: loadPolicy(DEFAULT_POLICY_FILE),
      cases: caseClient(stack),
    };
    const ab = { rounds: settings.rounds, opsPerRound: settings.ops, concurrency: settings.concurrency, log };
    const cpu0 = { worker: cpuSeconds(stack.worker.child.pid), api: cpuSeconds(stack.api.child.pid) };
    const t0 = Date.now();
    const open = await benchOpen(b, ab);
    const update = await benchUpdate(b, ab);
    const abSeconds = (Date.now() - t0) / 1000;
    const cpu1 = { worker: cpuSeconds(stack.worker.child.pid), api: cpuSeconds(stack.api.child.pid) };
    log('events per case');
    const events = await benchEvents(b);
    log(`timer lag with ${settings.cases} open cases`);
    const cpu2 = { worker: cpuSeconds(stack.worker.child.pid), server: cpuSeconds(stack.serverPid) };
    const t2 = Date.now();
    const timers = await benchTimers(b, receiver, {
      n: settings.cases,
      openRatePerSec: settings.rate,
      due: settings.due,
      fireRatePerSec: settings.fireRate,
      marginMs: settings.margin * 1000,
      log,
    });
    const timerSeconds = (Date.now() - t2) / 1000;
    if (args.keep) writeFileSync(path.join(dir, 'breaches.json'), JSON.stringify(timers.breaches));
    const cpu3 = { worker: cpuSeconds(stack.worker.child.pid), server: cpuSeconds(stack.serverPid) };
    const workerRssMb = stack.worker.peakRssMb();
    const apiRssMb = stack.api.peakRssMb();
    const scrape = parseScrape(await (await fetch(stack.workerMetricsUrl)).text());

    const lag = timers.breaches.map((x) => x.breachedAtMs - x.dueAtMs);
    const delivery = timers.breaches.map((x) => x.receivedAtMs - x.dueAtMs);
    const p99 = (x: AbResult['api']) => quantile(x.latenciesMs, 0.99);
    const result = {
      mode,
      openRatio: round(throughput(open.api) / throughput(open.direct), 3),
      openP99Ratio: round(p99(open.api) / p99(open.direct), 3),
      updateRatio: round(throughput(update.api) / throughput(update.direct), 3),
      updateP99Ratio: round(p99(update.api) / p99(update.direct), 3),
      openCases: timers.openCases,
      timerLagP50Ms: round(quantile(lag, 0.5), 1),
      timerLagP99Ms: round(quantile(lag, 0.99), 1),
      workerRssMb: round(workerRssMb, 1),
      eventsPerCase: { ...events.perType, per100ManagerActions: events.per100Actions },
    };
    const verdict = (key: keyof typeof TARGETS) => {
      const t = TARGETS[key] as { min?: number; max?: number };
      const v = result[key];
      // A due timer whose breach never arrived is as late as it gets.
      if (key === 'timerLagP99Ms' && timers.missing > 0) return false;
      return t.min !== undefined ? v >= t.min : v <= t.max!;
    };
    const targetRow = (key: keyof typeof TARGETS, label: string) => {
      const t = TARGETS[key] as { min?: number; max?: number };
      return [
        label,
        String(result[key]),
        t.min !== undefined ? `>= ${t.min}` : `<= ${t.max}`,
        verdict(key) ? 'pass' : 'MISS',
      ];
    };
    const sticky = (name: string) => scrape.value(name);
    const mean = (name: string) => scrape.value(`${name}_sum`) / scrape.value(`${name}_count`);

    const out: string[] = [];
    out.push(
      `Concierge case engine bench (${mode}): ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}`,
    );
    out.push(
      `A/B: ${settings.rounds} interleaved rounds x ${settings.ops} ops per side at concurrency ${settings.concurrency}; ` +
        `timers: ${timers.openCases} cases opened at ${settings.rate}/s, each with a live callback SLA timer; ` +
        `${timers.dueCases} of them fall due at ${timers.fireRatePerSec}/s once all are open`,
    );
    out.push('');
    out.push(
      table([
        ['operation', 'throughput', 'p50', 'p99', 'count'],
        ...abRows('open', open),
        ...abRows('update (note)', update),
      ]),
    );
    out.push('');
    out.push(
      table([
        ['target', 'measured', 'target', 'result'],
        targetRow('openRatio', 'openRatio (API / direct, per second)'),
        targetRow('openP99Ratio', 'openP99Ratio (API / direct, p99)'),
        targetRow('updateRatio', 'updateRatio (API / direct, per second)'),
        ['updateP99Ratio (API / direct, p99)', String(result.updateP99Ratio), '(reported)', ''],
        targetRow('timerLagP99Ms', `timerLagP99Ms (${timers.openCases} open cases)`),
        targetRow('workerRssMb', 'workerRssMb (peak VmHWM)'),
      ]),
    );
    out.push('');
    out.push(
      table([
        ['detail', 'value'],
        [
          'timer lag p50 / p99 / max (breach seen by the case - due)',
          `${result.timerLagP50Ms} / ${result.timerLagP99Ms} / ${round(Math.max(...lag), 1)} ms`,
        ],
        [
          'notification delivered - due, p50 / p99',
          `${round(quantile(delivery, 0.5), 1)} / ${round(quantile(delivery, 0.99), 1)} ms`,
        ],
        [
          'cases opened for the timer phase / opening time',
          `${timers.openCases} / ${round(timers.openMs / 1000, 1)} s`,
        ],
        ['first breaches received / missing', `${timers.breaches.length} / ${timers.missing}`],
        [
          `CPU s during the timer phase (wall ${round(timerSeconds, 0)} s): worker / dev server`,
          `${round(cpu3.worker - cpu2.worker, 1)} / ${round(cpu3.server - cpu2.server, 1)}`,
        ],
        ['API peak RSS', `${round(apiRssMb, 1)} MiB`],
        [
          'CPU s during A/B (wall ' + round(abSeconds, 0) + ' s): worker / API',
          `${round(cpu1.worker - cpu0.worker, 1)} / ${round(cpu1.api - cpu0.api, 1)}`,
        ],
        [
          'sticky cache hits / misses',
          `${sticky('temporal_sticky_cache_hit_total')} / ${sticky('temporal_sticky_cache_miss_total')}`,
        ],
        [
          'workflow task schedule-to-start / execution, mean',
          `${round(mean('temporal_workflow_task_schedule_to_start_latency'), 1)} / ${round(mean('temporal_workflow_task_execution_latency'), 1)} ms`,
        ],
        [
          'history events per case, main path',
          Object.entries(events.perType)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
        ['history events per 100 manager actions', String(events.per100Actions)],
      ]),
    );
    const failed = (Object.keys(TARGETS) as (keyof typeof TARGETS)[]).filter((k) => !verdict(k));
    out.push('');
    out.push(failed.length === 0 ? 'All targets met.' : `Targets missed: ${failed.join(', ')}`);
    process.stdout.write(`${out.join('\n')}\n${JSON.stringify(result)}\n`);
  } finally {
    await stack.close();
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
