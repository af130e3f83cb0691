/**
 * Who may do what: every endpoint and action of API.md against every kind of caller, with the exact status.
 * The table is written out (not derived from workflows/permissions.ts). An allowed cell acts on a fresh case
 * in a state where the action is valid, so it answers its success status; a denied cell acts on a case in that
 * same state and must be 401/403 (and change nothing). A case its dedicated manager no longer owns has its own
 * table in authorization-escalated.test.ts; the role gates on an unknown case are in
 * authorization-role-gates.test.ts.
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
 * - approve by the proposer is 403 (tested in actions.test.ts); here the proposer is the assignee manager;
 * - a queue exists for managers, supervisors and the head (they own escalated cases): "own queue" of a
 *   supervisor or the head is 200.
 */
import { call, conciergeBody, disputeBody, harnessSuite, type Call } from '../support/api-harness';
import { caseArrangers, type Arranged } from './authorization-arrange';
import { COLUMNS, headersOf, mismatch, PRINCIPAL, type Column } from './authorization-columns';

const h = harnessSuite();
const { act, open, inProgress, pendingApproval, resolved } = caseArrangers(h);

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

// `compensations/{cid}/recheck` (ours, not API.md's) acts only on a step unanswered for days, which no fresh case
// holds: its role gates are in requests.test.ts, its refusals in actions.test.ts and unconfirmed-recheck.test.ts.
test('the table covers every endpoint of API.md and each of its 14 actions', () => {
  expect(MATRIX.map(([row]) => row)).toEqual([...Object.keys(READ_ROWS), ...Object.keys(ACTIONS)]);
  expect(Object.keys(ACTIONS)).toHaveLength(14);
  for (const [row, ...statuses] of MATRIX) expect({ row, cells: statuses.length }).toEqual({ row, cells: 8 });
});

test.each(MATRIX)('%s', async (row, ...expected) => {
  expect(await mismatches(row, expected)).toEqual([]);
});
