/**
 * The workflow side of each action of the catalogue (actions.ts), under the same names: its check (the update's
 * validator), how it applies (the update's handler), whether its answer waits for money to move, and the
 * requests that stand for it when a caller asks what they may do now (`allowedActions`). case-workflow.ts
 * registers one update handler per entry, and `allowedActions` runs the very same checks, so the two cannot
 * drift apart. The rules themselves live in lifecycle.ts, compensation.ts and third-party-answers.ts.
 */
import type { Acting } from './action-args';
import { actionDefinition, ACTION_NAMES, type ActionName, type ArgsOf } from './actions';
import { checkApprovable, checkHeadProposal, checkMerchantNamed } from './approval';
import type { CaseEngine } from './case-engine';
import * as compensation from './compensation';
import { laterRule } from './later-rules';
import * as lifecycle from './lifecycle';
import {
  HEAD_PROPOSALS_BY_ROLE_PATCH,
  HELD_PROPOSAL_RULES_PATCH,
  TYPE_COMPENSATION_REFUSALS_PATCH,
} from './patches';
import * as thirdParty from './third-party-answers';
import * as unconfirmedSteps from './unconfirmed-steps';
import {
  COMPENSATION_KINDS,
  THIRD_PARTY_ANSWERS,
  type ActionChoice,
  type Actor,
  type CallerCaseView,
  type CaseView,
  type ThirdParty,
  type ThirdPartyOutcome,
} from './domain';
import { UPDATE_RESULT_TIMELINE_ENTRIES } from './messages';
import type { RecordMeter } from './record-budget';
import { invalidTransition, isRefusal, probingRefusals } from './rejection';

export interface ActionHandler<A extends Acting> {
  /** Whether the action may be taken now, by this actor with these arguments; throws the refusal. */
  check(engine: CaseEngine, a: A): void;
  /** Takes the action (each calls its check again first: a handler never applies what its check refuses). */
  apply(engine: CaseEngine, a: A): void;
  /**
   * Actions that move money (or stop it moving) answer once the sagas they started (`started`) or every running
   * saga (`all`, for cancellation) has finished, so the caller sees the outcome.
   */
  awaitSagas?: 'started' | 'all';
  /**
   * Requests that stand for the action when asking whether `actor` may take it now, each with the name the API
   * gives it (`compensations/c1/approve`); the action is allowed when one of them passes the check. An action
   * whose arguments are a choice (wait on whom, which answer, which kind) probes each choice and says which one
   * the probe stands for: the ones that pass are the view's `actionChoices`.
   */
  probes(engine: CaseEngine, actor: Actor): Probe<A>[];
}

type Probe<A> = [name: string, args: A, choice?: ActionChoice];

const only =
  <A extends Acting>(name: string, body: Omit<A, 'actor'>) =>
  (_engine: CaseEngine, actor: Actor): Probe<A>[] => [[name, { ...body, actor } as A]];

/** Every answer a third party may give (the table the API's schema and the workflow's check read too). */
const RESPONSES = Object.entries(THIRD_PARTY_ANSWERS).flatMap(([party, outcomes]) =>
  outcomes.map((outcome): [ThirdParty, ThirdPartyOutcome] => [party as ThirdParty, outcome]),
);

const pendingCompensations = (engine: CaseEngine) =>
  engine.view.compensations.filter((c) => c.status === 'pending_approval').map((c) => c.id);

/** One entry per action of the catalogue: a missing or extra one does not compile. */
export const ACTION_HANDLERS: { [K in ActionName]: ActionHandler<ArgsOf<K>> } = {
  callback: {
    check: lifecycle.checkCallback,
    apply: lifecycle.callback,
    probes: only('callback', {}),
  },
  notes: {
    check: lifecycle.checkNote,
    apply: lifecycle.note,
    probes: only('notes', { text: '' }),
  },
  wait: {
    check: lifecycle.checkWait,
    apply: lifecycle.wait,
    probes: (_e, actor) =>
      (['member', 'third_party'] as const).map((on) => ['wait', { actor, on, reason: '' }, { on }]),
  },
  resume: {
    check: lifecycle.checkResume,
    apply: lifecycle.resume,
    probes: only('resume', {}),
  },
  'third-party-response': {
    check: thirdParty.checkThirdPartyResponse,
    apply: thirdParty.thirdPartyResponse,
    probes: (_e, actor) =>
      RESPONSES.map(([party, outcome]) => [
        'third-party-response',
        { actor, party, outcome },
        { party, outcome },
      ]),
  },
  compensations: {
    check: (e, a) => {
      compensation.checkPropose(e, a, true);
      laterRule(e.versions, HELD_PROPOSAL_RULES_PATCH, () => {
        checkMerchantNamed(e, a.kind);
        checkApprovable(e, a.amount, a.actor);
        e.caseType.checkCompensation?.(e, a.kind, a.amount);
      });
      laterRule(e.versions, HEAD_PROPOSALS_BY_ROLE_PATCH, () => checkHeadProposal(e, a.amount, a.actor));
      const refusal = e.caseType.compensationRefusal?.(e, a.kind);
      if (refusal) invalidTransition(refusal);
    },
    apply: (e, a) => {
      compensation.checkPropose(e, a);
      // the deadlines the handler fired first (the visa decision's) may have changed the answer
      const refusal = e.caseType.compensationRefusal?.(e, a.kind);
      if (refusal && e.versions.has(TYPE_COMPENSATION_REFUSALS_PATCH)) invalidTransition(refusal);
      compensation.propose(e, a.kind, a.amount, a.reason, a.actor.id);
    },
    awaitSagas: 'started',
    probes: (_e, actor) =>
      COMPENSATION_KINDS.map((kind) => [
        'compensations',
        { actor, kind, amount: { amount: 1, currency: 'CNY' }, reason: '' },
        { kind },
      ]),
  },
  approve: {
    check: compensation.checkApprove,
    apply: compensation.approve,
    awaitSagas: 'started',
    probes: (e, actor) =>
      pendingCompensations(e).map((id) => [`compensations/${id}/approve`, { actor, compensationId: id }]),
  },
  reject: {
    check: compensation.checkReject,
    apply: (e, a) => {
      const rejected = compensation.rejectProposal(e, a);
      e.caseType.onCompensationRejected?.(e, rejected);
    },
    probes: (e, actor) =>
      pendingCompensations(e).map((id) => [
        `compensations/${id}/reject`,
        { actor, compensationId: id, reason: '' },
      ]),
  },
  recheck: {
    check: unconfirmedSteps.checkRecheck,
    apply: unconfirmedSteps.recheck,
    awaitSagas: 'started',
    probes: (e, actor) =>
      unconfirmedSteps
        .recheckableCompensations(e)
        .map((id) => [`compensations/${id}/recheck`, { actor, compensationId: id }]),
  },
  escalate: {
    check: lifecycle.checkEscalate,
    apply: lifecycle.escalate,
    probes: only('escalate', { reason: '' }),
  },
  reassign: {
    check: lifecycle.checkReassign,
    apply: lifecycle.reassign,
    // Any manager other than the current owner: the API checks the new manager against the roster.
    probes: only('reassign', { manager: { id: '', role: 'manager' }, ladder: [], reason: '' }),
  },
  resolve: {
    check: lifecycle.checkResolve,
    apply: lifecycle.resolve,
    probes: only('resolve', { code: '', summary: '' }),
  },
  reopen: {
    check: lifecycle.checkReopen,
    apply: lifecycle.reopen,
    probes: only('reopen', { reason: '' }),
  },
  rate: {
    check: lifecycle.checkRate,
    apply: lifecycle.rate,
    probes: only('rate', { score: 5 }),
  },
  cancel: {
    check: lifecycle.checkCancel,
    apply: lifecycle.cancel,
    awaitSagas: 'all',
    probes: only('cancel', { reason: '' }),
  },
};

/** An action's handler where its name is not known statically (a loop over the catalogue). */
export const actionHandler = (name: ActionName): ActionHandler<Acting> =>
  ACTION_HANDLERS[name] as unknown as ActionHandler<Acting>;

/** The update's check: the engine's rules, then the record budget for the actions that add at will. */
export function checkAction(name: ActionName, engine: CaseEngine, meter: RecordMeter, a: Acting): void {
  actionHandler(name).check(engine, a);
  const { update, grows } = actionDefinition(name);
  if (grows) meter.require(update.name, grows(a));
}

/**
 * What `actor` may do on the case now: the actions as the API names them, and for those whose arguments are a
 * choice, the choices; exactly what the checks accept (an amount or a text may still be refused).
 */
export function callerActions(
  engine: CaseEngine,
  meter: RecordMeter,
  actor: Actor,
): Pick<CallerCaseView, 'allowedActions' | 'actionChoices'> {
  return probingRefusals(() => {
    const allowed = new Set<string>();
    const choices: Record<string, ActionChoice[]> = {};
    for (const name of ACTION_NAMES) {
      for (const [request, args, choice] of actionHandler(name).probes(engine, actor)) {
        if (allowed.has(request) && !choice) continue;
        try {
          checkAction(name, engine, meter, args);
          allowed.add(request);
          if (choice) (choices[request] ??= []).push(choice);
        } catch (err) {
          if (!isRefusal(err)) throw err;
        }
      }
    }
    return { allowedActions: [...allowed], actionChoices: choices };
  });
}

/** The actions `actor` may take on the case now, as the API names them: exactly what the checks accept. */
export const allowedActions = (engine: CaseEngine, meter: RecordMeter, actor: Actor): string[] =>
  callerActions(engine, meter, actor).allowedActions;

/** The case view as `actor` sees it: the view plus what they may do now. */
export function viewFor(
  engine: CaseEngine,
  meter: RecordMeter,
  actor: Actor,
  view: CaseView = engine.view,
): CallerCaseView {
  return { ...view, ...callerActions(engine, meter, actor) };
}

/**
 * An update's answer: the view as `actor` sees it, a copy holding only the newest timeline entries (copying a long
 * timeline for every action would cost quadratic time).
 */
export function updateResultFor(engine: CaseEngine, meter: RecordMeter, actor: Actor): CallerCaseView {
  const view = { ...engine.view, timeline: engine.view.timeline.slice(-UPDATE_RESULT_TIMELINE_ENTRIES) };
  return JSON.parse(JSON.stringify(viewFor(engine, meter, actor, view))) as CallerCaseView;
}
