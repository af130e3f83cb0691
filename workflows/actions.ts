/**
 * The catalogue of case actions: every action of API.md's action table, defined once, under the name refusals
 * and the role table use (`escalate`, `approve`). An entry gives the action's workflow update (its name and
 * argument), its route, who may take it, how much it may add to the case's record, and its summary.
 *
 * Everything else is derived from this table or keyed by its names, so that an action missing from one of them
 * does not compile:
 * - the workflow's check and handler of each action: `ACTION_HANDLERS` in action-handlers.ts, which
 *   case-workflow.ts registers as update handlers in one loop;
 * - who may act: permissions.ts reads `roles` and `assignee`;
 * - the record budget: record-budget.ts's `BUDGETED_ACTIONS` are the entries with `grows`;
 * - the HTTP API: the body schemas (api/schemas/actions.ts), the route table (api/cases/actions.ts) and so the
 *   OpenAPI document.
 *
 * Workflow code (bundled into the worker's sandbox): imports only @temporalio/workflow and leaf modules.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type * as args from './action-args';
import type { CallerCaseView, Role } from './domain';
import { GROWTH, type Growth } from './record-growth';

export interface ActionDefinition<A extends args.Acting> {
  /** The workflow update that carries the action. Its name is in recorded histories: never rename one. */
  update: UpdateDefinition<CallerCaseView, [A]>;
  /** Its route: `POST /v1/cases/{id}/<path>`. */
  path: string;
  /** Roles that may take it on any case. */
  roles: readonly Role[];
  /** Whether a manager may take it on a case assigned to them. */
  assignee: boolean;
  /**
   * Only for the actions that add to the record at will: at most how much this request adds. They are refused
   * with `limit_exceeded` once the record would pass its budget (record-budget.ts); the others never are.
   */
  grows?: (a: A) => Growth;
  /** One line for the route in the OpenAPI document. */
  summary: string;
}

/** An entry: the update `name` carrying `A`, and the rest of the definition. */
const define = <A extends args.Acting>(
  name: string,
  rest: Omit<ActionDefinition<A>, 'update'>,
): ActionDefinition<A> => ({ update: defineUpdate<CallerCaseView, [A]>(name), ...rest });

const STAFF: readonly Role[] = ['supervisor', 'head'];
const STAFF_OR_PLATFORM: readonly Role[] = ['supervisor', 'head', 'system'];

/** In API.md's order, which is the order of the routes and of the OpenAPI document's paths. */
export const ACTIONS = {
  callback: define<args.CallbackArgs>('callback', {
    path: 'callback',
    roles: STAFF,
    assignee: true,
    summary:
      'Record the callback: the member was reached; the callback SLA is met and the case is in progress',
  }),
  notes: define<args.NoteArgs>('notes', {
    path: 'notes',
    roles: STAFF,
    assignee: true,
    grows: (a) => GROWTH.entry(a.text),
    summary: 'Add a note to the timeline',
  }),
  wait: define<args.WaitArgs>('wait', {
    path: 'wait',
    roles: STAFF,
    assignee: true,
    grows: (a) => GROWTH.entry(a.reason),
    summary: 'Wait on the member (pauses the resolution clock) or on a third party',
  }),
  resume: define<args.ResumeArgs>('resume', {
    path: 'resume',
    roles: STAFF_OR_PLATFORM,
    assignee: true,
    summary: 'Back to in_progress after a wait',
  }),
  'third-party-response': define<args.ThirdPartyResponseArgs>('third-party-response', {
    path: 'third-party-response',
    roles: STAFF,
    assignee: true,
    summary: "Record a merchant's, carrier's or consulate's answer; the case type's step advances",
  }),
  compensations: define<args.ProposeCompensationArgs>('compensations', {
    path: 'compensations',
    roles: STAFF,
    assignee: true,
    grows: (a) => GROWTH.compensation(a.reason),
    summary: 'Propose a compensation: executes at once within limits, else waits for approval',
  }),
  approve: define<args.ApproveCompensationArgs>('compensations/approve', {
    path: 'compensations/:compensationId/approve',
    roles: STAFF,
    assignee: false,
    summary: 'Approve a compensation waiting for approval (supervisor+, not the proposer); it executes',
  }),
  reject: define<args.RejectCompensationArgs>('compensations/reject', {
    path: 'compensations/:compensationId/reject',
    roles: STAFF,
    assignee: false,
    summary: 'Reject a compensation waiting for approval',
  }),
  recheck: define<args.RecheckStepArgs>('compensations/recheck', {
    path: 'compensations/:compensationId/recheck',
    roles: STAFF,
    assignee: false,
    grows: (a) => GROWTH.entry(a.note),
    summary:
      "Ask the edge whether a failed compensation's unconfirmed step was done, under its idempotency key, without asking it to act (supervisor+, four eyes as for approval); its answer settles it: done, the saga goes on; never received, the steps before are undone",
  }),
  escalate: define<args.EscalateArgs>('escalate', {
    path: 'escalate',
    roles: STAFF_OR_PLATFORM,
    assignee: true,
    summary: 'Escalate the case one level up the ladder',
  }),
  reassign: define<args.ReassignArgs>('reassign', {
    path: 'reassign',
    roles: STAFF,
    assignee: false,
    grows: (a) => GROWTH.reassign(a.reason),
    summary: "Give the case to another manager, who becomes the member's dedicated manager for it",
  }),
  resolve: define<args.ResolveArgs>('resolve', {
    path: 'resolve',
    roles: STAFF,
    assignee: true,
    summary: 'Resolve the case; the follow-up window opens',
  }),
  reopen: define<args.ReopenArgs>('reopen', {
    path: 'reopen',
    roles: STAFF_OR_PLATFORM,
    assignee: false,
    grows: (a) => GROWTH.entry(a.reason),
    summary: 'Reopen a resolved case inside its follow-up window, with a fresh resolution clock',
  }),
  rate: define<args.RateArgs>('rate', {
    path: 'rate',
    roles: ['system'],
    assignee: false,
    summary: "Record the member's rating, after resolution",
  }),
  cancel: define<args.CancelArgs>('cancel', {
    path: 'cancel',
    roles: STAFF_OR_PLATFORM,
    assignee: false,
    summary: 'Cancel the case (the member withdrew); unfinished compensation is undone',
  }),
};

/** An action's name in the catalogue, in refusals and in the role table (`approve`, not its path). */
export type ActionName = keyof typeof ACTIONS;

/** What the action's update takes. */
export type ArgsOf<K extends ActionName> = (typeof ACTIONS)[K] extends ActionDefinition<infer A> ? A : never;

/** Every action, in the catalogue's order. */
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** An action's definition where its name is not known statically (a loop over the catalogue). */
export const actionDefinition = (name: ActionName): ActionDefinition<args.Acting> =>
  ACTIONS[name] as unknown as ActionDefinition<args.Acting>;
