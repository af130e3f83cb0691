/**
 * The dev edges in workflow tests: fault injectors that make an edge call fail (for good, or a few times), and
 * readers of what the edges' journals recorded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Keyed } from '../../activities/adapters/edges';
import { eventually } from './eventually';

/** A fault injector failing for good (non-retryable) on an operation whose key matches. */
export function failForGood(
  operation: string,
  keyIncludes = '',
  message = `${operation} refused for good`,
): FaultInjector {
  return {
    before(op: string, input: Keyed) {
      if (op === operation && input.idempotencyKey.includes(keyIncludes)) {
        throw ApplicationFailure.nonRetryable(message, 'EdgeRefused');
      }
    },
  };
}

/**
 * A fault injector whose `before` throws a retryable error for the first `times` attempts of an operation whose
 * key matches (the activity's retry policy tries again), counting every attempt.
 */
export function flaky(operation: string, keyIncludes: string, times: number) {
  const state = { attempts: 0 };
  const faults: FaultInjector = {
    before(op: string, input: Keyed) {
      if (op !== operation || !input.idempotencyKey.includes(keyIncludes)) return;
      state.attempts += 1;
      if (state.attempts <= times) throw new Error(`${operation} timed out (attempt ${state.attempts})`);
    },
  };
  return { faults, state };
}

/** Combines fault injectors: each hook runs in order (a hook may hold the call: it is awaited). */
export function faultsOf(...injectors: FaultInjector[]): FaultInjector {
  return {
    before: async (op, input) => {
      for (const f of injectors) await f.before?.(op, input);
    },
    after: async (op, input) => {
      for (const f of injectors) await f.after?.(op, input);
    },
  };
}

/** Polls an edge journal (real time) until `predicate` holds on its calls. */
export async function waitForCalls<C>(
  read: () => Promise<C[]>,
  predicate: (calls: C[]) => boolean,
  what = 'the expected edge calls',
  timeoutMs = 20_000,
): Promise<C[]> {
  let last: C[] = [];
  return eventually(
    what,
    async () => {
      last = await read();
      return predicate(last) ? last : undefined;
    },
    { timeoutMs, context: () => `calls: ${JSON.stringify(last, null, 1)}` },
  );
}

/** `operation` of every call in a journal, in order (duplicates marked with a trailing `*`). */
export async function operations(journal: {
  calls(): Promise<(Record<string, unknown> & { duplicate: boolean })[]>;
}) {
  return (await journal.calls()).map((c) => `${String(c.operation)}${c.duplicate ? '*' : ''}`);
}

/** The durable record the journal keeps for a key: what the edge answered the first time. */
export function journalRecord(
  dataDir: string,
  edge: 'payments' | 'merchants' | 'carrier' | 'consulate',
  key: string,
): { key: string; call: Record<string, unknown>; result: { reference: string } } {
  const file = path.join(
    dataDir,
    'edges',
    edge,
    `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8'));
}
