/**
 * Edges that act but whose answers are lost (a slow rail: the money moved, the answer timed out), and the saga's
 * rechecks' length, for the tests of unanswered saga steps and undos.
 */
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';

/** `operation` on compensation c1 is done, and then its answer is lost: on the first `times` tries (Infinity: every one). */
export function answerLost(times: number, operation = 'pay') {
  const state = { tries: 0 };
  return {
    state,
    faults: {
      after(op: string, input: { idempotencyKey: string }) {
        if (op !== operation || !input.idempotencyKey.includes('/c1/')) return;
        state.tries += 1;
        if (state.tries <= times) throw new Error(`the rail's answer timed out (try ${state.tries})`);
      },
    },
  };
}

/** The saga's rechecks: every wait, and time for each try (twenty tries over about nine minutes). */
export const ALL_RECHECKS =
  RECHECK_AFTER_MS.reduce((sum, ms) => sum + ms, 0) + RECHECK_AFTER_MS.length * 10 * 60_000;

/**
 * The payment rail's calls: `<operation> <compensation>/<step>`, `(again)` for a key asked again, `(refused)` for
 * one whose key a lookup had closed.
 */
export const payments = async (ctx: { edges: { journals: { payments: { calls(): Promise<unknown[]> } } } }) =>
  (await ctx.edges.journals.payments.calls()).map((c) => {
    const call = c as { operation: string; idempotencyKey: string; duplicate: boolean; refused?: string };
    const mark = call.refused ? ' (refused)' : call.duplicate ? ' (again)' : '';
    return `${call.operation} ${call.idempotencyKey.split('/').slice(1).join('/')}${mark}`;
  });
