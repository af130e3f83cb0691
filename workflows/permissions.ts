import type { Actor, Role } from './domain';

/** Who may take each case action (API.md's action table). Shared by the API's role gate and the workflow. */
export const ACTION_RULES = {
  callback: { roles: ['supervisor', 'head'], assignee: true },
  notes: { roles: ['supervisor', 'head'], assignee: true },
  wait: { roles: ['supervisor', 'head'], assignee: true },
  resume: { roles: ['supervisor', 'head', 'system'], assignee: true },
  'third-party-response': { roles: ['supervisor', 'head'], assignee: true },
  compensations: { roles: ['supervisor', 'head'], assignee: true },
  approve: { roles: ['supervisor', 'head'], assignee: false },
  reject: { roles: ['supervisor', 'head'], assignee: false },
  escalate: { roles: ['supervisor', 'head', 'system'], assignee: true },
  reassign: { roles: ['supervisor', 'head'], assignee: false },
  resolve: { roles: ['supervisor', 'head'], assignee: true },
  reopen: { roles: ['supervisor', 'head', 'system'], assignee: false },
  rate: { roles: ['system'], assignee: false },
  cancel: { roles: ['supervisor', 'head', 'system'], assignee: false },
} as const satisfies Record<string, { roles: readonly Role[]; assignee: boolean }>;

export type CaseAction = keyof typeof ACTION_RULES;

/** Whether the role may ever take the action (the API's gate, before the case is consulted). */
export function roleMayAct(action: CaseAction, role: Role): boolean {
  const rule = ACTION_RULES[action];
  return (rule.roles as readonly Role[]).includes(role) || (rule.assignee && role === 'manager');
}

/** Whether this actor may take the action on a case with this assignee. */
export function actorMayAct(action: CaseAction, actor: Actor, assigneeId: string): boolean {
  const rule = ACTION_RULES[action];
  if ((rule.roles as readonly Role[]).includes(actor.role)) return true;
  return rule.assignee && actor.role === 'manager' && actor.id === assigneeId;
}
