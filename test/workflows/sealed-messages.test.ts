/**
 * Only the API decides who acts (DOMAIN.md, "Trust"): a message that reaches a case around the API (the Temporal
 * CLI, the Web UI: a client without the payload keys) is refused and changes nothing, and a forged start ends at
 * once. Garbage that claims to be encrypted is refused the same way, without wedging the case (a payload that
 * failed to decode would fail the workflow task forever). On a real dev server, where a rejected update leaves no
 * trace in the history.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { parsePayloadKeys, sealedDataConverter } from '../../codec';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { count, view } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import { cny, devServerSuite, withWorker, type CaseHandle } from '../support/workflow-harness';
import { eventually } from '../support/eventually';
import { copyingClient, firstPayload, outsiderOf } from '../support/copied-payloads';

const suite = devServerSuite();

const outsider = (dataConverter?: DataConverter) => outsiderOf(suite.env, dataConverter);
const copying = (copied: Payload) => copyingClient(suite.env, copied);

/** Replaces every payload by random bytes that claim to be encrypted with the API's key id. */
const garbageCodec: PayloadCodec = {
  encode: async (payloads: Payload[]) =>
    payloads.map(() => ({
      metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('test-2') },
      data: randomBytes(80),
    })),
  decode: async (payloads: Payload[]) => payloads,
};
const rogueKeys = parsePayloadKeys(`rogue:${randomBytes(32).toString('base64')}`, 'rogue keys');

const clients = {
  'plain JSON (the CLI, the Web UI)': () => outsider(),
  'garbage claiming to be encrypted': () => outsider({ payloadCodecs: [garbageCodec] }),
  'encrypted with an unknown key': () => outsider(sealedDataConverter(rogueKeys)),
};

/** The history's length once the case is quiet (its opening notification and the like are done). */
async function historyLength(h: WorkflowHandle): Promise<number> {
  let last = -1;
  let steady = 0;
  await eventually(`${h.workflowId} to be quiet`, async () => {
    const { raw, historyLength: length } = await h.describe();
    const quiet = (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
    steady = quiet && length === last ? steady + 1 : 0;
    last = length;
    return steady >= 3;
  });
  return last;
}

test.each(Object.entries(clients))(
  'an update sent %s is refused (forbidden) and changes nothing; through the API it applies',
  (_how, makeClient) =>
    withWorker(suite.env, async (ctx) => {
      const h: CaseHandle = await ctx.open();
      const before = await view(h);
      const length = await historyLength(h);
      const forged = makeClient().workflow.getHandle(h.workflowId);

      const note = { actor: actors.dai, text: 'Please call Zhao Yunlan on +86 138 0013 8000' };
      const failure = await rejectionOf(forged.executeUpdate(m.noteUpdate, { args: [note] }), 'forbidden');
      expect(failure.message).toContain('not sent through the API');
      await rejectionOf(
        forged.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.dai, reason: 'x' }] }),
        'forbidden',
      );
      expect(await view(h)).toEqual(before);
      expect(await historyLength(h)).toBe(length); // a rejected update leaves no trace

      // There is no signal handler: a signal is recorded, buffered and never applied.
      await forged.signal('callback', { actor: actors.dai });
      expect(await view(h)).toEqual(before);

      // The case is not wedged: the same update through the API's client applies.
      const noted = await h.executeUpdate(m.noteUpdate, { args: [note] });
      expect(count(noted, 'note')).toBe(count(before, 'note') + 1);
      expect(noted.status).toBe(before.status);
    }),
);

test.each(Object.entries(clients))(
  'a case started %s ends at once with a non-retryable forbidden failure (no timer, no activity)',
  (_how, makeClient) =>
    withWorker(suite.env, async (ctx) => {
      const input = openInput();
      const forged = await makeClient().workflow.start('caseWorkflow', {
        taskQueue: ctx.taskQueue,
        workflowId: input.id,
        args: [{ open: input }],
      });
      const err = await forged.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('forbidden');
      expect((cause as ApplicationFailure).nonRetryable).toBe(true);
      expect((cause as ApplicationFailure).message).toContain('not sent through the API');

      const types = ((await forged.fetchHistory()).events ?? []).map(
        (e) => temporal.api.enums.v1.EventType[e.eventType ?? 0],
      );
      // One workflow task: the patch marker (and its TemporalChangeVersion attribute), then the failure.
      expect(types).toEqual([
        'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
        'EVENT_TYPE_WORKFLOW_TASK_STARTED',
        'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
        'EVENT_TYPE_MARKER_RECORDED',
        'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
        'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
      ]);
    }),
);

test("a sealed payload copied from another case's history is refused: an update, and a start", () =>
  withWorker(suite.env, async (ctx) => {
    const a = await ctx.open();
    const b = await ctx.open();
    await a.executeUpdate(m.noteUpdate, {
      args: [{ actor: actors.dai, text: 'approved by the head in case A' }],
    });
    const before = await view(b);

    // The head's sealed note on A, replayed to B by someone who can read A's history.
    const sealedForA = await firstPayload(a, 'update');
    const onB = copying(sealedForA).workflow.getHandle(b.workflowId);
    const failure = await rejectionOf(onB.executeUpdate(m.noteUpdate.name, { args: [{}] }), 'forbidden');
    expect(failure.message).toContain('not sent through the API');
    expect(await view(b)).toEqual(before);

    // A's sealed start input, used to start another case.
    const input = openInput();
    const forged = await copying(await firstPayload(a, 'start')).workflow.start('caseWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: input.id,
      args: [{}],
    });
    const err = await forged.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(((err as WorkflowFailedError).cause as ApplicationFailure).type).toBe('forbidden');
  }));

test("a sealed update copied from the case's own history and sent again is refused, across continue-as-new too", () =>
  withWorker(suite.env, async (ctx) => {
    const input = openInput({ type: 'concierge', policy: oddPolicy() });
    input.historyEventsPerRun = 40;
    const h = await ctx.start(input);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // Within the odd policy's instant refund limit: the money moves at once.
    const refund = {
      actor: actors.xinyao,
      kind: 'instant_refund' as const,
      amount: cny(12_345),
      reason: 'late car',
    };
    const paid = await h.executeUpdate(m.proposeCompensationUpdate, { args: [refund] });
    expect(paid.ledger.paid).toEqual(cny(12_345));
    const { runId } = await h.describe();
    const events =
      (await suite.env.client.workflow.getHandle(h.workflowId, runId).fetchHistory()).events ?? [];
    const copied = events
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input)
      .find((i) => i?.name === m.proposeCompensationUpdate.name)?.args?.payloads?.[0] as Payload;

    const again = () =>
      rejectionOf(
        copying(copied)
          .workflow.getHandle(h.workflowId)
          .executeUpdate(m.proposeCompensationUpdate.name, { args: [{}] }),
        'forbidden',
      );
    expect((await again()).message).toContain('already applied');
    expect((await view(h)).ledger.paid).toEqual(cny(12_345));

    // The next run carries the memory.
    for (let i = 0; (await h.describe()).runId === runId; i += 1) {
      if (i > 30) throw new Error('the case did not continue as new');
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    expect((await again()).message).toContain('already applied');
    const after = await view(h);
    expect(after.ledger.paid).toEqual(cny(12_345));
    expect(after.compensations).toHaveLength(1);

    // The same request through the API (sealed afresh) is a new request, applied.
    const twice = await h.executeUpdate(m.proposeCompensationUpdate, { args: [refund] });
    expect(twice.compensations).toHaveLength(2);
  }));

test('caseReady sent after the start (the CLI, the Web UI) is refused and leaves no trace', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const before = (await h.fetchHistory()).events?.length;
    const failure = await rejectionOf(h.executeUpdate(m.caseReadyUpdate), 'forbidden');
    expect(failure.message).toContain('not sent through the API');
    expect((await h.fetchHistory()).events?.length).toBe(before);
  }));
