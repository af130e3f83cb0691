/**
 * Interleaved comparisons in one run: the same operation through the API over HTTP, as the very Temporal client
 * calls the API handler makes (issued from the bench), and, for openings, the floor (bench/floor.ts). Same
 * server, same concurrency, rounds in turn (A B C, C B A, ...). A round ends when the stack has finished the
 * work it caused (bench/drain.ts), not when the last answer came: an opening answered before its case's first
 * workflow task ran still costs that task, and the next round must not pay for it.
 */
import { noCaseYet, sendAssignedNotice } from '../api/cases/assigned-notice';
import { caseIdFor, openedView, startCaseRequest } from '../api/cases/open-case';
import { CaseClient, type StartCase } from '../api/temporal/case-client';
import type { Policy } from '../config/policy';
import type { Roster } from '../config/roster';
import type { OpenCaseBody } from '../api/schemas/open-case';
import type { Notifier } from '../activities/adapters/notifier';
import { caseTypes } from '../workflows/case-types';
import type { Actor, Member, Tier } from '../workflows/domain';
import { noteUpdate } from '../workflows/messages';
import { CpuMeter, drained, type CpuUse } from './drain';
import { CALL_TIMEOUT_MS, openFloor, type FloorVariant } from './floor-open';
import { postJson } from './http-client';
import { runLoad, type LoadResult } from './load';
import { AB_TIER } from './policy';
import { memoryProbeNs, speedProbeMs } from './machine-speed';
import { startFloorHttp, type Stack } from './stack';
import type { Receiver } from './receiver';

export const APP: Actor = { id: 'app', role: 'system' };
export const MANAGER: Actor = { id: 'mgr-xinyao', role: 'manager' };

export interface Bench {
  stack: Stack;
  roster: Roster;
  policy: Policy;
  cases: CaseClient;
  receiver: Receiver;
  /** The webhook as the API posts to it (api/server.ts). */
  ownerNotifier: Notifier;
  cpu: CpuMeter;
  log: (line: string) => void;
}

export function caseClient(stack: Stack): CaseClient {
  return new CaseClient(stack.client, 'default', 'http://localhost:8233', CALL_TIMEOUT_MS);
}

let seq = 0;
/** A body as the platform sends it: every member fact stated. */
export function openBody(tier: Tier = AB_TIER): OpenCaseBody & { member: Member } {
  seq += 1;
  return {
    type: 'concierge',
    member: { id: `m-bench-${seq}`, name: 'Bench', tier, credit: 'good', managerId: MANAGER.id },
    summary: 'Bench case',
    details: { request: 'A table for two tonight' },
  };
}

/** POSTs JSON; the answer's body, or an error naming the status (a 503 is an error like any other). */
export async function post(
  url: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await postJson(url, { authorization: `Bearer ${token}`, ...headers }, body);
  const text = res.text;
  if (res.status >= 300) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Set-up work (not measured) tries again: a loaded machine may time out one call. */
async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
    }
  }
}

export const token = (b: Bench, actor: Actor) => b.roster.get(actor.id)!.token!;

/** An Idempotency-Key of its own for each opening: the platform sends one with every opening. */
const openingKey = () => `bench-${process.pid}-${(seq += 1)}`;

/** Opens a case through the API, as the platform does (with an Idempotency-Key); its id. */
export async function openViaApi(b: Bench, body = openBody()): Promise<string> {
  const headers = { 'idempotency-key': openingKey() };
  return (await post(`${b.stack.apiBase}/v1/cases`, token(b, APP), body, headers)).id as string;
}

/**
 * The workflow start POST /v1/cases makes for a case the platform opens at `now` (its id is `input.id`), with an
 * Idempotency-Key or without.
 */
export function platformStart(b: Bench, body = openBody(), now = Date.now(), key?: string): StartCase {
  const caseId = caseIdFor(APP.id, key);
  return startCaseRequest({
    caseId,
    body,
    member: body.member,
    openedBy: APP,
    roster: b.roster,
    policy: b.policy,
    now,
  });
}

const quiet = { info: () => undefined, warn: () => undefined };

/**
 * What POST /v1/cases does with Temporal and the webhook: tell the manager, start the workflow, then answer with
 * the case as it opens.
 */
export async function openDirect(b: Bench, body = openBody()): Promise<string> {
  const now = Date.now();
  const start = platformStart(b, body, now, openingKey());
  // a keyed opening tells the manager only when its key has opened nothing yet (a retry must not tell again)
  if (await noCaseYet(b.cases, start.input.id)) {
    start.input.assignedNoticeSent = await sendAssignedNotice(b.ownerNotifier, start.input, caseTypes, quiet);
  }
  await b.cases.open(start, true);
  b.cases.withLinks(openedView(start.input, now, APP));
  return start.input.id;
}

export interface AbOptions {
  rounds: number;
  opsPerRound: number;
  concurrency: number;
}

/** One side's operation; an opened case's id when its opening work (the `assigned` notification) is awaited. */
export type SideOp = (i: number, worker: number) => Promise<string | void>;

export interface Round extends LoadResult {
  /** From the first operation until the stack was idle again. */
  settledMs: number;
  cpu: CpuUse;
  /** The machine's speed probes just before the round (bench/machine-speed.ts): its cores, its memory. */
  probeMs: number;
  memProbeNs: number;
}

export type Comparison = Record<string, Round[]>;

/** The stack idle again, and every case opened so far told its owner (its opening work done); the end time. */
export function settle(b: Bench, ids: readonly string[], timeoutMs?: number): Promise<number> {
  let checked = 0; // ids before this one have been seen
  return drained(b.stack.workerMetricsUrl, {
    timeoutMs,
    until: () => {
      while (checked < ids.length && b.receiver.assigned.has(ids[checked]!)) checked += 1;
      return checked === ids.length;
    },
  });
}

async function measure(b: Bench, o: AbOptions, total: number, op: SideOp): Promise<Round> {
  const ids: string[] = [];
  const probeMs = speedProbeMs();
  const memProbeNs = memoryProbeNs();
  const before = b.cpu.snapshot();
  const t0 = performance.now();
  const load = await runLoad(total, o.concurrency, async (i, w) => {
    const id = await op(i, w);
    if (typeof id === 'string') ids.push(id);
  });
  const end = await settle(b, ids);
  const after = b.cpu.snapshot();
  const settledMs = Math.max(end - t0, load.elapsedMs);
  return { ...load, settledMs, cpu: CpuMeter.between(before, after), probeMs, memProbeNs };
}

export async function interleave(
  b: Bench,
  o: AbOptions,
  what: string,
  sides: Record<string, SideOp>,
  prepare: () => Promise<void> = async () => undefined,
): Promise<Comparison> {
  const names = Object.keys(sides);
  const warm = Math.max(o.concurrency, Math.floor(o.opsPerRound / 4));
  for (const name of names) {
    await prepare();
    await settle(b, []);
    await measure(b, o, warm, sides[name]!);
  }
  const result: Comparison = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < o.rounds; r += 1) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      await prepare();
      await settle(b, []);
      const res = await measure(b, o, o.opsPerRound, sides[name]!);
      result[name]!.push(res);
      b.log(
        `${what} round ${r + 1}/${o.rounds} ${name}: ${res.ops} ok, ${res.errors} errors, answered in ` +
          `${Math.round(res.elapsedMs)} ms, settled in ${Math.round(res.settledMs)} ms, speed probe ` +
          `${res.probeMs.toFixed(1)} ms, memory probe ${res.memProbeNs.toFixed(0)} ns` +
          (res.cpu.foreignCores > 0.2
            ? ` (other programs used ${res.cpu.foreignCores.toFixed(2)} cores)`
            : ''),
      );
      if (res.firstError) b.log(`${what} ${name}: first error: ${res.firstError}`);
    }
  }
  return result;
}

/**
 * The floor's own calls behind a bare HTTP route in a process of its own (bench/floor-http-entry.ts), for the
 * time of `fn`: its side, and the bench with that process's CPU counted in the API's column.
 */
async function withFloorHttp<T>(b: Bench, fn: (hop: Bench, side: SideOp) => Promise<T>): Promise<T> {
  const { base, proc } = await startFloorHttp(b.stack);
  const hop: Bench = {
    ...b,
    cpu: new CpuMeter(() => {
      const pids = b.stack.pids();
      return { ...pids, api: [pids.api, proc.child.pid].filter((p) => p !== undefined) };
    }),
  };
  try {
    return await fn(hop, async () => {
      await post(`${base}/open`, 'bench', openBody());
    });
  } finally {
    await proc.stop();
  }
}

/**
 * Openings: through the API, the floor, and the floor behind a bare HTTP route; at the first concurrency
 * (`first`) the handler's calls direct as well.
 */
export function benchOpen(b: Bench, o: AbOptions, first: boolean): Promise<Comparison> {
  const sides = first ? ['api', 'direct', 'floor', 'floor http'] : ['api', 'floor', 'floor http'];
  const run = (bench: Bench, floorHttp: SideOp) => {
    const all: Record<string, SideOp> = {
      api: () => openViaApi(b),
      direct: () => openDirect(b),
      floor: async () => {
        await openFloor(b.stack.floorClient, CALL_TIMEOUT_MS);
      },
      'floor http': floorHttp,
    };
    return interleave(bench, o, `open c${o.concurrency}`, Object.fromEntries(sides.map((s) => [s, all[s]!])));
  };
  return withFloorHttp(b, run);
}

/**
 * Where an opening's cost goes (`--ladder`), one step at a time from the floor to the API: the floor (start +
 * query), the same calls behind a bare HTTP route in a process of their own (`floor http`: what any HTTP API in
 * front of them costs; its CPU counts in the API's column), the floor opened by Update-with-Start (the API's
 * way), that with a case's index at start (search attributes, memo, static summary), that with a tier's task
 * priority, the case itself opened by the handler's own calls from the bench (`direct`: its notification, its
 * sealed input, its first task), and the API.
 */
export function benchLadder(b: Bench, o: AbOptions): Promise<Comparison> {
  const rung = (v: FloorVariant) => async () => {
    await openFloor(b.stack.floorClient, CALL_TIMEOUT_MS, v);
  };
  return withFloorHttp(b, (hop, floorHttp) =>
    interleave(hop, o, `ladder c${o.concurrency}`, {
      floor: rung({}),
      'floor http': floorHttp,
      'by update': rung({ byUpdate: true }),
      '+index': rung({ byUpdate: true, index: true }),
      '+priority': rung({ byUpdate: true, index: true, priority: true }),
      direct: () => openDirect(b),
      api: () => openViaApi(b),
    }),
  );
}

/** A manager's note (one Update round trip) on one case per concurrent caller, fresh cases every round. */
export function benchUpdate(b: Bench, o: AbOptions): Promise<Comparison> {
  let pool: string[] = [];
  const note = (i: number) => ({ text: `bench note ${i}` });
  return interleave(
    b,
    o,
    'update',
    {
      api: async (i, w) => {
        await post(`${b.stack.apiBase}/v1/cases/${pool[w]}/notes`, token(b, MANAGER), note(i));
      },
      direct: async (i, w) => {
        b.cases.withLinks(await b.cases.update(pool[w]!, noteUpdate, { ...note(i), actor: MANAGER }));
      },
    },
    async () => {
      pool = await Promise.all(Array.from({ length: o.concurrency }, () => retry(() => openDirect(b))));
      await settle(b, pool);
    },
  );
}
