/**
 * Only the API decides who acts (DOMAIN.md): a cancellation requested through Temporal (the Web UI's button, the
 * CLI) is refused like any message that did not pass the API, and changes nothing. A case ends by its `cancel`
 * action. The case's loop runs in `CancellationScope.nonCancellable`, and what it schedules from an update's
 * handler (sagas, notifications, edge calls) in a scope such a request cannot reach either.
 */
import { CancellationScope, log } from '@temporalio/workflow';

/** Logs a refused request; returns how to schedule effects out of its reach (synchronously, errors rethrown). */
export function refuseTemporalCancellation(caseId: string): (schedule: () => void) => void {
  const shielded = new CancellationScope({ cancellable: false });
  CancellationScope.current().cancelRequested.catch(() =>
    log.warn('refused a cancellation requested through Temporal: cases are cancelled through the API', {
      caseId,
    }),
  );
  return (schedule) => {
    let failed: { error: unknown } | undefined;
    // run() calls it at once: the effects are scheduled before this returns, as if called directly.
    void shielded.run(async () => {
      try {
        schedule();
      } catch (error) {
        failed = { error };
      }
    });
    if (failed) throw failed.error;
  };
}
