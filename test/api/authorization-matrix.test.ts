/**
 * Who may do what: every endpoint and action of API.md against every kind of caller, with the exact status.
 * The table is written out (not derived from workflows/permissions.ts). An allowed cell acts on a fresh case
 * in a state where the action is valid, so it answers its success status; a denied cell acts on a case in that
 * same state and must be 401/403 (and change nothing).
 *
 * Where API.md leaves room, the table follows the implementation:
 * - `system` reads any case (API.md: "the case's member via system"; the API cannot tell members apart, the
 *   platform scopes its own users) and lists only with a memberId: without one it is 400 validation_failed
 *   naming memberId, not 403 (the request is incomplete, the role is allowed);
 * - "other manager" may open cases (API.md: "system, manager+") but not read or act on a case they neither
 *   own nor are the member's dedicated manager of: such a case answers 404 not_found, the very answer to an id
 *   that does not exist, so that a manager cannot learn which case ids exist or whose they are; an action their
 *   role never takes (approve, reassign...) is refused by the role gate (403) before the case is consulted;
 * - no refusal names anyone but the caller (no owner);
 * - the member's dedicated manager who no longer owns the case (escalated away) reads it but may not work it
 *   (403); the platform resumes only a wait on the member (403 on a third party's wait): the second table;
 * - approve by the proposer is 403 (tested in actions.test.ts); here the proposer is the assignee manager;
 * - a queue exists for managers, supervisors and the head (they own escalated cases): "own queue" of a
 *   supervisor or the head is 200.
 */
import {
  call,
  conciergeBody,
  contractError,
  disputeBody,
  harnessSuite,
  type Call,
} from '../support/api-harness';
import { ACTION_ROLES, PRINCIPAL_OF_ROLE } from './request-model';

const h = harnessSuite();

const COLUMNS = [
  'system',
  'assignee manager',
  'other manager',
  'supervisor',
  'head',
  'engineer',
  'no token',
  'bad token',
] as const;
type Column = (typeof COLUMNS)[number];

/** Who stands in each column (the dev roster). The supervisor is not on the assignee's ladder: any supervisor may. */
const PRINCIPAL: Record<Column, string | null> = {
  system: 'app',
  'assignee manager': 'mgr-xinyao',
  'other manager': 'mgr-qiu',
  supervisor: 'sup-wen',
  head: 'head-dai',
  engineer: 'eng-1',
  'no token': null,
  'bad token': null,
};
const headersOf = (column: Column): Record<string, string> =>
  column === 'bad token' ? { authorization: 'Bearer not-a-token-in-the-roster' } : {};

// prettier-ignore
const MATRIX: [row: string, ...statuses: number[]][] = [
  //                                 system  assignee  other  supervisor  head  engineer  no token  bad token
  ['GET /healthz',                     200,    200,     200,     200,     200,    200,      200,      200],
  ['GET /docs',                        200,    200,     200,     200,     200,    200,      200,      200],
  ['POST /v1/cases',                   201,    201,     201,     201,     201,    403,      401,      401],
  ['GET /v1/cases',                    400,    200,     200,     200,     200,    200,      401,      401],
  ['GET /v1/cases?memberId',           200,    200,     200,     200,     200,    200,      401,      401],
  ['GET /v1/cases/{id}',               200,    200,     404,     200,     200,    200,      401,      401],
  ['GET own queue',                    403,    200,     200,     200,     200,    403,      401,      401],
  ["GET another manager's queue",      403,    403,     403,     200,     200,    403,      401,      401],
  ['callback',                         403,    200,     404,     200,     200,    403,      401,      401],
  ['notes',                            403,    200,     404,     200,     200,    403,      401,      401],
  ['wait',                             403,    200,     404,     200,     200,    403,      401,      401],
  ['resume',                           200,    200,     404,     200,     200,    403,      401,      401],
  ['third-party-response',             403,    200,     404,     200,     200,    403,      401,      401],
  ['compensations',                    403,    200,     404,     200,     200,    403,      401,      401],
  ['compensations/{cid}/approve',      403,    403,     403,     200,     200,    403,      401,      401],
  ['compensations/{cid}/reject',       403,    403,     403,     200,     200,    403,      401,      401],
  ['escalate',                         200,    200,     404,     200,     200,    403,      401,      401],
  ['reassign',                         403,    403,     403,     200,     200,    403,      401,      401],
  ['resolve',                          403,    200,     404,     200,     200,    403,      401,      401],
  ['reopen',                           200,    403,     403,     200,     200,    403,      401,      401],
  ['rate',                             200,    403,     403,     403,     403,    403,      401,      401],
  ['cancel',                           200,    403,     403,     200,     200,    403,      401,      401],
];

// ---------------------------------------------------------------- arranging cases

const act = async (who: string, id: string, action: string, body: unknown = {}) => {
  const res = await call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, body);
  if (res.status !== 200)
    throw new Error(`arrange: ${action} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const open = async (body: unknown = conciergeBody({ managerId: 'mgr-xinyao' })): Promise<string> => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', body);
  if (res.status !== 201) throw new Error(`arrange: open answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
};

interface Arranged {
  caseId: string;
  compensationId?: string;
}

const inProgress = async (body?: unknown) => {
  const caseId = await open(body);
  await act('mgr-xinyao', caseId, 'callback');
  return caseId;
};

/** A gift above the apass manager authority, proposed by the assignee: it waits for a supervisor or the head. */
const pendingApproval = async (): Promise<Arranged> => {
  const caseId = await inProgress();
  const view = await act('mgr-xinyao', caseId, 'compensations', {
    kind: 'goodwill_gift',
    amount: { amount: 300000, currency: 'CNY' },
    reason: 'a silk scarf for the trouble',
  });
  const compensation = view.compensations.at(-1);
  if (compensation.status !== 'pending_approval') throw new Error(`arrange: gift is ${compensation.status}`);
  return { caseId, compensationId: compensation.id };
};

const resolved = async () => {
  const caseId = await inProgress();
  await act('mgr-xinyao', caseId, 'resolve', { code: 'done', summary: 'sorted' });
  return caseId;
};

/** Per action: a case where the action is valid, and the body that takes it. */
const ACTIONS: Record<string, { arrange: () => Promise<Arranged>; body: unknown }> = {
  callback: { arrange: async () => ({ caseId: await open() }), body: { note: 'reached her' } },
  notes: { arrange: async () => ({ caseId: await open() }), body: { text: 'a note' } },
  wait: {
    arrange: async () => ({ caseId: await inProgress() }),
    body: { on: 'member', reason: 'photos by courier' },
  },
  resume: {
    arrange: async () => {
      const caseId = await inProgress();
      await act('mgr-xinyao', caseId, 'wait', { on: 'member', reason: 'photos by courier' });
      return { caseId };
    },
    body: { note: 'member answered' },
  },
  'third-party-response': {
    // A dispute asks the merchant for a remedy at the callback and waits on it.
    arrange: async () => ({ caseId: await inProgress(disputeBody({ managerId: 'mgr-xinyao' })) }),
    body: { party: 'merchant', outcome: 'accepted' },
  },
  compensations: {
    arrange: async () => ({ caseId: await inProgress() }),
    body: { kind: 'goodwill_gift', amount: { amount: 10000, currency: 'CNY' }, reason: 'flowers' },
  },
  'compensations/{cid}/approve': { arrange: pendingApproval, body: { note: 'fine' } },
  'compensations/{cid}/reject': { arrange: pendingApproval, body: { reason: 'too generous' } },
  escalate: { arrange: async () => ({ caseId: await open() }), body: { reason: 'member asks for more' } },
  reassign: {
    arrange: async () => ({ caseId: await open() }),
    body: { managerId: 'mgr-lin', reason: 'leave' },
  },
  resolve: {
    arrange: async () => ({ caseId: await inProgress() }),
    body: { code: 'done', summary: 'sorted' },
  },
  reopen: { arrange: async () => ({ caseId: await resolved() }), body: { reason: 'albums missing' } },
  rate: { arrange: async () => ({ caseId: await resolved() }), body: { score: 5 } },
  cancel: { arrange: async () => ({ caseId: await open() }), body: { reason: 'member withdrew' } },
};

// ---------------------------------------------------------------- the requests of each row

interface Cell {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
}

let shared: string | undefined;
/** One case of mgr-xinyao's for the rows that only read. */
const sharedCase = async () => (shared ??= await open());

const READ_ROWS: Record<string, (column: Column) => Promise<Cell>> = {
  'GET /healthz': async () => ({ method: 'GET', url: '/healthz' }),
  'GET /docs': async () => ({ method: 'GET', url: '/docs' }),
  'POST /v1/cases': async () => ({
    method: 'POST',
    url: '/v1/cases',
    // A member of the dev directory with its facts as the directory has them: the platform must state them,
    // and staff may (they are not refused for stating the directory's own values).
    body: {
      ...conciergeBody(),
      member: { id: 'm-1041', name: 'Lily', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
    },
  }),
  'GET /v1/cases': async () => ({ method: 'GET', url: '/v1/cases' }),
  'GET /v1/cases?memberId': async () => ({ method: 'GET', url: '/v1/cases?memberId=m-1041' }),
  'GET /v1/cases/{id}': async () => ({ method: 'GET', url: `/v1/cases/${await sharedCase()}` }),
  'GET own queue': async (column) => ({
    method: 'GET',
    url: `/v1/managers/${PRINCIPAL[column] ?? 'mgr-xinyao'}/queue`,
  }),
  "GET another manager's queue": async () => ({ method: 'GET', url: '/v1/managers/mgr-lin/queue' }),
};

async function request(column: Column, cell: Cell): Promise<Call> {
  return call(h.app, PRINCIPAL[column], cell.method, cell.url, cell.body, headersOf(column));
}

const DENIED: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };

/** Every principal id of the roster but the caller's: a refusal names none of them (no owner, no one else). */
const OTHERS = (caller: string | null) =>
  Object.values(PRINCIPAL).filter((id): id is string => id !== null && id !== caller);

/** The cell's mismatch, if its answer is not the expected status and code, or a refusal names someone. */
function mismatch(column: string, caller: string | null, expected: number, res: Call): object | undefined {
  const code = DENIED[expected];
  const words = new Set(String(res.body?.message).split(/[^\w-]+/));
  const named = code ? OTHERS(caller).filter((id) => words.has(id)) : [];
  if (res.status === expected && (code === undefined || res.body?.error === code) && named.length === 0) {
    return undefined;
  }
  return { column, expected, got: res.status, body: res.body, ...(named.length ? { named } : {}) };
}

/** Every cell of a row whose status differs from the table (empty when the row holds). */
async function mismatches(row: string, expected: number[]): Promise<object[]> {
  const wrong: object[] = [];
  const action = ACTIONS[row];
  // Denied cells share one case in the valid state (a refusal changes nothing); allowed ones get their own.
  const deniedCase = action ? await action.arrange() : undefined;
  const before = deniedCase && (await call(h.app, 'eng-1', 'GET', `/v1/cases/${deniedCase.caseId}`)).body;
  for (const [i, column] of COLUMNS.entries()) {
    const status = expected[i]!;
    let cell: Cell;
    if (action) {
      const { caseId, compensationId } = status < 300 ? await action.arrange() : deniedCase!;
      cell = {
        method: 'POST',
        url: `/v1/cases/${caseId}/${row.replace('{cid}', compensationId ?? '')}`,
        body: action.body,
      };
    } else {
      cell = await READ_ROWS[row]!(column);
    }
    const res = await request(column, cell);
    const wrongCell = mismatch(column, PRINCIPAL[column], status, res);
    if (wrongCell) wrong.push(wrongCell);
  }
  if (deniedCase) {
    // Activities may still add their own entries; a refused caller adds none and moves nothing.
    const after = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${deniedCase.caseId}`)).body;
    const refused = COLUMNS.filter((_, i) => expected[i]! >= 400).map((c) => PRINCIPAL[c]);
    const byRefused = after.timeline
      .slice(before.timeline.length)
      .filter((e: { actor: string }) => refused.includes(e.actor));
    const moved = ['status', 'assignee', 'escalationLevel', 'compensations', 'resolution', 'rating'].filter(
      (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
    );
    if (byRefused.length > 0 || moved.length > 0) wrong.push({ row, refusedChanged: { byRefused, moved } });
  }
  return wrong;
}

test('the table covers every endpoint of API.md and each of its 14 actions', () => {
  expect(MATRIX.map(([row]) => row)).toEqual([...Object.keys(READ_ROWS), ...Object.keys(ACTIONS)]);
  expect(Object.keys(ACTIONS)).toHaveLength(14);
  for (const [row, ...statuses] of MATRIX) expect({ row, cells: statuses.length }).toEqual({ row, cells: 8 });
});

test.each(MATRIX)('%s', async (row, ...expected) => {
  expect(await mismatches(row, expected)).toEqual([]);
});

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
  ['resume a wait on a third party',      403,     200,   404,   403],
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

describe('role gates on an unknown case (moved from requests.test.ts, which checks the 403s without Temporal)', () => {
  test.each(Object.entries(ACTION_ROLES))('%s: allowed %j, every other role 403', async (action, roles) => {
    const url = `/v1/cases/case-not-there/${action.replace(':compensationId', 'c1')}`;
    for (const [role, principal] of Object.entries(PRINCIPAL_OF_ROLE)) {
      // An empty body: an allowed role gets past the gate to validation (400) or the unknown case (404).
      const res = await call(h.app, principal, 'POST', url, {});
      if (roles.includes(role))
        expect({ role, passed: [400, 404].includes(res.status) }).toEqual({ role, passed: true });
      else
        expect({ role, status: res.status, body: res.body }).toEqual({
          role,
          status: 403,
          body: contractError('forbidden'),
        });
    }
  });

  test('engineers read but never write; the list needs no filter for them', async () => {
    expect((await call(h.app, 'eng-1', 'GET', '/v1/cases')).status).toBe(200);
    expect((await call(h.app, 'eng-1', 'POST', '/v1/cases', disputeBody())).status).toBe(403);
  });
});
