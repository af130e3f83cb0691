/**
 * The runs of a case, first to current: each run's history ends with the continue-as-new event naming the next
 * run, so following that chain needs no (eventually consistent) visibility query.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface CaseRunHistory {
  runId: string;
  events: temporal.api.history.v1.IHistoryEvent[];
}

export async function caseRuns(client: Client, caseId: string): Promise<CaseRunHistory[]> {
  const described = await client.workflow.getHandle(caseId).describe();
  let runId = described.raw.workflowExecutionInfo?.firstRunId ?? undefined;
  if (!runId) throw new Error(`case ${caseId} has no first run id`);
  const runs: CaseRunHistory[] = [];
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow
      .getHandle(caseId, runId)
      .fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/** The current run's id (the last one the chain leads to). */
export async function currentRunId(client: Client, caseId: string): Promise<string> {
  const described = await client.workflow.getHandle(caseId).describe();
  return described.runId;
}

/** The first run's id. */
export async function firstRunId(client: Client, caseId: string): Promise<string> {
  const described = await client.workflow.getHandle(caseId).describe();
  const first = described.raw.workflowExecutionInfo?.firstRunId;
  if (!first) throw new Error(`case ${caseId} has no first run id`);
  return first;
}

/** How many events of a type a run's history holds. */
export const countEvents = (run: CaseRunHistory, type: temporal.api.enums.v1.EventType): number =>
  run.events.filter((e) => e.eventType === type).length;

export const EventType = temporal.api.enums.v1.EventType;
