/**
 * A dev edge call held open until the test releases it: how a test puts something (a cancellation, an update)
 * in the middle of an edge call without a sleep. Pass `faults` to withWorker (or combine it with `faultsOf`).
 */
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Keyed } from '../../activities/adapters/edges';

export interface EdgeHold {
  /** The dev edges' fault hook that holds the calls. */
  faults: FaultInjector;
  /** Settles when the first matching call is held, with its input. */
  reached: Promise<Keyed>;
  /** Lets every held call (and every later one) go on; safe to call more than once. */
  release(): void;
  /** How many matching calls reached the hold. */
  readonly calls: number;
}

/**
 * Holds every call of `operation` whose idempotency key contains `keyIncludes`: `before` the edge acts, or `after`
 * it acted and recorded the call (the money moved, the answer not yet back).
 */
export function holdEdge(operation: string, when: 'before' | 'after', keyIncludes = ''): EdgeHold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reach!: (input: Keyed) => void;
  const reached = new Promise<Keyed>((resolve) => (reach = resolve));
  let calls = 0;
  const hook = async (op: string, input: Keyed) => {
    if (op !== operation || !input.idempotencyKey.includes(keyIncludes)) return;
    calls += 1;
    reach(input);
    await released;
  };
  return {
    faults: when === 'before' ? { before: hook } : { after: hook },
    reached,
    release,
    get calls() {
      return calls;
    },
  };
}
