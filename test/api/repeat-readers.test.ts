/**
 * A keyed repeat answers only what its caller may read (API.md: a manager reads the cases assigned to them or of
 * their members; any other case answers as an unknown id). A repeat from a manager who may no longer read the
 * case gets the answer they had the first time (the case as it opened, the action's own result), never the case
 * as it stands now, with what others wrote since.
 */
import { staticMemberDirectory } from '../../activities/adapters/member-directory';
import { buildApp } from '../../api/app';
import type { FastifyInstance } from 'fastify';
import { caseIdFor, openedView, startCaseRequest } from '../../api/cases/open-case';
import type { OpenCaseBody } from '../../api/schemas/open-case';
import { Roster } from '../../config/roster';
import { currentRunId } from '../support/runs';
import { openInput } from '../support/cases';
import { outsiderOf } from '../support/copied-payloads';
import { failureOf } from '../support/refused-starts';
import { TASK_QUEUE } from '../../workflows/messages';
import { call, conciergeBody, harnessSuite, policy, roster, TEMPORAL_UI } from '../support/api-harness';

const h = harnessSuite();

let seq = 0;
const key = () => `repeat-${Date.now().toString(36)}-${(seq += 1)}`;
const act = (who: string, id: string, action: string, body: unknown, k?: string) =>
  call(
    h.app,
    who,
    'POST',
    `/v1/cases/${id}/${action}`,
    body,
    k === undefined ? {} : { 'idempotency-key': k },
  );
/** A case of mgr-xinyao's, opened by the platform: its id. */
const openForXinyao = async (): Promise<string> =>
  (await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody({ managerId: 'mgr-xinyao' }))).body.id;
const timelineText = (view: { timeline: { text: string }[] }) => view.timeline.map((e) => e.text).join('\n');

test("an opening repeated by a manager who opened another manager's member's case: the case as it opened", async () => {
  const k = key();
  // m-1042 is mgr-xinyao's member: the case is hers, mgr-lin only opened it
  const body = { ...conciergeBody(), member: { id: 'm-1042' } };
  const first = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(first.status).toBe(201);
  const id: string = first.body.id;
  expect((await call(h.app, 'mgr-lin', 'GET', `/v1/cases/${id}`)).status).toBe(404);
  expect(
    (await act('mgr-xinyao', id, 'callback', { note: 'reached Wei at the airport lounge' })).status,
  ).toBe(200);

  const again = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(id);
  expect(again.body.status).toBe('awaiting_callback');
  expect(again.body.timeline).toEqual(first.body.timeline);
  expect(timelineText(again.body)).not.toContain('airport lounge');
  expect(again.body.allowedActions).toEqual(first.body.allowedActions);

  // its reader gets the case as it stands
  const own = await call(h.app, 'mgr-xinyao', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(own.status).toBe(201); // her key is another request
  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(timelineText(read.body)).toContain('airport lounge');
});

/** m-1042 in the dev directory: mgr-xinyao's member. */
const WEI = {
  id: 'm-1042',
  name: 'Wei',
  tier: 'apass_top',
  credit: 'good',
  managerId: 'mgr-xinyao',
} as const;

/** `body` against an API whose roster no longer holds mgr-xinyao (her member directory has not caught up). */
async function onRosterWithoutXinyao<T>(body: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const app = await buildApp({
    client: h.env.client,
    roster: new Roster(roster.principals.filter((p) => p.id !== 'mgr-xinyao')),
    members: staticMemberDirectory([WEI]),
    policy,
    namespace: 'default',
    temporalUiUrl: TEMPORAL_UI,
  });
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

test("an opening repeated once the member's manager has left the roster: the case as it opened, not a 400", async () => {
  const k = key();
  const body = { ...conciergeBody(), member: { id: WEI.id } }; // mgr-xinyao's member, opened by mgr-lin
  const first = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(first.status).toBe(201);
  const again = await onRosterWithoutXinyao((app) =>
    call(app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k }),
  );
  expect(again.status).toBe(200); // a 400 on member.managerId would read as "nothing opened"
  expect(again.body).toEqual(first.body);
});

test("the platform's repeat once the member's manager has left the roster: its case, not a 400", async () => {
  const k = key();
  const body = conciergeBody({ managerId: 'mgr-xinyao' }); // the platform states the member's facts
  const first = await call(h.app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(first.status).toBe(201);
  const again = await onRosterWithoutXinyao((app) =>
    call(app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': k }),
  );
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(first.body.id);
  // a new key is a new opening, and today's roster refuses it
  const fresh = await onRosterWithoutXinyao((app) =>
    call(app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': key() }),
  );
  expect(fresh.status).toBe(400);
});

test("a run started by hand on a closed case's id is not taken for how the case opened", async () => {
  const k = key();
  const body = { ...conciergeBody(), member: { id: WEI.id } };
  const first = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(first.status).toBe(201);
  const id: string = first.body.id;
  expect((await act('sup-zheng', id, 'cancel', { reason: 'the member withdrew' })).status).toBe(200);
  await h.env.client.workflow.getHandle(id).result();
  // the CLI holds no payload keys: its start on the closed id, with the case's memo, is refused by the case
  const { memo } = await h.env.client.workflow.getHandle(id).describe();
  const forged = await outsiderOf(h.env).workflow.start('caseWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    memo,
    args: [{ open: { ...openInput({ member: { ...WEI, tier: 'standard' } }), id } }],
  });
  expect((await failureOf(forged)).type).toBe('forbidden');
  const again = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body); // not the forged input's tier
});

test('the same repeat once the case has continued as new: the case as its first run opened', async () => {
  const k = key();
  const body = { ...conciergeBody(), member: { id: WEI.id } };
  const lin = { id: 'mgr-lin', role: 'manager' } as const;
  // opened as the API opens it for this key and body, with short runs
  const start = startCaseRequest({
    caseId: caseIdFor(lin.id, k),
    body: body as unknown as OpenCaseBody,
    member: { ...WEI },
    openedBy: lin,
    roster,
    policy,
    now: Date.now(),
  });
  start.input.historyEventsPerRun = 30;
  expect(await h.app.cases.open(start, true)).toEqual({ openedNow: true });
  const id = start.input.id;
  const firstRun = await currentRunId(h.env.client, id);
  for (let i = 0; (await currentRunId(h.env.client, id)) === firstRun; i += 1) {
    if (i === 40) throw new Error('the case never continued as new');
    expect((await act('mgr-xinyao', id, 'notes', { text: `n${i}` })).status).toBe(200);
  }
  const again = await onRosterWithoutXinyao((app) =>
    call(app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k }),
  );
  expect(again.status).toBe(200);
  const asOpened = openedView(start.input, start.input.requestedAt ?? 0, lin);
  expect(again.body).toEqual(JSON.parse(JSON.stringify(h.app.cases.withLinks(asOpened))));
  expect(timelineText(again.body)).not.toContain('n0');
});

test('an action repeated by a manager the case was reassigned away from: the action’s own answer', async () => {
  const id = await openForXinyao();
  expect((await act('mgr-xinyao', id, 'callback', {})).status).toBe(200);
  // a timeline long enough that the update's answer is read back from the case (20 entries and more)
  for (let i = 0; i < 18; i += 1)
    expect((await act('mgr-xinyao', id, 'notes', { text: `n${i}` })).status).toBe(200);
  const k = key();
  const first = await act('mgr-xinyao', id, 'notes', { text: 'the last one of mine' }, k);
  expect(first.status).toBe(200);
  expect(first.body.timeline.length).toBeGreaterThanOrEqual(20);

  expect((await act('sup-zheng', id, 'reassign', { managerId: 'mgr-qiu', reason: 'leave' })).status).toBe(
    200,
  );
  expect(
    (await act('mgr-qiu', id, 'notes', { text: 'Qiu spoke to the member about the villa' })).status,
  ).toBe(200);
  expect((await call(h.app, 'mgr-xinyao', 'GET', `/v1/cases/${id}`)).status).toBe(404);

  const again = await act('mgr-xinyao', id, 'notes', { text: 'the last one of mine' }, k);
  expect(again.status).toBe(200);
  expect(timelineText(again.body)).toContain('the last one of mine');
  expect(timelineText(again.body)).not.toContain('villa');
  expect(again.body.assignee.id).toBe('mgr-xinyao');
});

test('a key reused with another body by a manager the case was reassigned away from: 404, as for an unknown id', async () => {
  const id = await openForXinyao();
  const k = key();
  expect((await act('mgr-xinyao', id, 'callback', {}, k)).status).toBe(200);
  // to her, while she may read the case: the key was used for another request
  const conflict = await act('mgr-xinyao', id, 'notes', { text: 'reusing my key' }, k);
  expect(conflict.status).toBe(409);
  expect(conflict.body.error).toBe('idempotency_conflict');

  expect((await act('sup-zheng', id, 'reassign', { managerId: 'mgr-qiu', reason: 'leave' })).status).toBe(
    200,
  );
  const unknown = await call(h.app, 'mgr-xinyao', 'GET', `/v1/cases/not-a-case-${k}`);
  const after = await act('mgr-xinyao', id, 'notes', { text: 'reusing my key' }, k);
  expect(after.status).toBe(404);
  expect(after.body.error).toBe('not_found');
  expect(after.body.message).toBe(unknown.body.message.replace(`not-a-case-${k}`, id));
  // the case took nothing from her
  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(timelineText(read.body)).not.toContain('reusing my key');
});
