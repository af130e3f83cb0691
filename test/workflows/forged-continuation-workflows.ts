/**
 * The case workflow, and a workflow that anyone allowed to run a worker in the namespace could write: it
 * continues as new into `caseWorkflow` with whatever input it is given (a state copied from a case's history).
 */
import { makeContinueAsNewFunc } from '@temporalio/workflow';
export { caseWorkflow } from '../../workflows';

export async function forger(input: unknown): Promise<never> {
  return makeContinueAsNewFunc<(i: unknown) => Promise<unknown>>({ workflowType: 'caseWorkflow' })(input);
}
