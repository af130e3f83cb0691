/**
 * Engine generations (workflows/patches.ts): a case opened with today's generation takes every patch folded into
 * it as applied, and records no patch marker (nor the SDK's `TemporalChangeVersion` upsert) at its opening, its
 * first action or its breach; a case started without one asks `patched()` as before, so histories recorded
 * before generations replay unchanged (test/replay). Both behave alike. Read from histories on the test server.
 */
import type { temporal } from '@temporalio/proto';
import * as m from '../../workflows/messages';
import { ENGINE_GENERATION, foldedInto } from '../../workflows/engine-generation';
import {
  DEADLINES_BEFORE_ACTIONS_PATCH,
  LOCAL_NOTIFICATIONS_PATCH,
  NOTIFY_ASSIGNED_PATCH,
  OPEN_AT_REQUESTED_TIME_PATCH,
  PENDING_APPROVALS_INDEX_PATCH,
  SEALED_START_PATCH,
} from '../../workflows/patches';
import { actors, openInput } from '../support/cases';
import { eventually } from '../support/eventually';
import { kinds, view } from '../support/case-views';
import { patchMarkers } from '../support/patch-markers';
import { openedMessage } from '../support/sealed-failures';
import { SECOND, sleepUntil, t } from '../support/clock';
import {
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const suite = timeSkippingSuite();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const changeVersionUpserts = (events: HistoryEvent[]) =>
  events.filter((e) =>
    Object.keys(
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
    ).includes('TemporalChangeVersion'),
  ).length;

/** Opens a case, takes a note on it, lets its callback SLA breach; its history once the breach is notified. */
async function openNoteAndBreach(ctx: WorkerContext, generation: number | undefined) {
  const { generation: _today, ...legacy } = openInput();
  const input = {
    ...(generation === undefined ? legacy : { ...legacy, generation }),
    requestedAt: await suite.env.currentTimeMs(),
  };
  const h: CaseHandle = await ctx.start(input);
  await eventually('assigned', () => ctx.notifications.some((n) => n.caseId === h.workflowId));
  await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'called the member' }] });
  await sleepUntil(suite.env, t((await view(h)).sla.callback.dueAt) + SECOND);
  await eventually(
    'escalation',
    () => ctx.notifications.filter((n) => n.caseId === h.workflowId).length >= 2,
  );
  const events = await eventually(`${h.workflowId}'s settled history`, async () => {
    const { raw } = await h.describe();
    if (raw.pendingWorkflowTask) return undefined;
    return (await h.fetchHistory()).events ?? undefined;
  });
  return {
    events,
    view: await view(h),
    // the first two of this case (an earlier case of the test may climb on while time is skipped)
    notified: ctx.notifications
      .filter((n) => n.caseId === h.workflowId)
      .slice(0, 2)
      .map((n) => [n.trigger, n.owner.id]),
  };
}

test('a case opened with the generation records no patch marker, and behaves as one that asks for each patch', () =>
  withWorker(suite.env, async (ctx) => {
    const today = await openNoteAndBreach(ctx, ENGINE_GENERATION);
    expect(patchMarkers(today.events)).toEqual([]);
    expect(changeVersionUpserts(today.events)).toBe(0);
    expect(today.notified).toEqual([
      ['assigned', 'mgr-xinyao'],
      ['escalation', 'mgr-lin'],
    ]);
    expect(kinds(today.view)).toEqual(['opened', 'assigned', 'note', 'sla_breached', 'escalated']);

    const before = await openNoteAndBreach(ctx, undefined);
    expect(patchMarkers(before.events)).toEqual([
      OPEN_AT_REQUESTED_TIME_PATCH,
      NOTIFY_ASSIGNED_PATCH,
      LOCAL_NOTIFICATIONS_PATCH,
      PENDING_APPROVALS_INDEX_PATCH,
      DEADLINES_BEFORE_ACTIONS_PATCH,
    ]);
    expect(changeVersionUpserts(before.events)).toBe(5);
    expect(before.notified).toEqual(today.notified);
    expect(kinds(before.view)).toEqual(kinds(today.view));
    expect(before.events.length - today.events.length).toBe(10);
  }));

test('a generation folds only the patches it names, and no patch without a generation', () => {
  expect(foldedInto(ENGINE_GENERATION, NOTIFY_ASSIGNED_PATCH)).toBe(true);
  expect(foldedInto(ENGINE_GENERATION, PENDING_APPROVALS_INDEX_PATCH)).toBe(true);
  expect(foldedInto(1, PENDING_APPROVALS_INDEX_PATCH)).toBe(false);
  expect(foldedInto(1, NOTIFY_ASSIGNED_PATCH)).toBe(true);
  expect(foldedInto(undefined, NOTIFY_ASSIGNED_PATCH)).toBe(false);
  expect(foldedInto(0, NOTIFY_ASSIGNED_PATCH)).toBe(false);
  // asked only for a start the API did not seal, whose generation nothing vouches for
  expect(foldedInto(ENGINE_GENERATION, SEALED_START_PATCH)).toBe(false);
  expect(foldedInto(ENGINE_GENERATION, 'a-patch-of-tomorrow')).toBe(false);
});

test('a case of a generation newer than the worker waits: its workflow task fails and is retried, nothing runs', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.start({
      ...openInput(),
      generation: ENGINE_GENERATION + 1,
      requestedAt: await suite.env.currentTimeMs(),
    });
    try {
      const events = await eventually('the first workflow task to fail', async () => {
        const all = (await h.fetchHistory()).events ?? [];
        return all.some((e) => e.workflowTaskFailedEventAttributes) ? all : undefined;
      });
      const failure = events.find(
        (e) => e.workflowTaskFailedEventAttributes,
      )!.workflowTaskFailedEventAttributes!;
      expect(failure.failure?.message).toBe('Encoded failure'); // sealed in the history
      expect(await openedMessage(failure.failure!)).toContain(`engine generation ${ENGINE_GENERATION + 1}`);
      expect(events.filter((e) => e.timerStartedEventAttributes || e.markerRecordedEventAttributes)).toEqual(
        [],
      );
      expect((await h.describe()).status.name).toBe('RUNNING'); // waiting, not failed
      expect(ctx.notifications.filter((n) => n.caseId === h.workflowId)).toEqual([]);
    } finally {
      await h.terminate('the test is over'); // its task would be retried for good
    }
  }));
