/**
 * The case workflow, and workflows that anyone allowed to run a worker in the namespace could write, each given
 * whatever input it is started with (a payload copied from a case's history):
 * - `forger` continues as new into `caseWorkflow` with it;
 * - `childForger` starts `caseWorkflow` with it as its child, under the forger's own id plus `-trip` (the id a
 *   visa case gives the trip case it links).
 */
import { makeContinueAsNewFunc, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
export { caseWorkflow } from '../../workflows';

export async function forger(input: unknown): Promise<never> {
  return makeContinueAsNewFunc<(i: unknown) => Promise<unknown>>({ workflowType: 'caseWorkflow' })(input);
}

export async function childForger(input: unknown): Promise<void> {
  const child = await startChild('caseWorkflow', {
    workflowId: `${workflowInfo().workflowId}-trip`,
    args: [input],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  // waits for the child's end: the time-skipping server skips no time while a closed parent's child is pending
  await child.result().catch(() => undefined);
}
