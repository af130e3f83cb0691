/**
 * Actions that wait for a run's first workflow task (sent while a backlogged worker had not yet started the
 * case, or while it continued as new) apply in the order the API sent them (workflows/first-task-order.ts).
 * Before, the SDK handed them over as each handler was registered, in the catalogue's order: a callback sent
 * after a cancellation was applied before it, and a rejection sent before an approval came after it. On a real
 * dev server, with no worker polling until every action is in.
 */
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CallerCaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { kinds, view } from '../support/case-views';
import { lateWorker, outcomeOf } from '../support/late-worker';
import { devServerSuite } from '../support/workflow-harness';

const suite = devServerSuite();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("actions waiting for the case's first task apply in the order sent: a callback sent after the cancellation is refused", async () => {
  const taskQueue = `first-task-${Date.now().toString(36)}`;
  // Started with no worker polling: its first task waits, and so does every action sent to it.
  const h: WorkflowHandle = await startCase(suite.env.client.workflow, openInput(), taskQueue);
  const outcomes: Promise<string>[] = [];
  const send = async <A extends m.Acting>(update: UpdateDefinition<CallerCaseView, [A]>, args: A) => {
    const sent = h.startUpdate(update, { args: [args], waitForStage: WorkflowUpdateStage.ACCEPTED });
    outcomes.push(outcomeOf(sent));
    await pause(100); // each stamped after the one before
  };
  await send(m.noteUpdate, { actor: actors.xinyao, text: 'the member called again' });
  await send(m.cancelUpdate, { actor: actors.zheng, reason: 'the member withdrew' });
  await send(m.callbackUpdate, { actor: actors.xinyao });
  await pause(1_000); // every one admitted before a worker polls

  const [note, cancel, callback] = await lateWorker(suite, taskQueue, () => Promise.all(outcomes));
  const v = await lateWorker(suite, taskQueue, () => view(h));
  expect([note, cancel]).toEqual(['applied', 'applied']);
  expect(callback).not.toBe('applied');
  expect(kinds(v)).toEqual(['opened', 'assigned', 'note', 'cancelled']);
  expect(v.status).toBe('cancelled');
  expect(v.sla.callback.metAt).toBeNull();
});
