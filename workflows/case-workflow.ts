import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import { AppliedRequests } from './applied-requests';
import { CaseEngine, openCase } from './case-engine';
import type { CaseState } from './case-state';
import { caseTypeModule } from './case-types';
import { DeadlineTimers } from './deadline-timers';
import { openingTime } from './opening-time';
import { edgeCall, notifyOwner, openLinkedCase, runSaga } from './effects';
import type { CaseView } from './domain';
import * as m from './messages';
import { GROWTH, RecordMeter, type Growth } from './record-budget';
import { caseSearchAttributes, SA, type CaseIndexFields } from './search-attributes';
import { refuseUnsealedStart, requireSealed } from './sealed-input';

/**
 * Added after v2: continue-as-new used to wait for the handlers, then for the activities in flight at that
 * moment; an action taken in between (a proposal starting a saga) was cut off by the continue-as-new, its
 * saga left running in the carried state with nobody to finish it.
 */
export const IDLE_CONTINUE_AS_NEW_PATCH = 'continue-as-new-when-idle';

/** One member request, from opening to closed or cancelled. */
export async function caseWorkflow(input: m.CaseWorkflowInput): Promise<CaseView> {
  refuseUnsealedStart(input); // first: a start sent around the API ends here (sealed-input.ts)
  const state: CaseState =
    'open' in input
      ? openCase(input.open, openingTime(input.open))
      : { ...input.resume, runCount: input.resume.runCount + 1 };
  const engine = new CaseEngine(state, caseTypeModule(state.view.type));
  const timers = new DeadlineTimers();
  const inFlight = new Set<Promise<void>>();
  let changed = true;

  const meter = new RecordMeter(state);
  const applied = new AppliedRequests(state);
  const snapshot = (): CaseView => JSON.parse(JSON.stringify(engine.view)) as CaseView;
  // Copies only the newest entries: copying a long timeline for every action would cost quadratic time.
  const updateResult = (): CaseView =>
    JSON.parse(
      JSON.stringify({
        ...engine.view,
        timeline: engine.view.timeline.slice(-m.UPDATE_RESULT_TIMELINE_ENTRIES),
      }),
    ) as CaseView;

  /**
   * The update's validator: a repeat of a request already applied (same Idempotency-Key) is accepted as it is,
   * whatever the case's state now (it answers with the view); otherwise the engine's check, then the record
   * budget for actions that add at will.
   */
  const validator =
    <A extends m.Acting>(
      def: UpdateDefinition<CaseView, [A]>,
      check: (a: A) => void,
      grows?: (a: A) => Growth,
    ) =>
    (a: A) => {
      requireSealed(a); // before anything reads it: an update sent around the API (sealed-input.ts)
      // A repeat answers with the view as it stands now: only to a caller who may still read the case.
      if (applied.isRepeat(a.idempotency)) return engine.checkReader(a.actor);
      check(a);
      if (grows) meter.require(def.name, grows(a));
    };

  /** Applies a request, unless it repeats one already applied (same Idempotency-Key); whether it applied. */
  const applyOnce = <A extends m.Acting>(args: A, apply: (a: A) => void): boolean => {
    if (applied.isRepeat(args.idempotency)) return false;
    apply(args);
    applied.remember(args.idempotency);
    engine.refreshDerived();
    changed = true;
    return true;
  };

  /**
   * Registers an update whose validator rejects without changing anything and whose handler applies, once per
   * Idempotency-Key: a repeat answers with the view as it stands.
   */
  function action<A extends m.Acting>(
    def: UpdateDefinition<CaseView, [A]>,
    check: (a: A) => void,
    apply: (a: A) => void,
    grows?: (a: A) => Growth,
  ): void {
    setHandler(
      def,
      (args: A) => {
        applyOnce(args, apply);
        return updateResult();
      },
      { validator: validator(def, check, grows), description: `case action ${def.name}` },
    );
  }

  action(
    m.callbackUpdate,
    (a) => engine.checkCallback(a),
    (a) => engine.callback(a),
  );
  action(
    m.noteUpdate,
    (a) => engine.checkNote(a),
    (a) => engine.note(a),
    (a) => GROWTH.entry(a.text),
  );
  action(
    m.waitUpdate,
    (a) => engine.checkWait(a),
    (a) => engine.wait(a),
    (a) => GROWTH.entry(a.reason),
  );
  action(
    m.resumeUpdate,
    (a) => engine.checkResume(a),
    (a) => engine.resume(a),
  );
  action(
    m.escalateUpdate,
    (a) => engine.checkEscalate(a),
    (a) => engine.escalate(a),
  );
  action(
    m.reassignUpdate,
    (a) => engine.checkReassign(a),
    (a) => engine.reassign(a),
    (a) => GROWTH.reassign(a.reason),
  );
  action(
    m.resolveUpdate,
    (a) => engine.checkResolve(a),
    (a) => engine.resolve(a),
  );
  action(
    m.reopenUpdate,
    (a) => engine.checkReopen(a),
    (a) => engine.reopen(a),
    (a) => GROWTH.entry(a.reason),
  );
  action(
    m.rateUpdate,
    (a) => engine.checkRate(a),
    (a) => engine.rate(a),
  );

  const running = new Map<string, Promise<void>>();
  const track = (id: string, work: Promise<void>) => {
    const done = work.finally(() => {
      inFlight.delete(done);
      running.delete(id);
      engine.refreshDerived();
      changed = true;
    });
    inFlight.add(done);
    running.set(id, done);
  };
  const drainOutbox = () => {
    for (const effect of state.outbox.splice(0)) {
      switch (effect.kind) {
        case 'notify':
          track(effect.change.key, notifyOwner(engine, effect.change));
          break;
        case 'saga':
          track(`saga:${effect.sagaId}`, runSaga(engine, engine.saga(effect.sagaId)));
          break;
        case 'edge':
          track(effect.call.input.idempotencyKey, edgeCall(engine, effect.call, effect.purpose));
          break;
        case 'open_linked_case':
          track(`case:${effect.input.id}`, openLinkedCase(engine, effect.input));
          break;
      }
    }
  };
  const sagaIds = (): Set<string> =>
    new Set(state.outbox.flatMap((e) => (e.kind === 'saga' ? [`saga:${e.sagaId}`] : [])));
  const runningSagas = (): Set<string> => new Set([...running.keys()].filter((id) => id.startsWith('saga:')));

  /**
   * An action that moves money (or stops it moving): answers once the sagas it started (`await: 'started'`) or
   * every running saga (`'all'`, for cancellation) has finished, so the caller sees the outcome. Once per
   * Idempotency-Key, like `action`.
   */
  function moneyAction<A extends m.Acting>(
    def: UpdateDefinition<CaseView, [A]>,
    check: (a: A) => void,
    apply: (a: A) => void,
    awaiting: 'started' | 'all' = 'started',
    grows?: (a: A) => Growth,
  ): void {
    setHandler(
      def,
      async (args: A) => {
        // A repeat moves no money: the view shows what the first request started, as it stands.
        if (!applyOnce(args, apply)) return updateResult();
        const ids = awaiting === 'all' ? new Set([...runningSagas(), ...sagaIds()]) : sagaIds();
        drainOutbox();
        await Promise.all([...ids].map((id) => running.get(id)));
        return updateResult();
      },
      { validator: validator(def, check, grows), description: `case action ${def.name}` },
    );
  }

  action(
    m.thirdPartyResponseUpdate,
    (a) => engine.checkThirdPartyResponse(a),
    (a) => engine.thirdPartyResponse(a),
  );
  moneyAction(
    m.proposeCompensationUpdate,
    (a) => engine.checkPropose(a),
    (a) => engine.propose(a),
    'started',
    (a) => GROWTH.compensation(a.reason),
  );
  moneyAction(
    m.approveCompensationUpdate,
    (a) => engine.checkApprove(a),
    (a) => engine.approve(a),
  );
  action(
    m.rejectCompensationUpdate,
    (a) => engine.checkReject(a),
    (a) => engine.reject(a),
  );
  moneyAction(
    m.cancelUpdate,
    (a) => engine.checkCancel(a),
    (a) => engine.cancel(a),
    'all',
  );
  setHandler(m.caseViewQuery, () => engine.view, { description: 'the case view of API.md' });

  let published = initialIndexKey();
  const publish = () => {
    const fields = indexFields(engine.view);
    const key = JSON.stringify(fields);
    if (key !== published) {
      const pairs: SearchAttributeUpdatePair[] = caseSearchAttributes(fields);
      if (fields.nextDueAt === null) pairs.push({ key: SA.nextDueAt, value: null });
      upsertSearchAttributes(pairs);
      published = key;
    }
    const v = engine.view;
    setCurrentDetails(
      `**${v.status}** · level ${v.escalationLevel} · owner ${v.assignee.id}` +
        (v.nextDueAt ? ` · next due ${v.nextDueAt}` : '') +
        (v.sla.callback.breached || v.sla.resolution.breached ? ' · SLA breached' : ''),
    );
  };

  // Worker logs carry the case id like the API's; each new timeline entry is one line (none while replaying).
  let logged = 'open' in input ? 0 : state.view.timeline.length;
  const logTimeline = () => {
    for (const entry of state.view.timeline.slice(logged)) {
      // Kind, actor and case only: the text is personal data (notes, reasons, summaries, names).
      log.info(`timeline: ${entry.kind}`, { caseId: state.view.id, kind: entry.kind, actor: entry.actor });
    }
    logged = state.view.timeline.length;
  };
  if ('resume' in input) log.info('case run continued', { caseId: state.view.id, runCount: state.runCount });

  const mustContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > state.historyEventsPerRun;

  for (;;) {
    engine.fireDueDeadlines();
    engine.refreshDerived();
    drainOutbox();
    publish();
    logTimeline();
    if (engine.finished) break;
    if (mustContinueAsNew()) {
      if (patched(IDLE_CONTINUE_AS_NEW_PATCH)) {
        // One condition: an action arriving while activities finish starts more work, and is waited for too.
        await condition(() => allHandlersFinished() && inFlight.size === 0);
      } else {
        await condition(allHandlersFinished);
        await Promise.all(inFlight);
      }
      // Whatever arrived while we waited is in the state; the next run re-arms every timer from it.
      log.info('continuing as new', { caseId: state.view.id, historyLength: workflowInfo().historyLength });
      return continueAsNew<typeof caseWorkflow>({ resume: state });
    }
    timers.sync(engine.deadlines());
    await condition(() => changed || timers.fired || mustContinueAsNew());
    changed = false;
    timers.fired = false;
  }

  await condition(allHandlersFinished);
  await Promise.all(inFlight);
  return snapshot();
}

function indexFields(v: CaseView): CaseIndexFields {
  return {
    type: v.type,
    status: v.status,
    tier: v.member.tier,
    assigneeId: v.assignee.id,
    memberId: v.member.id,
    escalationLevel: v.escalationLevel,
    breached: v.sla.callback.breached || v.sla.resolution.breached,
    nextDueAt: v.nextDueAt,
  };
}

/** The index the run starts with (set by the API at start, or carried by continue-as-new). */
function initialIndexKey(): string | undefined {
  const sa = workflowInfo().typedSearchAttributes;
  const type = sa.get(SA.type);
  if (type === undefined) return undefined;
  const due = sa.get(SA.nextDueAt);
  const fields: CaseIndexFields = {
    type,
    status: sa.get(SA.status) ?? '',
    tier: sa.get(SA.tier) ?? '',
    assigneeId: sa.get(SA.assigneeId) ?? '',
    memberId: sa.get(SA.memberId) ?? '',
    escalationLevel: sa.get(SA.escalationLevel) ?? -1,
    breached: sa.get(SA.breached) ?? false,
    nextDueAt: due === undefined ? null : due.toISOString(),
  };
  return JSON.stringify(fields);
}
