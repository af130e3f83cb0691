import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { Deadline } from './case-types/case-type';

/**
 * Holds one durable timer per deadline. A timer whose deadline is unchanged is left alone, so a note or a
 * query costs no timer events; a moved or dropped deadline cancels its timer.
 */
export class DeadlineTimers {
  private readonly armed = new Map<string, { dueAt: number; scope: CancellationScope }>();
  /** Set when any timer fires; the workflow loop clears it after acting on the due deadlines. */
  fired = false;

  sync(deadlines: readonly Deadline[]): void {
    const wanted = new Map(deadlines.map((d) => [d.key, d]));
    for (const [key, timer] of this.armed) {
      if (wanted.get(key)?.dueAt !== timer.dueAt) {
        // A timer already due may have fired on the server in this very instant: let it fire unheeded rather
        // than cancel it (cancelling a fired timer races the server); the deadline was acted on by due time.
        if (timer.dueAt > Date.now()) timer.scope.cancel();
        this.armed.delete(key);
      }
    }
    for (const deadline of deadlines) {
      if (!this.armed.has(deadline.key)) this.arm(deadline);
    }
  }

  private arm({ key, dueAt, summary }: Deadline): void {
    const scope = new CancellationScope();
    this.armed.set(key, { dueAt, scope });
    const delay = Math.max(dueAt - Date.now(), 1);
    scope
      .run(() => sleep(delay, { summary }))
      .then(
        () => {
          if (this.armed.get(key)?.scope === scope) this.armed.delete(key);
          this.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }
}
