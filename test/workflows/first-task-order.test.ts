/**
 * Actions that wait for a run's first workflow task (sent while a backlogged worker had not yet started the
 * case, or while it continued as new) apply in the order the API sent them (workflows/first-task-order.ts).
 * Before, the SDK handed them over as each handler was registered, in the catalogue's order: a callback sent
 * after a cancellation was applied before it, and a rejection sent before an approval came after it. On a real
 * dev server, with no worker polling until every action is in.
 */
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { openCase } from '../../workflows/case-opening';
import * as m from '../../workflows/messages';
import { RecordMeter } from '../../workflows/record-budget';
import { actors, openInput, startCase } from '../support/cases';
import { kinds, view } from '../support/case-views';
import { copyingClient } from '../support/copied-payloads';
import {
  acceptedByFirstTask,
  lateWorker,
  outcomeOf,
  sendInTurn,
  untilAdmitted,
} from '../support/late-worker';
import { rejectionOf } from '../support/update-rejections';
import { devServerSuite } from '../support/workflow-harness';

const suite = devServerSuite();

test("actions waiting for the case's first task apply in the order sent: a callback sent after the cancellation is refused", async () => {
  const taskQueue = `first-task-${Date.now().toString(36)}`;
  // Started with no worker polling: its first task waits, and so does every action sent to it.
  const h: WorkflowHandle = await startCase(suite.env.client.workflow, openInput(), taskQueue);
  const { send, outcomes, admitted } = sendInTurn(h);
  await send(m.noteUpdate, { actor: actors.xinyao, text: 'the member called again' });
  await send(m.cancelUpdate, { actor: actors.zheng, reason: 'the member withdrew' });
  await send(m.callbackUpdate, { actor: actors.xinyao });
  await admitted(); // every one held before a worker polls

  const [note, cancel, callback] = await lateWorker(suite, taskQueue, () => Promise.all(outcomes));
  const v = await lateWorker(suite, taskQueue, () => view(h));
  expect([note, cancel]).toEqual(['applied', 'applied']);
  expect(callback).toContain('cancelled');
  expect(kinds(v)).toEqual(['opened', 'assigned', 'note', 'cancelled']);
  // All three were held for the first task: it accepted each (in the SDK's order, which is not the order they
  // apply in), and refused the callback as it applied it.
  expect((await acceptedByFirstTask(h)).sort()).toEqual(
    [m.noteUpdate.name, m.cancelUpdate.name, m.callbackUpdate.name].sort(),
  );
  expect(v.status).toBe('cancelled');
  expect(v.sla.callback.metAt).toBeNull();
});

test("a held note past the case's record budget is refused, as its validator refuses one that is not held", async () => {
  const taskQueue = `first-task-budget-${Date.now().toString(36)}`;
  const input = openInput();
  input.recordBudgetBytes = new RecordMeter(openCase(input, Date.now())).usedBytes() + 1_000;
  const h: WorkflowHandle = await startCase(suite.env.client.workflow, input, taskQueue);
  const updateId = `${h.workflowId}/held-note`;
  const outcome = outcomeOf(
    h.startUpdate(m.noteUpdate, {
      args: [{ actor: actors.xinyao, text: 'the member dictated a long letter '.repeat(60) }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      updateId,
    }),
  );
  await untilAdmitted(h, updateId); // held before a worker polls

  expect(await lateWorker(suite, taskQueue, () => outcome)).toContain('record budget');
  const v = await lateWorker(suite, taskQueue, () => view(h));
  expect(kinds(v)).toEqual(['opened', 'assigned']);
});

test("a held approval is asked the validator's rules too: a supervisor cannot pay a gift above the head ceiling", async () => {
  const taskQueue = `first-task-ceiling-${Date.now().toString(36)}`;
  const h: WorkflowHandle = await startCase(suite.env.client.workflow, openInput(), taskQueue);
  const { send, outcomes, admitted } = sendInTurn(h);
  await send(m.callbackUpdate, { actor: actors.xinyao });
  await send(m.proposeCompensationUpdate, {
    actor: actors.xinyao,
    kind: 'goodwill_gift',
    amount: { amount: 6_000_000, currency: 'CNY' },
    reason: 'a ruined anniversary',
  });
  await send(m.approveCompensationUpdate, { actor: actors.zheng, compensationId: 'c1' });
  await admitted(); // every one held before a worker polls

  const [callback, proposal, approval] = await lateWorker(suite, taskQueue, () => Promise.all(outcomes));
  const v = await lateWorker(suite, taskQueue, () => view(h));
  expect([callback, proposal]).toEqual(['applied', 'applied']);
  expect(approval).toMatch(/head/);
  expect((await acceptedByFirstTask(h)).sort()).toEqual(
    [m.callbackUpdate.name, m.proposeCompensationUpdate.name, m.approveCompensationUpdate.name].sort(),
  );
  expect(v.compensations.map((c) => [c.id, c.status, c.approvedBy])).toEqual([
    ['c1', 'pending_approval', null],
  ]);
  expect(v.ledger.paid.amount).toBe(0);

  // its seal is remembered though it was refused: the approval copied from the history and sent again is a copy
  const events = (await h.fetchHistory()).events ?? [];
  const copied = events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input)
    .find((i) => i?.name === m.approveCompensationUpdate.name)?.args?.payloads?.[0] as Payload;
  const again = () =>
    copyingClient(suite.env, copied)
      .workflow.getHandle(h.workflowId)
      .executeUpdate(m.approveCompensationUpdate.name, { args: [{}] });
  const refused = await lateWorker(suite, taskQueue, () => rejectionOf(again(), 'forbidden'));
  expect(refused.message).toContain('already applied');
});
