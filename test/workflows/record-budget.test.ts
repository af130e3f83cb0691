/**
 * The record meter measures a case's state exactly as continue-as-new and the view query send it (UTF-8 bytes of
 * its JSON), and the budget admits an action exactly at the limit and refuses one byte above it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { openCase } from '../../workflows/case-opening';
import type { CaseState } from '../../workflows/case-state';
import type { CompensationView } from '../../workflows/domain';
import {
  CASE_RECORD_BUDGET_BYTES,
  GROWTH,
  RecordMeter,
  RESERVED_PER_OPEN_COMPENSATION_BYTES,
  TEMPORAL_PAYLOAD_LIMIT_BYTES,
  type RecordUsage,
} from '../../workflows/record-budget';
import { openInput } from '../support/cases';

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function freshState(budget?: number): CaseState {
  const input = openInput({ type: 'concierge' });
  if (budget !== undefined) input.recordBudgetBytes = budget;
  return openCase(input, Date.parse('2026-03-01T08:00:00.000Z'));
}

function note(state: CaseState, text: string): void {
  state.view.timeline.push({ at: '2026-03-01T09:00:00.000Z', kind: 'note', actor: 'mgr-xinyao', text });
}

function rejectionOf(fn: () => void): ApplicationFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

test('the budget leaves room below Temporal’s payload limit', () => {
  expect(CASE_RECORD_BUDGET_BYTES).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT_BYTES * 0.75);
});

test('measures exactly the JSON bytes of the whole state, as the timeline grows and the rest changes', () => {
  const state = freshState();
  const meter = new RecordMeter(state);
  expect(meter.recordBytes()).toBe(jsonBytes(state));
  // multi-byte characters, characters JSON escapes, an emoji outside the BMP
  for (const text of [
    'plain',
    '丢失的婚纱照',
    'quote " backslash \\ newline \n tab \t',
    'ring 💍 ok',
    '\u0001',
  ]) {
    note(state, text);
    expect(meter.recordBytes()).toBe(jsonBytes(state));
  }
  state.view.summary = '新的摘要';
  state.view.escalationLevel = 2;
  expect(meter.recordBytes()).toBe(jsonBytes(state));
  for (let i = 0; i < 50; i += 1) note(state, `again ${i}`);
  expect(meter.recordBytes()).toBe(jsonBytes(state));
});

test('an action exactly at the budget is admitted; one byte more is refused with the usage', () => {
  const state = freshState(20_000);
  const meter = new RecordMeter(state);
  const used = meter.usedBytes();
  const room = 20_000 - used;
  // requestedBytes of a note: the entry overhead plus the JSON string ("..." with quotes) of its text
  const exact = 'x'.repeat(room - GROWTH.entry('').overheadBytes - 2);
  expect(meter.usage(GROWTH.entry(exact)).requestedBytes).toBe(room);
  expect(() => meter.require('notes', GROWTH.entry(exact))).not.toThrow();

  const failure = rejectionOf(() => meter.require('notes', GROWTH.entry(`${exact}x`)));
  expect(failure.type).toBe('limit_exceeded');
  expect(failure.details).toEqual([
    { budgetBytes: 20_000, usedBytes: used, requestedBytes: room + 1 } satisfies RecordUsage,
  ]);
  expect(failure.message).toContain(`has reached its record budget: ${used} of 20000 bytes used`);
  expect(failure.message).toContain('third-party answers, escalation, approval, rejection, resolution');
});

test('multi-byte text counts in UTF-8 bytes, and texts kept in several places count each time', () => {
  const meter = new RecordMeter(freshState());
  expect(meter.usage(GROWTH.entry('字字')).requestedBytes).toBe(512 + 2 + 6);
  expect(meter.usage(GROWTH.entry(undefined)).requestedBytes).toBe(512);
  expect(meter.usage(GROWTH.compensation('é')).requestedBytes).toBe(4_096 + 5 * (2 + 2));
});

test('compensations waiting or executing hold room back for what they may still add', () => {
  const state = freshState();
  const meter = new RecordMeter(state);
  const comp = (id: string, status: CompensationView['status']): CompensationView => ({
    id,
    kind: 'goodwill_gift',
    amount: { amount: 1_000, currency: 'CNY' },
    reason: 'scarf',
    status,
    proposedBy: 'mgr-xinyao',
    proposedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: null,
    rejectedBy: null,
    payee: 'member:m-1041',
    recovery: null,
    note: null,
    rule: 'within the manager authority',
    approvalDueAt: null,
    steps: [],
  });
  state.view.compensations.push(
    comp('c1', 'pending_approval'),
    comp('c2', 'executing'),
    comp('c3', 'executed'),
    comp('c4', 'rejected'),
  );
  expect(meter.usedBytes()).toBe(jsonBytes(state) + 2 * RESERVED_PER_OPEN_COMPENSATION_BYTES);
});
