/**
 * Lists hold each case once, as it stands: a case that continued as new (a long-lived case does, every few
 * thousand events) is listed by its current run, not also by the runs before it with their old status and
 * owner; a run Temporal started that never became a case (a start the case refused: made with the CLI, say,
 * with search attributes that look like a case's) is listed nowhere, not in a manager's queue either, and
 * neither is a run started on a task queue no case worker polls. A run whose memo does not decode costs the list
 * nothing but that run's opening time.
 */
import { randomUUID } from 'node:crypto';
import { encodeUnifiedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { caseIdFor, startCaseRequest } from '../../api/cases/open-case';
import type { OpenCaseBody } from '../../api/schemas/open-case';
import { caseSearchAttributes } from '../../workflows/search-attributes';
import { TASK_QUEUE } from '../../workflows/messages';
import type { Member } from '../../workflows/domain';
import { call, conciergeBody, harnessSuite, policy, roster, uniqueMemberId } from '../support/api-harness';
import { openInput } from '../support/cases';
import { outsiderOf } from '../support/copied-payloads';
import { eventually } from '../support/eventually';
import { failureOf } from '../support/refused-starts';
import { currentRunId } from '../support/runs';

const h = harnessSuite();

const listed = async (who: string, path: string) => {
  const res = await call(h.app, who, 'GET', path);
  expect(res.status).toBe(200);
  return res.body.items as { id: string; status: string; assigneeId: string; openedAt: string }[];
};

/** Opens a real case of the member and waits until it is the only one listed for them (the list is current). */
async function listedAlone(memberId: string): Promise<void> {
  const { body: real } = await call(
    h.app,
    'app',
    'POST',
    '/v1/cases',
    conciergeBody({ memberId, tier: 'apass' }),
  );
  await eventually('the real case alone in the list', async () => {
    const items = await listed('app', `/v1/cases?memberId=${memberId}`);
    expect(items.map((i) => i.id)).toEqual([real.id]);
    return true;
  });
}

test('a case that continued as new is listed once, with its current status and owner', async () => {
  const memberId = uniqueMemberId('runs');
  const body = conciergeBody({ memberId, tier: 'apass' }) as unknown as OpenCaseBody;
  // opened as the API opens cases, with short runs
  const start = startCaseRequest({
    caseId: caseIdFor('app', undefined),
    body,
    member: body.member as Member,
    openedBy: { id: 'app', role: 'system' },
    roster,
    policy,
    now: Date.now(),
  });
  start.input.historyEventsPerRun = 30;
  await h.app.cases.open(start, false);
  const id = start.input.id;
  const act = (who: string, action: string, b: unknown) =>
    call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, b).then((r) => expect(r.status).toBe(200));
  await act('mgr-xinyao', 'callback', {});
  const firstRun = await currentRunId(h.env.client, id);
  for (let i = 0; (await currentRunId(h.env.client, id)) === firstRun; i += 1) {
    if (i === 40) throw new Error('the case never continued as new');
    await act('mgr-xinyao', 'notes', { text: `note ${i}` });
  }
  await act('mgr-xinyao', 'escalate', { reason: 'the member asked for a supervisor' });
  const { body: view } = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  const owner: string = view.assignee.id;
  expect(owner).not.toBe('mgr-xinyao');

  await eventually('the list to show the case once, as it stands', async () => {
    const items = await listed('app', `/v1/cases?memberId=${memberId}`);
    expect(items.map((i) => [i.id, i.status, i.assigneeId, i.openedAt])).toEqual([
      [id, 'in_progress', owner, view.openedAt],
    ]);
    return true;
  });
  const queue = await listed('mgr-xinyao', '/v1/managers/mgr-xinyao/queue');
  expect(queue.map((i) => i.id)).not.toContain(id);
});

test('a start the case refused is listed nowhere, whatever search attributes it was given', async () => {
  const memberId = uniqueMemberId('forged');
  const input = openInput({ member: { id: memberId, managerId: 'mgr-xinyao', tier: 'apass' } });
  // the CLI and the Web UI hold no payload keys and do not seal: the case refuses such a start
  const forged = await outsiderOf(h.env).workflow.start('caseWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: `case-forged-${memberId}`,
    args: [{ open: input }],
    typedSearchAttributes: caseSearchAttributes({
      type: 'concierge',
      status: 'awaiting_callback',
      tier: 'apass',
      assigneeId: 'mgr-xinyao',
      memberId,
      escalationLevel: 0,
      breached: true,
      nextDueAt: new Date(Date.now() - 60_000).toISOString(),
      pendingApprovals: 1,
    }),
  });
  expect((await failureOf(forged)).type).toBe('forbidden');
  // a real case of the same member, so the list is known to be current when it shows that one
  await listedAlone(memberId);
  for (const path of [
    '/v1/managers/mgr-xinyao/queue',
    '/v1/cases?breached=true',
    '/v1/cases?awaitingApproval=true',
  ])
    expect((await listed('sup-zheng', path)).map((i) => i.id)).not.toContain(forged.workflowId);
});

test('a run on a queue no case worker polls is not listed; one whose memo does not decode does not break the list', async () => {
  const memberId = uniqueMemberId('unpolled');
  const attributes = caseSearchAttributes({
    type: 'concierge',
    status: 'awaiting_callback',
    tier: 'apass',
    assigneeId: 'mgr-xinyao',
    memberId,
    escalationLevel: 0,
    breached: false,
    nextDueAt: null,
  });
  // raw starts, as a client of the cluster can make them: a memo in an encoding nobody reads
  const start = (taskQueue: string, workflowId: string) =>
    h.env.client.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'caseWorkflow' },
      taskQueue: { name: taskQueue },
      identity: 'outsider',
      requestId: randomUUID(),
      memo: {
        fields: {
          requestedAt: { metadata: { encoding: Buffer.from('binary/unknown') }, data: Buffer.from('x') },
        },
      },
      searchAttributes: { indexedFields: encodeUnifiedSearchAttributes(undefined, attributes) },
    });
  await start('nobody-polls-this', `case-unpolled-${memberId}`);
  await listedAlone(memberId);

  // the case client reads such a run's memo without failing: its start time stands for its opening
  const page = await eventually('the unpolled run in visibility', async () => {
    const p = await h.app.cases.list(`WorkflowId = 'case-unpolled-${memberId}'`, 10, undefined);
    return p.executions.length === 1 ? p : undefined;
  });
  expect(page.executions[0]).toMatchObject({ openedAtMs: undefined, startedAtMs: expect.any(Number) });
  await h.env.client.workflow.getHandle(`case-unpolled-${memberId}`).terminate('test over');
});
