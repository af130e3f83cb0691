import path from 'node:path';
import type { WorkflowClient } from '@temporalio/client';
import { capturePolicy, type Policy } from '../../config/policy';
import { Roster, toPerson } from '../../config/roster';
import type { Actor, CaseType, Member } from '../../workflows/domain';
import { TASK_QUEUE, type OpenCaseInput } from '../../workflows/messages';
import { caseWorkflow } from '../../workflows';
import { ENGINE_GENERATION } from '../../workflows/engine-generation';
import { caseDetails } from './case-fixtures';
import { testPolicy } from './policy';

export const devRoster = Roster.load(path.resolve(__dirname, '../../config/dev-roster.json'));
/** The shipped policy. */
export const defaultPolicy = testPolicy();

export const actors = {
  app: { id: 'app', role: 'system' },
  xinyao: { id: 'mgr-xinyao', role: 'manager' },
  lin: { id: 'mgr-lin', role: 'manager' },
  qiu: { id: 'mgr-qiu', role: 'manager' },
  zheng: { id: 'sup-zheng', role: 'supervisor' },
  wen: { id: 'sup-wen', role: 'supervisor' },
  dai: { id: 'head-dai', role: 'head' },
} satisfies Record<string, Actor>;

let seq = 0;

export function openInput(
  options: {
    type?: CaseType;
    member?: Partial<Member>;
    details?: Record<string, unknown>;
    policy?: Policy;
  } = {},
): OpenCaseInput {
  const member: Member = {
    id: 'm-1041',
    name: 'Lily',
    tier: 'apass',
    credit: 'good',
    managerId: 'mgr-xinyao',
    ...options.member,
  };
  const type = options.type ?? 'concierge';
  const manager = devRoster.get(member.managerId);
  if (!manager) throw new Error(`no manager ${member.managerId}`);
  seq += 1;
  return {
    id: `case-test-${type}-${Date.now().toString(36)}-${seq}`,
    type,
    member,
    summary: 'Ruby pendant arrived without its chain',
    // a concierge case keeps the request its recorded histories and record budgets were measured with
    details:
      options.details ??
      (type === 'concierge' ? { request: 'recover the wedding photos' } : caseDetails(type)),
    manager: toPerson(manager),
    ladder: devRoster.ladderFor(member.managerId),
    policy: capturePolicy(options.policy ?? defaultPolicy, member.tier),
    openedBy: actors.app,
    // as the API opens cases: with the engine generation of today's code (workflows/patches.ts)
    generation: ENGINE_GENERATION,
  };
}

export function startCase(client: WorkflowClient, input: OpenCaseInput, taskQueue = TASK_QUEUE) {
  return client.start(caseWorkflow, { taskQueue, workflowId: input.id, args: [{ open: input }] });
}

/** A supervisor's reassignment of a case to `managerId`, as the API builds it (the manager and their ladder). */
export function reassignTo(managerId: string, reason: string) {
  const ladder = devRoster.ladderFor(managerId);
  return { actor: actors.zheng, manager: ladder[0]!, ladder, reason };
}
