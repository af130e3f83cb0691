/**
 * The view POST /v1/cases answers with (`openedView`) must be the one the workflow's own code computes, and an
 * unexpected error keeps its stack (its allowed actions are probed without building refusals:
 * test/workflows/probed-refusals.test.ts).
 */
import { caseIdFor, openedView, startCaseRequest } from '../../api/cases/open-case';
import { DEV_ROSTER_FILE } from '../../config/env';
import { Roster } from '../../config/roster';
import { viewFor } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypes } from '../../workflows/case-types';
import type { Actor } from '../../workflows/domain';
import { RecordMeter } from '../../workflows/record-budget';
import { testPolicy } from '../support/policy';

const roster = Roster.load(DEV_ROSTER_FILE);
const policy = testPolicy();
const APP: Actor = { id: 'app', role: 'system' };
const now = Date.parse('2026-12-02T10:00:00Z');

const { input } = startCaseRequest({
  caseId: caseIdFor(APP.id, 'opened-view'),
  body: {
    type: 'concierge',
    member: { id: 'm-1', name: 'Wei', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
    summary: 'A table for two',
    details: { request: 'A table for two tonight' },
  },
  member: { id: 'm-1', name: 'Wei', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
  openedBy: APP,
  roster,
  policy,
  now,
});

/** What the workflow computes for a caller, with stack traces on. */
function workflowView(caller: Actor) {
  const state = openCase({ ...input, requestedAt: now }, now);
  return viewFor(new CaseEngine(state, caseTypes.get(input.type)), new RecordMeter(state), caller);
}

describe('openedView', () => {
  it.each<Actor>([APP, { id: 'mgr-xinyao', role: 'manager' }, { id: 'sup-zheng', role: 'supervisor' }])(
    'is the view the workflow computes, for $id',
    (caller) => {
      const view = openedView(input, now, caller);
      expect(view).toEqual(workflowView(caller));
      expect(view.allowedActions.length).toBeGreaterThan(0);
    },
  );

  it('throws an unexpected error with its stack, and leaves the stack trace limit as it was', () => {
    const limit = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      openedView({ ...input, type: 'no-such-type' }, now, APP);
    } catch (err) {
      thrown = err;
    }
    expect((thrown as Error).message).toMatch(/unknown case type no-such-type/);
    expect((thrown as Error).stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
