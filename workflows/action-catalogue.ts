/**
 * Every case action once: its update, its check (the update's validator), how it applies, how much it may add
 * to the case's record, whether it moves money, and the requests that stand for it when a caller asks what they
 * may do now (`allowedActions`). The workflow registers its updates from this table and answers
 * `allowedActions` by running the very same checks, so the two cannot drift apart.
 */
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { CaseEngine } from './case-engine';
import * as compensation from './compensation';
import * as lifecycle from './lifecycle';
import * as thirdParty from './third-party-answers';
import {
  COMPENSATION_KINDS,
  type Actor,
  type CallerCaseView,
  type CaseView,
  type ThirdParty,
  type ThirdPartyOutcome,
} from './domain';
import * as m from './messages';
import { GROWTH, type Growth, type RecordMeter } from './record-budget';

export interface CaseActionSpec<A extends m.Acting> {
  update: UpdateDefinition<CallerCaseView, [A]>;
  check(engine: CaseEngine, a: A): void;
  apply(engine: CaseEngine, a: A): void;
  /** What the action may add to the record, for the actions that add at will (record-budget.ts). */
  grows?(a: A): Growth;
  /**
   * Actions that move money (or stop it moving) answer once the sagas they started (`started`) or every running
   * saga (`all`, for cancellation) has finished, so the caller sees the outcome.
   */
  awaitSagas?: 'started' | 'all';
  /**
   * Requests that stand for the action when asking whether `actor` may take it now, each with the name the API
   * gives it (`compensations/c1/approve`); the action is allowed when one of them passes the check.
   */
  probes(engine: CaseEngine, actor: Actor): [name: string, args: A][];
}

const spec = <A extends m.Acting>(s: CaseActionSpec<A>) => s as unknown as CaseActionSpec<m.Acting>;
const only =
  <A extends m.Acting>(name: string, body: Omit<A, 'actor'>) =>
  (_engine: CaseEngine, actor: Actor): [string, A][] => [[name, { ...body, actor } as A]];

const RESPONSES: [ThirdParty, ThirdPartyOutcome][] = [
  ['merchant', 'accepted'],
  ['merchant', 'refused'],
  ['carrier', 'found'],
  ['carrier', 'lost'],
  ['consulate', 'approved'],
  ['consulate', 'denied'],
];

const pendingCompensations = (engine: CaseEngine) =>
  engine.view.compensations.filter((c) => c.status === 'pending_approval').map((c) => c.id);

export const CASE_ACTION_SPECS: readonly CaseActionSpec<m.Acting>[] = [
  spec<m.CallbackArgs>({
    update: m.callbackUpdate,
    check: lifecycle.checkCallback,
    apply: lifecycle.callback,
    probes: only('callback', {}),
  }),
  spec<m.NoteArgs>({
    update: m.noteUpdate,
    check: lifecycle.checkNote,
    apply: lifecycle.note,
    grows: (a) => GROWTH.entry(a.text),
    probes: only('notes', { text: '' }),
  }),
  spec<m.WaitArgs>({
    update: m.waitUpdate,
    check: lifecycle.checkWait,
    apply: lifecycle.wait,
    grows: (a) => GROWTH.entry(a.reason),
    probes: (_e, actor) => [
      ['wait', { actor, on: 'member', reason: '' }],
      ['wait', { actor, on: 'third_party', reason: '' }],
    ],
  }),
  spec<m.ResumeArgs>({
    update: m.resumeUpdate,
    check: lifecycle.checkResume,
    apply: lifecycle.resume,
    probes: only('resume', {}),
  }),
  spec<m.ThirdPartyResponseArgs>({
    update: m.thirdPartyResponseUpdate,
    check: thirdParty.checkThirdPartyResponse,
    apply: thirdParty.thirdPartyResponse,
    probes: (_e, actor) =>
      RESPONSES.map(([party, outcome]) => ['third-party-response', { actor, party, outcome }]),
  }),
  spec<m.ProposeCompensationArgs>({
    update: m.proposeCompensationUpdate,
    check: compensation.checkPropose,
    apply: (e, a) => {
      compensation.checkPropose(e, a);
      compensation.propose(e, a.kind, a.amount, a.reason, a.actor.id);
    },
    grows: (a) => GROWTH.compensation(a.reason),
    awaitSagas: 'started',
    probes: (_e, actor) =>
      COMPENSATION_KINDS.map((kind) => [
        'compensations',
        { actor, kind, amount: { amount: 1, currency: 'CNY' }, reason: '' },
      ]),
  }),
  spec<m.ApproveCompensationArgs>({
    update: m.approveCompensationUpdate,
    check: compensation.checkApprove,
    apply: compensation.approve,
    awaitSagas: 'started',
    probes: (e, actor) =>
      pendingCompensations(e).map((id) => [`compensations/${id}/approve`, { actor, compensationId: id }]),
  }),
  spec<m.RejectCompensationArgs>({
    update: m.rejectCompensationUpdate,
    check: compensation.checkReject,
    apply: compensation.rejectProposal,
    probes: (e, actor) =>
      pendingCompensations(e).map((id) => [
        `compensations/${id}/reject`,
        { actor, compensationId: id, reason: '' },
      ]),
  }),
  spec<m.EscalateArgs>({
    update: m.escalateUpdate,
    check: lifecycle.checkEscalate,
    apply: lifecycle.escalate,
    probes: only('escalate', { reason: '' }),
  }),
  spec<m.ReassignArgs>({
    update: m.reassignUpdate,
    check: lifecycle.checkReassign,
    apply: lifecycle.reassign,
    grows: (a) => GROWTH.reassign(a.reason),
    // Any manager other than the current owner: the API checks the new manager against the roster.
    probes: only('reassign', { manager: { id: '', role: 'manager' }, ladder: [], reason: '' }),
  }),
  spec<m.ResolveArgs>({
    update: m.resolveUpdate,
    check: lifecycle.checkResolve,
    apply: lifecycle.resolve,
    probes: only('resolve', { code: '', summary: '' }),
  }),
  spec<m.ReopenArgs>({
    update: m.reopenUpdate,
    check: lifecycle.checkReopen,
    apply: lifecycle.reopen,
    grows: (a) => GROWTH.entry(a.reason),
    probes: only('reopen', { reason: '' }),
  }),
  spec<m.RateArgs>({
    update: m.rateUpdate,
    check: lifecycle.checkRate,
    apply: lifecycle.rate,
    probes: only('rate', { score: 5 }),
  }),
  spec<m.CancelArgs>({
    update: m.cancelUpdate,
    check: lifecycle.checkCancel,
    apply: lifecycle.cancel,
    awaitSagas: 'all',
    probes: only('cancel', { reason: '' }),
  }),
];

/** The update's check: the engine's rules, then the record budget for the actions that add at will. */
export function checkAction<A extends m.Acting>(
  s: CaseActionSpec<A>,
  engine: CaseEngine,
  meter: RecordMeter,
  a: A,
): void {
  s.check(engine, a);
  if (s.grows) meter.require(s.update.name, s.grows(a));
}

/** The actions `actor` may take on the case now, as the API names them: exactly what the checks accept. */
export function allowedActions(engine: CaseEngine, meter: RecordMeter, actor: Actor): string[] {
  const allowed = new Set<string>();
  for (const s of CASE_ACTION_SPECS) {
    for (const [name, args] of s.probes(engine, actor)) {
      if (allowed.has(name)) continue;
      try {
        checkAction(s, engine, meter, args);
        allowed.add(name);
      } catch (err) {
        if (!(err instanceof ApplicationFailure)) throw err;
      }
    }
  }
  return [...allowed];
}

/** The case view as `actor` sees it: the view plus what they may do now. */
export function viewFor(engine: CaseEngine, meter: RecordMeter, actor: Actor, view: CaseView = engine.view) {
  return { ...view, allowedActions: allowedActions(engine, meter, actor) };
}
