/**
 * The API's own update, sent again by its gRPC client after the case continued as new (the answer to the first
 * try lost on the way), reaches the new run with the same update id and the same sealed message. Temporal answers
 * a repeated update id only within a run, so the new run got a message its predecessor had applied and refused it
 * as a copy: the caller was told "refused" for a note, a callback or a proposal that had happened. It is answered
 * with the case's view now and applies nothing; the same message under another update id is still refused.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { actionIdentity } from '../../api/cases/idempotency';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { RETRIED_UPDATE_ANSWERED_PATCH } from '../../workflows/patches';
import { count } from '../support/case-views';
import { actors, devRoster, openInput } from '../support/cases';
import { copyingClient } from '../support/copied-payloads';
import { notesUntilContinued } from '../support/many-notes';
import { patchMarkers } from '../support/patch-markers';
import { rejectionOf } from '../support/update-rejections';
import {
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const suite = timeSkippingSuite();

/** A case whose runs continue as new after 40 history events. */
async function shortRunCase(ctx: WorkerContext): Promise<CaseHandle> {
  const input = { ...openInput(), requestedAt: await suite.env.currentTimeMs() };
  input.historyEventsPerRun = 40;
  return ctx.start(input);
}

/** Such a case with the API's note sent as update `updateId`, and that note's sealed arguments as sent. */
async function notedCase(ctx: WorkerContext, updateId: string) {
  const h = await shortRunCase(ctx);
  await h.executeUpdate(m.noteUpdate, {
    args: [{ actor: actors.xinyao, text: 'the member called' }],
    updateId,
  });
  return { h, sent: await acceptedPayload(h, updateId) };
}

/** The sealed arguments of the update `updateId` as the case accepted them (what the API sent). */
async function acceptedPayload(h: WorkflowHandle, updateId: string): Promise<Payload> {
  const payload = ((await h.fetchHistory()).events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
    .find((r) => r?.meta?.updateId === updateId)?.input?.args?.payloads?.[0];
  if (!payload) throw new Error(`no accepted update ${updateId}`);
  return payload as Payload;
}

test("the API's note sent again into the run after continue-as-new is answered, not refused, and applied once", () =>
  withWorker(suite.env, async (ctx) => {
    const updateId = 'api-note-1';
    const { h, sent } = await notedCase(ctx, updateId);
    const notes = 1 + (await notesUntilContinued(h, actors.xinyao));

    // What the API's gRPC client sends again: the same update id, the same sealed message.
    const again = copyingClient(suite.env, sent).workflow.getHandle(h.workflowId);
    const answered = (await again.executeUpdate(m.noteUpdate.name, { args: [{}], updateId })) as CaseView;
    expect(answered.status).toBe('awaiting_callback');
    const v = await h.query(m.caseViewQuery);
    expect(count(v, 'note')).toBe(notes);
    expect(patchMarkers((await h.fetchHistory()).events ?? [])).toContain(RETRIED_UPDATE_ANSWERED_PATCH);

    // The same message under another update id is a copy, as before.
    const copy = await rejectionOf(
      again.executeUpdate(m.noteUpdate.name, { args: [{}], updateId: 'someone-else' }),
      'forbidden',
    );
    expect(copy.message).toContain('a copy of a message this case has already applied');
    // A second argument would reach the handler as something the API never sent: refused, whatever the first.
    const two = await rejectionOf(
      again.executeUpdate(m.noteUpdate.name, { args: [{}, {}], updateId: 'api-note-1b' }),
      'forbidden',
    );
    expect(two.message).toContain('an action takes one argument');
    expect(count(await h.query(m.caseViewQuery), 'note')).toBe(notes);
  }));

test('the same message and update id arriving more than five minutes after it was applied is refused as a copy', () =>
  withWorker(suite.env, async (ctx) => {
    const updateId = 'api-note-2';
    const { h, sent } = await notedCase(ctx, updateId);
    await suite.env.sleep('6m'); // no gRPC retry comes this late: whoever sends it copied it from the history
    // Its callback SLA breached meanwhile, so the case climbed: its supervisor writes the notes.
    await notesUntilContinued(h, actors.zheng);
    const again = copyingClient(suite.env, sent).workflow.getHandle(h.workflowId);
    const copy = await rejectionOf(
      again.executeUpdate(m.noteUpdate.name, { args: [{}], updateId }),
      'forbidden',
    );
    expect(copy.message).toContain('a copy of a message this case has already applied');
  }));

test("the API's keyed repeat, answered after a continue-as-new, is answered too when gRPC sends it again after another", () =>
  withWorker(suite.env, async (ctx) => {
    const h = await shortRunCase(ctx);
    const body = { text: 'the member called' };
    const idempotency = actionIdentity(actors.xinyao.id, 'k-note-1', { action: 'notes', body })!;
    const keyed = {
      args: [{ ...body, actor: actors.xinyao, idempotency }] as [m.NoteArgs],
      updateId: 'api-k-1',
    };
    await h.executeUpdate(m.noteUpdate, keyed);
    const notes = 1 + (await notesUntilContinued(h, actors.xinyao));
    // The platform sends the same request again (the API seals it afresh): the case answers the key's repeat.
    await h.executeUpdate(m.noteUpdate, keyed);
    const repeated = await acceptedPayload(h, keyed.updateId);
    await notesUntilContinued(h, actors.xinyao);
    // That call's answer was lost and gRPC sends it again, into the next run.
    const again = copyingClient(suite.env, repeated).workflow.getHandle(h.workflowId);
    await again.executeUpdate(m.noteUpdate.name, { args: [{}], updateId: keyed.updateId });
    const v = await h.query(m.caseViewQuery);
    expect(v.timeline.filter((e) => e.kind === 'note' && e.text.includes('the member called'))).toHaveLength(
      1,
    );
    expect(count(v, 'note')).toBeGreaterThan(notes);
  }));

test('a retry is answered only to a caller who may still read the case, as a keyed repeat is', () =>
  withWorker(suite.env, async (ctx) => {
    const updateId = 'api-note-3';
    const { h, sent } = await notedCase(ctx, updateId);
    await notesUntilContinued(h, actors.xinyao);
    const qiu = devRoster.ladderFor('mgr-qiu');
    await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'Xinyao is on leave' }],
    });
    // Xinyao's call, sent again: she may no longer read the case, so she is not shown it.
    const again = copyingClient(suite.env, sent).workflow.getHandle(h.workflowId);
    await rejectionOf(again.executeUpdate(m.noteUpdate.name, { args: [{}], updateId }), 'not_found');
    // Refused by its validator: it leaves no trace in this run's history.
    await expect(acceptedPayload(h, updateId)).rejects.toThrow(`no accepted update ${updateId}`);
  }));
