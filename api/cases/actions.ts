/**
 * POST /v1/cases/{id}/{action}: one route per action of the catalogue (workflows/actions.ts), derived from it.
 * A route takes the action's path, update, summary and who may take it from its catalogue entry, its body from
 * api/schemas/actions.ts (keyed by the same names), and makes the update's argument of the body: the body as it
 * is plus who acts, unless the action says otherwise below (`OWN_ARGS`).
 */
import type { UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { toPerson, type Roster } from '../../config/roster';
import { actionDefinition, ACTION_NAMES, type ActionName, type ArgsOf } from '../../workflows/actions';
import { ROLES, type Actor, type CallerCaseView, type Role } from '../../workflows/domain';
import type { Acting } from '../../workflows/messages';
import { roleMayAct } from '../../workflows/permissions';
import { BUDGETED_ACTIONS } from '../../workflows/record-budget';
import { actionBodies } from '../schemas/actions';
import { rosterManager } from './open-case';

export interface ActionContext {
  actor: Actor;
  /** Path parameters besides the case id (the compensation id). */
  compensationId?: string;
  roster: Roster;
}

export interface CaseActionRoute {
  /** The action's name in the catalogue (`approve`), in logs. */
  name: ActionName;
  /** Path after /v1/cases/{id}/. */
  path: string;
  update: UpdateDefinition<CallerCaseView, [Acting]>;
  body: z.ZodType;
  summary: string;
  /** The roles the route admits (a manager only on a case assigned to them: the workflow checks that). */
  roles: Role[];
  /** Whether the action adds to the case's record at will, and so is refused past its budget. */
  budgeted: boolean;
  toArgs: (body: unknown, ctx: ActionContext) => Acting;
}

type Body<K extends ActionName> = z.output<(typeof actionBodies)[K]>;
type ToArgs<K extends ActionName> = (body: Body<K>, ctx: ActionContext) => ArgsOf<K>;

/** Most updates take the body as it is, plus who is acting. */
const withActor = <T extends object>(body: T, { actor }: ActionContext) => ({ ...body, actor });

const withCompensation = <T extends object>(body: T, { actor, compensationId }: ActionContext) => ({
  ...body,
  actor,
  compensationId: compensationId ?? '',
});

/** The actions whose update takes more than the body and who acts. */
const OWN_ARGS = {
  approve: withCompensation,
  reject: withCompensation,
  recheck: withCompensation,
  reassign: ({ managerId, reason }, { actor, roster }) => {
    const manager = rosterManager(roster, managerId, 'managerId');
    return { actor, reason, manager: toPerson(manager), ladder: roster.ladderFor(manager.id) };
  },
} satisfies { [K in ActionName]?: ToArgs<K> };

/**
 * Compiles only when every other action's body, plus who acts, is its update's argument (else this names the
 * action whose body is not: give it its own entry in `OWN_ARGS`).
 */
type ByDefault = Exclude<ActionName, keyof typeof OWN_ARGS>;
type BodyIsNotArgs = {
  [K in ByDefault]: Body<K> & Pick<Acting, 'actor'> extends ArgsOf<K> ? never : K;
}[ByDefault];
const _everyDefaultFits: [BodyIsNotArgs] extends [never] ? true : BodyIsNotArgs = true;

export const rolesFor = (name: ActionName): Role[] => ROLES.filter((role) => roleMayAct(name, role));

/** The route table, in the catalogue's order (the order of the OpenAPI document's paths). */
export const CASE_ACTIONS: CaseActionRoute[] = ACTION_NAMES.map((name) => {
  const { path, update, summary } = actionDefinition(name);
  return {
    name,
    path,
    update,
    body: actionBodies[name],
    summary,
    roles: rolesFor(name),
    budgeted: BUDGETED_ACTIONS.includes(name),
    toArgs: ((OWN_ARGS as Partial<Record<ActionName, unknown>>)[name] ??
      withActor) as CaseActionRoute['toArgs'],
  };
});
