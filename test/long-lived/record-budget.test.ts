/**
 * The record budget on the real dev server, through the API: a case whose record would pass its budget refuses
 * the actions that add at will with `422 limit_exceeded` (and says how full it is), admits one exactly at the
 * budget, and still takes every action that brings it to its end. At the real budget the case keeps
 * continuing as new and answering queries, far from Temporal's 2 MiB payload limit it would otherwise reach.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import {
  CASE_RECORD_BUDGET_BYTES,
  GROWTH,
  TEMPORAL_PAYLOAD_LIMIT_BYTES,
  type RecordUsage,
} from '../../workflows/record-budget';
import { call, conciergeBody, openCase, harnessSuite } from '../support/api-harness';
import { actors, openInput, startCase } from '../support/cases';
import { firstRunId } from '../support/runs';

const h = harnessSuite({ quiet: true });

const act = (who: string, id: string, action: string, body?: unknown) =>
  call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, body);
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** The longest note the API takes (4,000 characters), 3 bytes each in UTF-8. */
const FULL_NOTE = '字'.repeat(4_000);

/** A text of exactly `n` UTF-8 bytes in at most 4,000 characters (n up to 12,000). */
function textOfBytes(n: number): string {
  const rest = n % 3;
  if (rest === 0) return '字'.repeat(n / 3);
  if (rest === 1) return `${'字'.repeat((n - 4) / 3)}éé`;
  return `${'字'.repeat((n - 2) / 3)}é`;
}

function expectRefused(
  res: { status: number; body: { error: string; details: RecordUsage } },
  budget: number,
) {
  expect(res.status).toBe(422);
  expect(res.body.error).toBe('limit_exceeded');
  expect(res.body.details.budgetBytes).toBe(budget);
  expect(res.body.details.usedBytes + res.body.details.requestedBytes).toBeGreaterThan(budget);
  return res.body.details;
}

test('at a lowered budget: refused one byte over, admitted exactly at it, closing actions still taken', async () => {
  const BUDGET = 12_000;
  const input = openInput({ type: 'concierge' });
  input.recordBudgetBytes = BUDGET;
  await startCase(h.env.client.workflow, input);
  const id = input.id;
  expect((await act('mgr-xinyao', id, 'callback', { note: 'reached Lily' })).status).toBe(200);

  // a full note does not fit: refused, with how full the record is; nothing changed
  const full = await act('mgr-xinyao', id, 'notes', { text: FULL_NOTE });
  const before = expectRefused(full, BUDGET);
  expect(before.requestedBytes).toBe(GROWTH.entry(FULL_NOTE).overheadBytes + 2 + 12_000);
  expect(full.body.message).toContain(`case ${id} has reached its record budget`);
  const room = BUDGET - before.usedBytes;
  expect(room).toBeGreaterThan(GROWTH.entry('').overheadBytes + 2);

  // a note asking for exactly the room left is admitted
  const exact = textOfBytes(room - GROWTH.entry('').overheadBytes - 2);
  const admitted = await act('mgr-xinyao', id, 'notes', { text: exact });
  expect(admitted.status).toBe(200);
  const entry = (admitted.body as CaseView).timeline.at(-1)!;
  expect(entry).toMatchObject({ kind: 'note', text: exact });

  // from here every action that adds at will is refused; the record grew by exactly the new entry, and the
  // seal of the request that added it (remembered so that a copy of it is refused: 16 base64url characters, with
  // the API's send time in epoch milliseconds)
  const after = expectRefused(await act('mgr-xinyao', id, 'notes', { text: 'x' }), BUDGET);
  const SEAL_ENTRY_BYTES = JSON.stringify(['x'.repeat(16), Date.now()]).length + 1;
  expect(after.usedBytes).toBe(before.usedBytes + jsonBytes(entry) + 1 + SEAL_ENTRY_BYTES);
  expectRefused(await act('mgr-xinyao', id, 'wait', { on: 'member', reason: 'needs a photo' }), BUDGET);
  expectRefused(
    await act('mgr-xinyao', id, 'compensations', {
      kind: 'goodwill_gift',
      amount: { amount: 1_000, currency: 'CNY' },
      reason: 'flowers',
    }),
    BUDGET,
  );
  expectRefused(await act('sup-zheng', id, 'reassign', { managerId: 'mgr-lin', reason: 'leave' }), BUDGET);
  // the case's own checks come first: reopening a case in progress is a 409, not a 422
  const reopen = await act('app', id, 'reopen', { reason: 'the member calls again' });
  expect({ status: reopen.status, error: reopen.body.error }).toEqual({
    status: 409,
    error: 'invalid_transition',
  });

  // what brings the case to its end is never refused for size
  expect((await act('app', id, 'escalate', { reason: 'the member asks for a supervisor' })).status).toBe(200);
  expect((await act('sup-zheng', id, 'resolve', { code: 'done', summary: 'photos recovered' })).status).toBe(
    200,
  );
  expect((await act('app', id, 'rate', { score: 5, comment: 'wonderful' })).status).toBe(200);
  expectRefused(await act('app', id, 'reopen', { reason: 'one photo is missing' }), BUDGET);
  expect((await act('app', id, 'cancel', { reason: 'withdrawn' })).status).toBe(409); // resolved: nothing to cancel

  const got = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(got.status).toBe(200);
  const notes = (got.body as CaseView).timeline.filter((e) => e.kind === 'note').map((e) => e.text);
  expect(notes).toEqual([exact]);
  expect(got.body.status).toBe('resolved');
  expect(got.body.rating).toMatchObject({ score: 5 });
});

/** Sends notes 8 at a time until the budget refuses one; returns the notes admitted and the refusal. */
async function fillToBudget(handle: WorkflowHandle) {
  let admitted = 0;
  for (let batch = 0; batch < 1_000; batch += 1) {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, k) =>
        handle.executeUpdate(m.noteUpdate, {
          args: [{ actor: actors.xinyao, text: `${batch * 8 + k} ${FULL_NOTE}`.slice(0, 4_000) }],
        }),
      ),
    );
    admitted += results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) {
      const err = refused.reason as unknown;
      if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure))
        throw err;
      expect(err.cause.type).toBe('limit_exceeded');
      return { admitted, usage: err.cause.details?.[0] as RecordUsage };
    }
  }
  throw new Error('the budget never refused a note');
}

test('at the real budget: a case full of long notes keeps continuing as new and answering, below the payload limit', async () => {
  const opened = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  const id: string = opened.id;
  expect((await act('mgr-xinyao', id, 'callback', {})).status).toBe(200);
  const handle = h.env.client.workflow.getHandle(id);

  const { admitted, usage } = await fillToBudget(handle);
  expect(usage.budgetBytes).toBe(CASE_RECORD_BUDGET_BYTES);
  expect(usage.usedBytes).toBeLessThanOrEqual(CASE_RECORD_BUDGET_BYTES);
  expect(usage.usedBytes + usage.requestedBytes).toBeGreaterThan(CASE_RECORD_BUDGET_BYTES);

  // the whole view, every note once, well below the payload limit
  const got = await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`);
  expect(got.status).toBe(200);
  const { links: _links, ...view } = got.body as CaseView & { links: unknown };
  expect(view.timeline.filter((e) => e.kind === 'note')).toHaveLength(admitted);
  expect(jsonBytes(view)).toBeLessThanOrEqual(CASE_RECORD_BUDGET_BYTES);
  expectRefused(await act('mgr-xinyao', id, 'notes', { text: FULL_NOTE }), CASE_RECORD_BUDGET_BYTES);

  // it continued as new with records this large: the latest run started from a state of over a megabyte
  const first = await firstRunId(h.env.client, id);
  const current = (await handle.describe()).runId;
  expect(current).not.toBe(first);
  const start = await h.env.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: id, runId: current },
    maximumPageSize: 1,
  });
  const carried = start.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  expect(carried?.data?.length).toBeGreaterThan(1_000_000);
  expect(carried?.data?.length).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT_BYTES);

  // and it still ends the way every case does
  for (let level = 1; level <= 3; level += 1) {
    const up = await act('app', id, 'escalate', { reason: `the member asks again (${level})` });
    expect({ status: up.status, level: up.body.escalationLevel }).toEqual({ status: 200, level });
  }
  expect((await act('head-dai', id, 'resolve', { code: 'done', summary: 'all photos back' })).status).toBe(
    200,
  );
  expect((await act('app', id, 'rate', { score: 4 })).status).toBe(200);
  const final = await handle.query(m.caseViewQuery);
  expect(final.status).toBe('resolved');
  expect(final.timeline.filter((e) => e.kind === 'note')).toHaveLength(admitted);
  expect(jsonBytes(final)).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT_BYTES);
});

test('the OpenAPI document says which actions the budget can refuse, and which it never refuses', async () => {
  const doc = await call(h.app, null, 'GET', '/docs/json');
  expect(doc.status).toBe(200);
  const description = (action: string) => String(doc.body.paths[`/v1/cases/{id}/${action}`].post.description);
  for (const action of ['notes', 'wait', 'compensations', 'reassign', 'reopen']) {
    expect(description(action)).toContain(`may grow to ${CASE_RECORD_BUDGET_BYTES} bytes`);
  }
  for (const action of [
    'callback',
    'resume',
    'third-party-response',
    'escalate',
    'resolve',
    'rate',
    'cancel',
  ]) {
    expect(description(action)).not.toContain('record is full');
  }
});
