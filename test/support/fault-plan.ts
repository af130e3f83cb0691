/**
 * Faults a test injects into the dev edges of a worker running in another process (test/support/fault-worker.ts).
 * The test writes the rules to `<dir>/plan.json` at any time; the worker reads them on every edge call and
 * appends each hit to `<dir>/hits.jsonl`, which is how the test knows a call is being held at that moment.
 */
import { ApplicationFailure } from '@temporalio/common';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Keyed } from '../../activities/adapters/edges';

export interface FaultRule {
  /** Before the edge acts, or after it acted and recorded the call (the money moved). */
  when: 'before' | 'after';
  /** The dev edge operation (`pay`, `reverse`, `ship`, ...). */
  operation: string;
  /** Only calls whose idempotency key contains this (a case id). */
  keyIncludes: string;
  /** hold: never return (until the process is killed); delay: return after `ms`; fail: fail for good. */
  action: 'hold' | 'delay' | 'fail';
  ms?: number;
}

export interface FaultHit {
  rule: number;
  when: FaultRule['when'];
  operation: string;
  key: string;
  at: string;
}

export class FaultPlan {
  private readonly planFile: string;
  private readonly hitsFile: string;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.planFile = path.join(dir, 'plan.json');
    this.hitsFile = path.join(dir, 'hits.jsonl');
  }

  /** Replaces the rules (written aside and renamed, so the worker never reads half a plan). */
  set(rules: FaultRule[]): void {
    writeFileSync(`${this.planFile}.tmp`, JSON.stringify(rules));
    renameSync(`${this.planFile}.tmp`, this.planFile);
  }

  rules(): FaultRule[] {
    return existsSync(this.planFile) ? (JSON.parse(readFileSync(this.planFile, 'utf8')) as FaultRule[]) : [];
  }

  hits(): FaultHit[] {
    if (!existsSync(this.hitsFile)) return [];
    return readFileSync(this.hitsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FaultHit);
  }

  /** The worker's side: applies the first matching rule to each edge call. */
  injector(): FaultInjector {
    const apply = async (when: FaultRule['when'], operation: string, input: Keyed) => {
      const rules = this.rules();
      const index = rules.findIndex(
        (r) => r.when === when && r.operation === operation && input.idempotencyKey.includes(r.keyIncludes),
      );
      const rule = rules[index];
      if (!rule) return;
      const hit: FaultHit = {
        rule: index,
        when,
        operation,
        key: input.idempotencyKey,
        at: new Date().toISOString(),
      };
      appendFileSync(this.hitsFile, `${JSON.stringify(hit)}\n`);
      switch (rule.action) {
        case 'hold':
          await new Promise<never>(() => undefined);
          break;
        case 'delay':
          await sleep(rule.ms ?? 1_000);
          break;
        case 'fail':
          throw ApplicationFailure.nonRetryable(`injected fault: ${operation} ${when}`, 'InjectedFault');
      }
    };
    return {
      before: (operation, input) => apply('before', operation, input),
      after: (operation, input) => apply('after', operation, input),
    };
  }
}
