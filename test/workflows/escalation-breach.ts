/**
 * An SLA clock running out in the escalation tests (escalation.test.ts, escalation-by-request.test.ts), on the
 * apass windows of the test policy: sleep past its due time, then check the breach, the new owner and their
 * fresh window.
 */
import type { CaseView, TimelineEntry } from '../../workflows/domain';
import { lastEntry, view } from '../support/case-views';
import { SECOND, sleepUntil, t } from '../support/clock';
import { APASS_SLA } from '../support/policy';
import type { CaseHandle, ServerSuite } from '../support/workflow-harness';

const { callbackMs: CALLBACK_SLA, resolutionMs: RESOLUTION_SLA } = APASS_SLA;

type Clock = 'callback' | 'resolution';
const WINDOW: Record<Clock, number> = { callback: CALLBACK_SLA, resolution: RESOLUTION_SLA };
const BREACHED: Record<Clock, string> = { callback: 'callback SLA', resolution: 'resolution commitment' };

/** The `breach` check below, on the server of `suite` (read when it runs: pass the suite before it starts). */
export function breachChecker(suite: ServerSuite) {
  /**
   * Sleeps to a second past the `clock`'s due time, then checks the breach: the case is at `level`, owned by
   * `assignee`; its last breach reads "<clock> breached at level <from>" (default: the level below) and was
   * recorded within a second of the due time; and, unless `freshWindow` is false, the owner has a new window of
   * the same length measured from the breach. Returns the view, the due time that ran out and the breach.
   */
  async function breach(
    h: CaseHandle,
    clock: Clock,
    expected: { level: number; assignee: string; from?: number; freshWindow?: boolean },
  ): Promise<{ v: CaseView; due: number; breach: TimelineEntry }> {
    const due = t((await view(h)).sla[clock].dueAt);
    await sleepUntil(suite.env, due + SECOND);
    const v = await view(h);
    expect(v.escalationLevel).toBe(expected.level);
    expect(v.assignee.id).toBe(expected.assignee);
    expect(v.sla[clock].breached).toBe(true);
    const entry = lastEntry(v, 'sla_breached');
    expect(entry.text).toBe(`${BREACHED[clock]} breached at level ${expected.from ?? expected.level - 1}`);
    expect(t(entry.at)).toBeGreaterThanOrEqual(due);
    expect(t(entry.at)).toBeLessThan(due + SECOND);
    if (expected.freshWindow !== false) expect(t(v.sla[clock].dueAt)).toBe(t(entry.at) + WINDOW[clock]);
    return { v, due, breach: entry };
  }

  return breach;
}
