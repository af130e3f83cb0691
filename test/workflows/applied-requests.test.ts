/**
 * The case's memory of applied Idempotency-Keys: a repeat is recognised, another request under the same key is
 * refused, a state written before the memory existed works, the memory survives the JSON round trip of
 * continue-as-new, and it keeps the newest APPLIED_REQUESTS_KEPT keys in a bounded part of the record.
 */
import { ApplicationFailure } from '@temporalio/common';
import { actionIdentity } from '../../api/cases/idempotency';
import { APPLIED_REQUESTS_KEPT, AppliedRequests } from '../../workflows/applied-requests';
import { openCase } from '../../workflows/case-opening';
import type { CaseState } from '../../workflows/case-state';
import { openInput } from '../support/cases';

const freshState = (): CaseState =>
  openCase(openInput({ type: 'concierge' }), Date.parse('2026-03-01T08:00:00Z'));
const identity = (key: string, text = 'a note') =>
  actionIdentity('mgr-xinyao', key, { action: 'notes', body: { text } })!;

test('a state written before the memory existed: nothing is a repeat, the first key starts the memory', () => {
  const state = freshState();
  expect(state.appliedRequests).toBeUndefined();
  const applied = new AppliedRequests(state);
  expect(applied.isRepeat(identity('k-1'))).toBe(false);
  expect(applied.isRepeat(undefined)).toBe(false);
  applied.remember(undefined);
  expect(state.appliedRequests).toBeUndefined();
  applied.remember(identity('k-1'));
  expect(state.appliedRequests).toEqual([[identity('k-1').keyId, identity('k-1').requestHash]]);
  expect(applied.isRepeat(identity('k-1'))).toBe(true);
});

test('the same key with another request is rejected as idempotency_conflict', () => {
  const applied = new AppliedRequests(freshState());
  applied.remember(identity('k-1', 'first'));
  let failure: unknown;
  try {
    applied.isRepeat(identity('k-1', 'second'));
  } catch (err) {
    failure = err;
  }
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect((failure as ApplicationFailure).type).toBe('idempotency_conflict');
  expect(applied.isRepeat(identity('k-2', 'second'))).toBe(false);
});

test('keeps the newest keys, across the JSON round trip of continue-as-new, in under 80 KB', () => {
  const state = freshState();
  const applied = new AppliedRequests(state);
  for (let i = 0; i <= APPLIED_REQUESTS_KEPT; i += 1) applied.remember(identity(`key-${i}`));
  expect(state.appliedRequests).toHaveLength(APPLIED_REQUESTS_KEPT);

  const carried = new AppliedRequests(JSON.parse(JSON.stringify(state)) as CaseState);
  for (const memory of [applied, carried]) {
    expect(memory.isRepeat(identity('key-0'))).toBe(false); // the oldest, forgotten
    expect(memory.isRepeat(identity('key-1'))).toBe(true);
    expect(memory.isRepeat(identity(`key-${APPLIED_REQUESTS_KEPT}`))).toBe(true);
  }
  expect(Buffer.byteLength(JSON.stringify(state.appliedRequests))).toBeLessThan(80_000);
});

describe('a keyed proposal of compensation is never forgotten', () => {
  const proposal = (key: string, amount = 25_252) =>
    actionIdentity('mgr-xinyao', key, {
      action: 'compensations',
      body: { kind: 'gift', amount: { amount, currency: 'CNY' }, reason: 'a late car' },
    })!;
  const pastTheMemory = (applied: AppliedRequests) => {
    for (let i = 0; i < APPLIED_REQUESTS_KEPT; i += 1) applied.remember(identity(`note-${i}`));
  };

  test('its repeat after 1,000 newer keyed actions is still a repeat, across continue-as-new', () => {
    const state = freshState();
    const applied = new AppliedRequests(state);
    applied.remember(proposal('gift-1'), true);
    pastTheMemory(applied);
    expect(state.appliedRequests!.some(([keyId]) => keyId === proposal('gift-1').keyId)).toBe(false);

    const carried = new AppliedRequests(JSON.parse(JSON.stringify(state)) as CaseState);
    for (const memory of [applied, carried]) {
      expect(memory.isRepeat(proposal('gift-1'))).toBe(true);
      expect(() => memory.isRepeat(proposal('gift-1', 99_999))).toThrow(ApplicationFailure);
    }
    expect(state.keptRequests).toEqual([[proposal('gift-1').keyId, proposal('gift-1').requestHash]]);
  });

  test('other actions are not kept; a handler replaying an older history applies the forgotten repeat', () => {
    const state = freshState();
    const applied = new AppliedRequests(state);
    applied.remember(identity('note-a'));
    applied.remember(proposal('gift-1'), true);
    pastTheMemory(applied);
    expect(state.keptRequests).toHaveLength(1);
    expect(applied.isRepeat(identity('note-a'))).toBe(false);

    let asked = 0;
    const recorded = () => {
      asked += 1;
      return false;
    };
    expect(applied.isRepeat(proposal('gift-1'), recorded)).toBe(false);
    expect(asked).toBe(1);
    // A key the newest-first memory still holds never asks: no marker in any other case's history.
    applied.remember(proposal('gift-2'), true);
    expect(applied.isRepeat(proposal('gift-2'), recorded)).toBe(true);
    expect(asked).toBe(1);
  });
});
