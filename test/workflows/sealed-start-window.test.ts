/**
 * The start window of sealed-start.ts is measured from the start event's time (set by the server when the API's
 * start arrived), never from the first workflow task's: a worker backlog or outage of more than 15 minutes must
 * not refuse the openings the API already answered 201 for. Workflow context stands in for a run's info here
 * (the time-skipping server cannot hold back a first workflow task for an hour).
 */
import type { WorkflowInfo } from '@temporalio/workflow';
import {
  payloadConverter,
  SEALED_METADATA_KEY,
  WORKFLOW_METADATA_KEY,
} from '../../codec/sealed-payload-converter';
import type { CaseWorkflowInput } from '../../workflows/messages';
import { openInput } from '../support/cases';

let info: Partial<WorkflowInfo> = {};
jest.mock('@temporalio/workflow', () => ({
  ...jest.requireActual('@temporalio/workflow'),
  workflowInfo: () => info,
  patched: () => true,
  log: { warn: () => undefined },
}));
import { refuseForeignStart, START_AFTER_ACCEPTANCE_MS } from '../../workflows/sealed-start';

const HOUR = 60 * 60 * 1000;
const utf8 = new TextEncoder();

/** The input as the worker decodes a payload the API sealed for `workflowId`. */
function sealedInput(input: CaseWorkflowInput, workflowId: string): CaseWorkflowInput {
  const payload = payloadConverter.toPayload(input);
  payload.metadata = {
    ...payload.metadata,
    [SEALED_METADATA_KEY]: utf8.encode('test-2'),
    [WORKFLOW_METADATA_KEY]: utf8.encode(workflowId),
  };
  return payloadConverter.fromPayload<CaseWorkflowInput>(payload);
}

const acceptedAt = Date.parse('2026-12-05T06:00:00Z');
const open = () => {
  const input = { ...openInput(), requestedAt: acceptedAt };
  return { id: input.id, sealed: sealedInput({ open: input }, input.id) };
};
const run = (id: string, startedAt: number, firstTaskAt: number): Partial<WorkflowInfo> => ({
  workflowId: id,
  attempt: 1,
  startTime: new Date(startedAt),
  runStartTime: new Date(firstTaskAt),
});

test('a start the server took at once is opened, however late its first workflow task ran', () => {
  const { id, sealed } = open();
  info = run(id, acceptedAt + 2_000, acceptedAt + HOUR);
  expect(() => refuseForeignStart(sealed)).not.toThrow();
});

test('a start the server took after the window is refused', () => {
  const { id, sealed } = open();
  info = run(id, acceptedAt + START_AFTER_ACCEPTANCE_MS + 1, acceptedAt + START_AFTER_ACCEPTANCE_MS + 2);
  expect(() => refuseForeignStart(sealed)).toThrow(/accepted by the API at/);
});
