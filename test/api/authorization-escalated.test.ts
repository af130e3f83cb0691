/**
 * Who may do what on a case its dedicated manager no longer owns (escalated away by the platform to the backup):
 * the dedicated manager reads it but may not work it (403), the owner works it, another manager gets 404, and
 * the platform resumes only a wait on the member (409 on a third party's wait: not a state its resume applies to), and once the case is cancelled
 * those who may read it are told it has ended (409); every cell with the exact status, a refusal changing
 * nothing and naming no one but the caller. A case a manager may not read answers exactly as an id that does
 * not exist. The main table of who may do what is authorization-matrix.test.ts.
 */
import { call, harnessSuite } from '../support/api-harness';
import { caseArrangers } from './authorization-arrange';
import { mismatch } from './authorization-columns';

const h = harnessSuite();
const { act, open } = caseArrangers(h);

// ---------------------------------------------------------------- a case its dedicated manager no longer owns

const SECOND_COLUMNS = ['dedicated manager', 'owner (backup)', 'other manager', 'system'] as const;
type SecondColumn = (typeof SECOND_COLUMNS)[number];
const SECOND_PRINCIPAL: Record<SecondColumn, string> = {
  'dedicated manager': 'mgr-xinyao',
  'owner (backup)': 'mgr-lin',
  'other manager': 'mgr-qiu',
  system: 'app',
};

/** mgr-xinyao's member's case, escalated by the platform to level 1: mgr-lin (the backup) owns it. */
const escalated = async () => {
  const caseId = await open();
  const view = await act('app', caseId, 'escalate', { reason: 'the member asks for more' });
  if (view.assignee.id !== 'mgr-lin') throw new Error(`arrange: escalated to ${view.assignee.id}`);
  return caseId;
};

const SECOND_ROWS: Record<
  string,
  { arrange: () => Promise<string>; method: 'GET' | 'POST'; action?: string; body?: unknown }
> = {
  'GET /v1/cases/{id}': { arrange: escalated, method: 'GET' },
  callback: { arrange: escalated, method: 'POST', action: 'callback', body: {} },
  notes: { arrange: escalated, method: 'POST', action: 'notes', body: { text: 'a note' } },
  escalate: { arrange: escalated, method: 'POST', action: 'escalate', body: { reason: 'more' } },
  'notes on a cancelled case': {
    // Its workflow has completed: the API itself answers that it has ended (409), to those who may read it.
    arrange: async () => {
      const caseId = await escalated();
      await act('app', caseId, 'cancel', { reason: 'member withdrew' });
      await h.env.client.workflow.getHandle(caseId).result();
      return caseId;
    },
    method: 'POST',
    action: 'notes',
    body: { text: 'a note' },
  },
  'resume a wait on a third party': {
    arrange: async () => {
      const caseId = await escalated();
      await act('mgr-lin', caseId, 'callback');
      await act('mgr-lin', caseId, 'wait', { on: 'third_party', reason: 'the lab is looking' });
      return caseId;
    },
    method: 'POST',
    action: 'resume',
    body: { note: 'answered' },
  },
};

// prettier-ignore
const SECOND_MATRIX: [row: string, ...statuses: number[]][] = [
  //                                  dedicated  owner  other  system
  ['GET /v1/cases/{id}',                  200,     200,   404,   200],
  ['callback',                            403,     200,   404,   403],
  ['notes',                               403,     200,   404,   403],
  ['escalate',                            403,     200,   404,   200],
  ['notes on a cancelled case',           409,     409,   404,   403],
  ['resume a wait on a third party',      403,     200,   404,   409],
];

test.each(SECOND_MATRIX)('escalated away from its dedicated manager: %s', async (row, ...expected) => {
  const spec = SECOND_ROWS[row]!;
  const wrong: object[] = [];
  for (const [i, column] of SECOND_COLUMNS.entries()) {
    const caseId = await spec.arrange();
    const who = SECOND_PRINCIPAL[column];
    const before = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${caseId}`)).body;
    const url = `/v1/cases/${caseId}${spec.action ? `/${spec.action}` : ''}`;
    const res = await call(h.app, who, spec.method, url, spec.body);
    const wrongCell = mismatch(column, who, expected[i]!, res);
    if (wrongCell) wrong.push(wrongCell);
    if (res.status === 404 && res.body.message !== `case ${caseId} does not exist`) {
      wrong.push({ column, notAsUnknown: res.body });
    }
    if (res.status >= 400) {
      const after = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${caseId}`)).body;
      const byCaller = after.timeline
        .slice(before.timeline.length)
        .filter((e: { actor: string }) => e.actor === who);
      if (byCaller.length > 0 || after.status !== before.status || after.assignee.id !== before.assignee.id) {
        wrong.push({ column, refusedChanged: { byCaller, status: after.status } });
      }
    }
  }
  expect(wrong).toEqual([]);
});

test('a case a manager may not read answers exactly as an id that does not exist', async () => {
  const caseId = await open();
  const unknown = `${caseId}-x`;
  const hidden = await call(h.app, 'mgr-qiu', 'GET', `/v1/cases/${caseId}`);
  const missing = await call(h.app, 'mgr-qiu', 'GET', `/v1/cases/${unknown}`);
  expect(hidden.status).toBe(404);
  expect(missing.status).toBe(404);
  expect(hidden.body).toEqual({ error: 'not_found', message: `case ${caseId} does not exist` });
  expect(missing.body).toEqual({ error: 'not_found', message: `case ${unknown} does not exist` });
  const hiddenAct = await call(h.app, 'mgr-qiu', 'POST', `/v1/cases/${caseId}/notes`, { text: 'x' });
  const missingAct = await call(h.app, 'mgr-qiu', 'POST', `/v1/cases/${unknown}/notes`, { text: 'x' });
  expect(hiddenAct.body).toEqual(hidden.body);
  expect(missingAct.body).toEqual(missing.body);
});
