/**
 * What the replay scenarios share: their context (the time-skipping environment and the recorder's task queue),
 * the runs a scenario leaves behind, opening a case as the API opens one, and waiting on a case's view.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseType, CaseView, Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { openInput } from '../support/cases';

export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
}
/** The runs whose histories a scenario leaves behind. */
export type Runs = { workflowId: string; runId?: string }[];

export const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
/** The price of the disputed orders. */
export const price = cny(420000);

/** Opens a case of `type` on the recorder's task queue; its id starts `case-replay-<type>-`. */
export async function open(
  ctx: ScenarioContext,
  type: CaseType,
  details: Record<string, unknown>,
  member: Partial<Member> = {},
  extra: Partial<m.OpenCaseInput> = {},
) {
  const input = { ...openInput({ type, details, member }), ...extra };
  input.id = `case-replay-${type}-${input.id.split('-').slice(-2).join('-')}`;
  // As the API opens a case (api/temporal/case-start.ts): the start with the `caseReady` update.
  const start = new WithStartWorkflowOperation(m.CASE_WORKFLOW_TYPE, {
    taskQueue: ctx.taskQueue,
    workflowId: input.id,
    args: [{ open: input }],
    workflowIdConflictPolicy: 'FAIL',
  });
  await ctx.env.client.workflow.executeUpdateWithStart(m.caseReadyUpdate, { startWorkflowOperation: start });
  const handle = await start.workflowHandle();
  return Object.assign(handle, { firstExecutionRunId: (await handle.describe()).runId });
}

/** Polls the case (advancing the test server's clock) until `done` holds. */
export async function until(
  ctx: ScenarioContext,
  h: { query: (q: typeof m.caseViewQuery) => Promise<CaseView> },
  done: (v: CaseView) => boolean,
): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    // a linked case its parent has just started may not be there yet
    const v = await h.query(m.caseViewQuery).catch(() => undefined);
    if (v && done(v)) return;
    await ctx.env.sleep('10s');
  }
  throw new Error('the scenario waited in vain');
}
