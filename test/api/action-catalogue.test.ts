/**
 * One catalogue of actions (workflows/actions.ts): the route table, the role gate, the record budget and the
 * OpenAPI document are derived from it. Checked against what the API serves (its OpenAPI document, built with
 * no Temporal) and against the contract written out here, so that an action added, dropped or renamed in one
 * place only, or a route registered by hand beside the catalogue, fails.
 */
import { CASE_ACTIONS } from '../../api/cases/actions';
import { ACTION_HANDLERS } from '../../workflows/action-handlers';
import { ACTION_NAMES, ACTIONS } from '../../workflows/actions';
import { ROLES } from '../../workflows/domain';
import { roleMayAct } from '../../workflows/permissions';
import { BUDGETED_ACTIONS } from '../../workflows/record-budget';
import { routeAppSuite } from '../support/route-app';

/** API.md's action table (and recheck, ours: docs/api.md): name, path after /v1/cases/{id}/, update name (in recorded histories), roles, budgeted. */
const CONTRACT: [string, string, string, string[], boolean][] = [
  ['callback', 'callback', 'callback', ['manager', 'supervisor', 'head'], false],
  ['notes', 'notes', 'notes', ['manager', 'supervisor', 'head'], true],
  ['wait', 'wait', 'wait', ['manager', 'supervisor', 'head'], true],
  ['resume', 'resume', 'resume', ['system', 'manager', 'supervisor', 'head'], false],
  [
    'third-party-response',
    'third-party-response',
    'third-party-response',
    ['manager', 'supervisor', 'head'],
    false,
  ],
  ['compensations', 'compensations', 'compensations', ['manager', 'supervisor', 'head'], true],
  [
    'approve',
    'compensations/:compensationId/approve',
    'compensations/approve',
    ['supervisor', 'head'],
    false,
  ],
  ['reject', 'compensations/:compensationId/reject', 'compensations/reject', ['supervisor', 'head'], false],
  ['recheck', 'compensations/:compensationId/recheck', 'compensations/recheck', ['supervisor', 'head'], true],
  ['escalate', 'escalate', 'escalate', ['system', 'manager', 'supervisor', 'head'], false],
  ['reassign', 'reassign', 'reassign', ['supervisor', 'head'], true],
  ['resolve', 'resolve', 'resolve', ['manager', 'supervisor', 'head'], false],
  ['reopen', 'reopen', 'reopen', ['system', 'supervisor', 'head'], true],
  ['rate', 'rate', 'rate', ['system'], false],
  ['cancel', 'cancel', 'cancel', ['system', 'supervisor', 'head'], false],
];

const openApiPath = (path: string) => `/v1/cases/{id}/${path.replace(':compensationId', '{compensationId}')}`;

// The document is built from the routes alone: no Temporal.
const h = routeAppSuite();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
beforeAll(async () => {
  doc = JSON.parse((await h.app.inject({ url: '/docs/json' })).body);
});

test('the catalogue is the contract: names, paths, update names, roles and budget, in order', () => {
  expect(
    ACTION_NAMES.map((name) => [
      name,
      ACTIONS[name].path,
      ACTIONS[name].update.name,
      ROLES.filter((role) => roleMayAct(name, role)),
      BUDGETED_ACTIONS.includes(name),
    ]),
  ).toEqual(CONTRACT);
  expect(new Set(ACTION_NAMES.map((name) => ACTIONS[name].update.name)).size).toBe(ACTION_NAMES.length);
});

test('the workflow handles exactly the catalogue actions, and the route table routes exactly them', () => {
  expect(Object.keys(ACTION_HANDLERS)).toEqual(ACTION_NAMES);
  expect(CASE_ACTIONS.map((r) => [r.name, r.path, r.update.name])).toEqual(
    CONTRACT.map(([name, path, update]) => [name, path, update]),
  );
});

test('the OpenAPI document has one operation per catalogue action on a case, and no other', () => {
  const onCase = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, item]) =>
      Object.keys(item)
        .filter((method) => method === 'post' && path.startsWith('/v1/cases/{id}/'))
        .map(() => path),
  );
  expect(onCase).toEqual(CONTRACT.map(([, path]) => openApiPath(path)));
});

test.each(CONTRACT)(
  "%s: the document's operation says the catalogue's summary, roles and budget",
  (name, path, _update, roles, budgeted) => {
    const op = doc.paths[openApiPath(path)].post;
    expect(op.summary).toBe(ACTIONS[name as keyof typeof ACTIONS].summary);
    expect(op.tags).toEqual(['case actions']);
    expect(op.description).toMatch(new RegExp(`^Who: ${roles.join(', ')}[ .]`));
    expect(op.description.includes("422 limit_exceeded when the case's record is full")).toBe(budgeted);
    expect(op.requestBody).toBeDefined();
  },
);
