/**
 * A/B: the same operation through the API over HTTP (A) and as the very Temporal client calls the API handler
 * makes, issued from the bench (B): same server, same concurrency, interleaved rounds (ABBA...) in one run.
 */
import { caseIdFor, openedView, startCaseRequest } from '../api/cases/open-case';
import { CaseClient } from '../api/temporal/case-client';
import type { Policy } from '../config/policy';
import type { Roster } from '../config/roster';
import type { OpenCaseBody } from '../api/schemas/open-case';
import type { Actor, Member, Tier } from '../workflows/domain';
import { noteUpdate } from '../workflows/messages';
import { combine, runLoad, type LoadResult } from './load';
import type { Stack } from './stack';

export const APP: Actor = { id: 'app', role: 'system' };
export const MANAGER: Actor = { id: 'mgr-xinyao', role: 'manager' };

export interface AbResult {
  api: LoadResult;
  direct: LoadResult;
}

export interface AbOptions {
  rounds: number;
  opsPerRound: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface Bench {
  stack: Stack;
  roster: Roster;
  policy: Policy;
  cases: CaseClient;
}

export function caseClient(stack: Stack): CaseClient {
  return new CaseClient(stack.client, 'default', 'http://localhost:8233', 10_000);
}

let seq = 0;
/** A body as the platform sends it: every member fact stated. */
export function openBody(tier: Tier = 'super'): OpenCaseBody & { member: Member } {
  seq += 1;
  return {
    type: 'concierge',
    member: { id: `m-bench-${seq}`, name: 'Bench', tier, credit: 'good', managerId: MANAGER.id },
    summary: 'Bench case',
    details: { request: 'A table for two tonight' },
  };
}

async function post(url: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
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

const token = (b: Bench, actor: Actor) => b.roster.get(actor.id)!.token!;

/** What POST /v1/cases does with Temporal: start the workflow, then answer with the case as it opens. */
export async function openDirect(b: Bench, body = openBody()): Promise<string> {
  const caseId = caseIdFor(APP.id, undefined);
  const now = Date.now();
  const start = startCaseRequest({
    caseId,
    body,
    member: body.member,
    openedBy: APP,
    roster: b.roster,
    policy: b.policy,
    now,
  });
  await b.cases.open(start, false);
  b.cases.withLinks(openedView(start.input, now, APP));
  return caseId;
}

async function interleave(
  o: AbOptions,
  what: string,
  prepare: () => Promise<void>,
  a: (i: number, w: number) => Promise<void>,
  b: (i: number, w: number) => Promise<void>,
): Promise<AbResult> {
  const warm = Math.max(o.concurrency, Math.floor(o.opsPerRound / 4));
  await prepare();
  await runLoad(warm, o.concurrency, a);
  await prepare();
  await runLoad(warm, o.concurrency, b);
  const api: LoadResult[] = [];
  const direct: LoadResult[] = [];
  for (let r = 0; r < o.rounds; r += 1) {
    const order = r % 2 === 0 ? (['api', 'direct'] as const) : (['direct', 'api'] as const);
    for (const side of order) {
      await prepare();
      const res = await runLoad(o.opsPerRound, o.concurrency, side === 'api' ? a : b);
      (side === 'api' ? api : direct).push(res);
      o.log(
        `${what} round ${r + 1}/${o.rounds} ${side}: ${res.ops} ok, ${res.errors} errors in ${Math.round(res.elapsedMs)} ms`,
      );
    }
  }
  return { api: combine(api), direct: combine(direct) };
}

export function benchOpen(b: Bench, o: AbOptions): Promise<AbResult> {
  return interleave(
    o,
    'open',
    async () => undefined,
    () => post(`${b.stack.apiBase}/v1/cases`, token(b, APP), openBody()),
    async () => {
      await openDirect(b);
    },
  );
}

/** A manager's note (one Update round trip) on one case per concurrent caller, fresh cases every round. */
export function benchUpdate(b: Bench, o: AbOptions): Promise<AbResult> {
  let pool: string[] = [];
  const note = (i: number) => ({ text: `bench note ${i}` });
  return interleave(
    o,
    'update',
    async () => {
      pool = await Promise.all(Array.from({ length: o.concurrency }, () => retry(() => openDirect(b))));
    },
    (i, w) => post(`${b.stack.apiBase}/v1/cases/${pool[w]}/notes`, token(b, MANAGER), note(i)),
    async (i, w) => {
      b.cases.withLinks(await b.cases.update(pool[w]!, noteUpdate, { ...note(i), actor: MANAGER }));
    },
  );
}
