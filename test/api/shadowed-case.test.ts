/**
 * A case that has ended stays readable as it ended. Temporal lets anyone who may start workflows start one again
 * on a closed case's id; the case refuses such a start (it did not come through the API) and that run fails, but
 * it is now the id's newest run. The API keeps answering with the case: the last run that was the case.
 */
import { TASK_QUEUE } from '../../workflows/messages';
import { call, conciergeBody, harnessSuite } from '../support/api-harness';
import { openInput } from '../support/cases';
import { outsiderOf } from '../support/copied-payloads';
import { failureOf } from '../support/refused-starts';

const h = harnessSuite();

test('a cancelled case whose id someone started again around the API still reads as the cancelled case', async () => {
  const { body: opened } = await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody());
  const id: string = opened.id;
  const cancelled = await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${id}/cancel`, { reason: 'withdrawn' });
  expect(cancelled.status).toBe(200);
  await h.env.client.workflow.getHandle(id).result();

  const forged = await outsiderOf(h.env).workflow.start('caseWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [{ open: { ...openInput(), id } }],
  });
  expect((await failureOf(forged)).type).toBe('forbidden');

  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id, status: 'cancelled' });
  // and it takes no more actions, as an ended case
  const note = await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${id}/notes`, { text: 'still there?' });
  expect(note.status).toBe(409);
});

test('so does one whose id someone took for a run of their own that has ended', async () => {
  const { body: opened } = await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody());
  const id: string = opened.id;
  expect((await call(h.app, 'app', 'POST', `/v1/cases/${id}/cancel`, { reason: 'withdrawn' })).status).toBe(
    200,
  );
  await h.env.client.workflow.getHandle(id).result();

  const other = await outsiderOf(h.env).workflow.start('somethingElse', {
    taskQueue: 'nobody-polls-this',
    workflowId: id,
    args: [],
  });
  await other.terminate('taken for a test');

  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id, status: 'cancelled' });
});
