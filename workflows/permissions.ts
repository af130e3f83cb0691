/**
 * Who may act on a case and who may read it: one definition for the API's role gate and the workflow's checks.
 * Who may take each action is written in its catalogue entry (actions.ts); this module only reads it.
 */
import { ACTIONS, type ActionName } from './actions';
import type { Actor, Role } from './domain';

/** Who may take each case action: its catalogue entry's `roles` and `assignee` (actions.ts). */
export type CaseAction = ActionName;

/**
 * Whether the role may ever take the action: the API's gate, before the case is consulted (api/cases/actions.ts
 * derives each route's roles from it), and the workflow's, through `actorMayAct`.
 */
export function roleMayAct(action: CaseAction, role: Role): boolean {
  const rule = ACTIONS[action];
  return rule.roles.includes(role) || (rule.assignee && role === 'manager');
}

/** Who may take the action, in words that name roles only (never a person): for refusal messages. */
export function whoMayAct(action: CaseAction): string {
  const rule = ACTIONS[action];
  const who = [
    ...(rule.assignee ? ["the case's assignee"] : []),
    ...rule.roles.map((role) => (role === 'system' ? 'the platform' : `a ${role}`)),
  ];
  return who.length === 1 ? who[0]! : `${who.slice(0, -1).join(', ')} or ${who.at(-1)}`;
}

/**
 * Who may read a case (GET /v1/cases/{id}), the one definition the API's reads and the workflow's answers to
 * repeated requests share: supervisors, the head, engineers and the platform read every case; a manager reads
 * the cases they are the assignee or the member's dedicated manager of.
 */
export function mayReadCase(actor: Actor, c: { assignee: { id: string }; manager: { id: string } }): boolean {
  if (actor.role !== 'manager') return true;
  return c.assignee.id === actor.id || c.manager.id === actor.id;
}

/**
 * The answer to a case id that does not exist, and to a caller who may not read the case: the same words, so
 * that a refusal tells nobody which case ids exist or whose they are.
 */
export const unknownCaseMessage = (caseId: string): string => `case ${caseId} does not exist`;

/** Whether this actor may take the action on a case with this assignee. */
export function actorMayAct(action: CaseAction, actor: Actor, assigneeId: string): boolean {
  const rule = ACTIONS[action];
  if (rule.roles.includes(actor.role)) return true;
  return rule.assignee && actor.role === 'manager' && actor.id === assigneeId;
}
