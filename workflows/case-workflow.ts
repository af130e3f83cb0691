import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { AppliedRequests } from './applied-requests';
import { CaseEngine } from './case-engine';
import { openCase } from './case-opening';
import type { CaseState } from './case-state';
import { caseTypeModule } from './case-types';
import { DeadlineTimers } from './deadline-timers';
import { openingTime } from './opening-time';
import { CalendarUpkeep } from './calendar-upkeep';
import { edgeCall, openLinkedCase, runSaga } from './effects';
import { countBreach, notifyOwner } from './owner-notifications';
import type { Actor, CallerCaseView, CaseView } from './domain';
import * as m from './messages';
import { RecordMeter } from './record-budget';
import { actionHandler, checkAction, updateResultFor, viewFor } from './action-handlers';
import { deadlinesBeforeAction } from './action-time';
import { FirstTaskOrder } from './first-task-order';
import { checkHeldAction } from './held-checks';
import { actionDefinition, ACTION_NAMES, type ActionName } from './actions';
import { indexFields, indexKey, initialIndexFields } from './case-index';
import { caseSearchAttributes, SA } from './search-attributes';
import { AppliedSeals, requireWithTheStart } from './sealed-input';
import { refuseForeignStart } from './sealed-start';
import {
  CALENDAR_IN_BACKGROUND_PATCH,
  CALENDAR_WAKE_PATCH,
  DEADLINES_BEFORE_ACTIONS_PATCH,
  ACTIONS_WHILE_CONTINUING_PATCH,
  DEADLINES_WHILE_CONTINUING_PATCH,
  FIRST_TASK_UPDATES_AS_SENT_PATCH,
  TIMERS_WHILE_CONTINUING_PATCH,
  IDLE_CONTINUE_AS_NEW_PATCH,
  NOTIFY_ASSIGNED_PATCH,
  PENDING_APPROVALS_INDEX_PATCH,
  RECALL_KEPT_KEYS_PATCH,
  RETRIED_UPDATE_ANSWERED_PATCH,
} from './patches';
import { currentDetails } from './current-details';
import { refuseTemporalCancellation } from './refused-cancellation';
import { actingAs } from './set-off';
import { requireKnownGeneration, versionsOf } from './versions';

/** One member request, from opening to closed or cancelled. */
export async function caseWorkflow(input: m.CaseWorkflowInput): Promise<CaseView> {
  refuseForeignStart(input); // first: a start sent around the API ends here (sealed-start.ts)
  const generation = 'open' in input ? input.open.generation : input.resume.generation;
  requireKnownGeneration(generation);
  const versions = versionsOf(generation, patched);
  const state: CaseState =
    'open' in input
      ? openCase(input.open, openingTime(input.open, versions))
      : { ...input.resume, runCount: input.resume.runCount + 1 };
  const engine = new CaseEngine(state, caseTypeModule(state.view.type), versions);
  // Before any update of the first task applies: their entries are logged too.
  const timelineAtStart = state.view.timeline.length;
  if ('open' in input && input.open.assignedNoticeSent !== true && versions.has(NOTIFY_ASSIGNED_PATCH)) {
    engine.announceAssignment();
  }
  const timers = new DeadlineTimers();
  const inFlight = new Set<Promise<void>>();
  let changed = true;
  const calendar = new CalendarUpkeep();

  const meter = new RecordMeter(state);
  const applied = new AppliedRequests(state);
  const seals = new AppliedSeals(state);
  const shielded = refuseTemporalCancellation(state.view.id);

  const updateResult = (actor: Actor): CallerCaseView => updateResultFor(engine, meter, actor);

  const arrival = new FirstTaskOrder();
  /**
   * The update's validator: a repeat of a request already applied (same Idempotency-Key) is accepted as it is,
   * whatever the case's state now (it answers with the view); otherwise the action's check (action-handlers.ts).
   */
  const validator =
    (name: ActionName) =>
    (a: m.Acting, ...extra: unknown[]) => {
      // Before anything reads it: an update sent around the API (sealed-input.ts); a retry applies nothing.
      // A retry answers with the view, as a keyed repeat does: only to a caller who may still read the case.
      if (seals.require(actionDefinition(name).update.name, a, currentUpdateInfo()?.id, extra))
        return engine.checkReader(a.actor);
      // One handed over while the handlers are registered is checked as it applies (first-task-order.ts): the case
      // it would be checked on here is not yet the one it applies to.
      if (arrival.holding) return;
      // A repeat answers with the view, and a conflict says the key was used: only to a caller who may read the case.
      if (applied.isRepeat(a.idempotency, undefined, () => engine.checkReader(a.actor))) return;
      checkAction(name, engine, meter, a);
    };

  /** Applies a request, unless it repeats one already applied (same Idempotency-Key); whether it applied. */
  const applyOnce = (name: ActionName, args: m.Acting, apply: (a: m.Acting) => void, updateId?: string) => {
    seals.remember(args); // accepted: a copy of it is refused, even when it applies nothing
    const repeat = applied.isRepeat(args.idempotency, () => versions.has(RECALL_KEPT_KEYS_PATCH));
    if (!repeat) apply(args);
    seals.rememberAnswered(args, updateId); // answered with the view: so is the API's retry of it
    if (repeat) return false;
    applied.remember(args.idempotency, name === 'compensations');
    engine.refreshDerived();
    changed = true;
    return true;
  };

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
  // From an update's handler too: in the shielded scope either way.
  const drainOutbox = () => shielded(drainInScope);
  const drainInScope = () => {
    for (const effect of state.outbox.splice(0)) {
      switch (effect.kind) {
        case 'notify':
          track(effect.change.key, notifyOwner(engine, effect.change));
          break;
        case 'count_breach':
          track(
            `breach:${effect.breach.clock}:${effect.breach.breachedAt}`,
            countBreach(engine, effect.breach),
          );
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
   * Each action of the catalogue (actions.ts) is one update: the validator rejects without changing anything;
   * the handler applies once per Idempotency-Key (a repeat answers with the view as it stands, and moves no
   * money). An action that moves money answers once the sagas it waits for have finished, so the caller sees
   * the outcome. What each action checks and does: its entry in action-handlers.ts.
   */
  for (const name of ACTION_NAMES) {
    const { update } = actionDefinition(name);
    const handler = actionHandler(name);
    const apply = (a: m.Acting) => actingAs(engine, a.actor, () => handler.apply(engine, a));
    const act = async (args: m.Acting, held: boolean, updateId: string | undefined, retry: boolean) => {
      if (retry && versions.has(RETRIED_UPDATE_ANSWERED_PATCH)) {
        engine.checkReader(args.actor); // again: a held retry's validator did not ask
        return updateResult(args.actor);
      }
      if (held) {
        seals.refuseCopy(args, () => versions.has(RETRIED_UPDATE_ANSWERED_PATCH));
        seals.remember(args); // accepted: a copy of it is refused, even when its checks refuse it now
        checkHeldAction(name, args, { engine, meter, applied, versions });
      }
      // Whatever fell due before this action happened first, however late the worker runs its timers; what fell
      // due after the API sent it, after it (the main loop's next pass).
      if (
        versions.has(DEADLINES_BEFORE_ACTIONS_PATCH) &&
        engine.fireDueDeadlines(deadlinesBeforeAction(engine, args))
      ) {
        engine.refreshDerived();
        changed = true;
      }
      if (!applyOnce(name, args, apply, updateId) || handler.awaitSagas === undefined)
        return updateResult(args.actor);
      const ids = handler.awaitSagas === 'all' ? new Set([...runningSagas(), ...sagaIds()]) : sagaIds();
      drainOutbox();
      await Promise.all([...ids].map((id) => running.get(id)));
      return updateResult(args.actor);
    };
    const handle = (args: m.Acting) => {
      // Read as it arrives, as its validator did: a held action runs later, after others that change the case.
      const updateId = currentUpdateInfo()?.id;
      const retry = seals.isRetry(args, updateId);
      return arrival.inTurn(args.sent?.at, (held) => act(args, held, updateId, retry));
    };
    setHandler(update, handle, { validator: validator(name), description: `case action ${update.name}` });
  }
  arrival.release(() => versions.has(FIRST_TASK_UPDATES_AS_SENT_PATCH));
  setHandler(m.caseReadyUpdate, () => true as const, {
    validator: () => requireWithTheStart('open' in input),
    description: "completed by the case's first workflow task: the API's opening waits for it",
  });
  setHandler(m.caseViewQuery, () => engine.view, { description: 'the case view of API.md' });
  setHandler(m.caseViewForQuery, (actor) => viewFor(engine, meter, actor), {
    description: 'the case view of API.md as one caller sees it, with the actions they may take now',
  });

  const initialIndex = initialIndexFields();
  let published: string | undefined;
  const publish = () => {
    const withApprovals = versions.has(PENDING_APPROVALS_INDEX_PATCH);
    const fields = indexFields(engine.view, withApprovals);
    const key = JSON.stringify(fields);
    if (key !== (published ?? indexKey(initialIndex, withApprovals))) {
      const pairs: SearchAttributeUpdatePair[] = caseSearchAttributes(fields);
      if (fields.nextDueAt === null) pairs.push({ key: SA.nextDueAt, value: null });
      upsertSearchAttributes(pairs);
      published = key;
    }
    setCurrentDetails(currentDetails(engine));
  };

  // Worker logs carry the case id like the API's; each new timeline entry is one line (none while replaying).
  let logged = 'open' in input ? 0 : timelineAtStart;
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

  return CancellationScope.nonCancellable(async () => {
    let actedWhileContinuing = false;
    for (;;) {
      engine.fireDueDeadlines();
      engine.refreshDerived();
      drainOutbox();
      publish();
      logTimeline();
      if (engine.finished) break;
      if (mustContinueAsNew()) {
        if (versions.has(IDLE_CONTINUE_AS_NEW_PATCH)) {
          // One condition: an action arriving while activities finish starts more work, and is waited for too.
          const idle = () => allHandlersFinished() && inFlight.size === 0;
          // After acting on one, the deadlines it set (the new owner's fresh window) get their timers too; so do
          // those the pass that found the run due to continue set, when activities in flight keep it waiting.
          if (actedWhileContinuing || (inFlight.size > 0 && versions.has(TIMERS_WHILE_CONTINUING_PATCH)))
            timers.sync(engine.deadlines());
          timers.fired = false; // what fell due so far was acted on above
          let wokeForWork: boolean;
          do {
            changed = false;
            await condition(() => idle() || timers.fired || changed);
            // an action applied, or one of several activities done: the effects they queued wait in the outbox
            wokeForWork = !idle() && !timers.fired;
          } while (wokeForWork && !versions.has(ACTIONS_WHILE_CONTINUING_PATCH));
          // A deadline falling due, an action arriving or an activity finishing while others run is acted on now
          // (the owner told, the settlement started, the timers set), not in the next run.
          actedWhileContinuing = !idle() && (wokeForWork || versions.has(DEADLINES_WHILE_CONTINUING_PATCH));
          if (actedWhileContinuing) continue;
          await condition(idle);
        } else {
          await condition(allHandlersFinished);
          await Promise.all(inFlight);
        }
        // Whatever arrived while we waited is in the state; the next run re-arms every timer from it.
        log.info('continuing as new', { caseId: state.view.id, historyLength: workflowInfo().historyLength });
        return continueAsNew<typeof caseWorkflow>({
          resume: { ...state, continuedFromRun: workflowInfo().runId },
        });
      }
      // Business hours are resolved outside the workflow; keep enough of them ahead for any SLA window.
      if (calendar.due(state) && !versions.has(CALENDAR_IN_BACKGROUND_PATCH)) {
        await calendar.extend(state);
        continue;
      }
      if (calendar.due(state)) calendar.extendBeside(state, track);
      const deadlines = engine.deadlines();
      const wake = calendar.wake(state, deadlines, () => versions.has(CALENDAR_WAKE_PATCH));
      timers.sync(wake ? [...deadlines, wake] : deadlines);
      await condition(() => changed || timers.fired || mustContinueAsNew());
      changed = false;
      timers.fired = false;
    }

    await condition(allHandlersFinished);
    await Promise.all(inFlight);
    return JSON.parse(JSON.stringify(engine.view)) as CaseView; // a copy: nothing the engine holds
  });
}
