/**
 * Recovery from each merchant (workflows/recovery.ts), on the engine alone: a case whose whole advance was
 * already asked of its first merchant before shares existed (a collection that failed, maybe unanswered) asks that
 * same key again, never the shares: the edge never acts twice for one key, but two keys could take the money
 * twice. A case that never asked for the whole collects the shares.
 */
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import type { CompensationView } from '../../workflows/domain';
import type { EdgeCall } from '../../workflows/edge-calls';
import { collectionResult, merchantRecoveryAnswer } from '../../workflows/recovery';
import { openInput } from '../support/cases';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

/** A two-merchant trip with an executed advance refund awaiting the merchants; `patched` says whether shares exist. */
function tripAwaitingRecovery(versions: { patched: boolean }) {
  const input = openInput({
    type: 'travel_cancellation',
    details: {
      bookingId: 'villa-5',
      merchantId: 'resort-8',
      price: cny(6000),
      departureDate: '2027-01-20T00:00:00.000Z',
      additionalBookings: [{ bookingId: 'flight-6', merchantId: 'air-9', price: cny(4000) }],
    },
  });
  const state = openCase(input, Date.parse('2027-01-10T00:00:00.000Z'));
  const engine = new CaseEngine(state, caseTypeModule('travel_cancellation'), {
    has: () => versions.patched,
  });
  const advance: CompensationView = {
    id: 'c1',
    kind: 'advance_refund',
    amount: cny(10000),
    reason: 'the merchant refused the refund',
    status: 'executed',
    proposedBy: 'system',
    proposedAt: '2027-01-10T00:00:00.000Z',
    approvedBy: null,
    rejectedBy: null,
    payee: 'member:m-1041',
    recovery: { status: 'awaiting_merchant', amount: cny(0) },
    note: null,
    rule: 'within the limit',
    approvalDueAt: null,
    steps: [],
  };
  state.view.compensations.push(advance);
  const calls: EdgeCall[] = [];
  const collections = () =>
    state.outbox.splice(0).flatMap((e) => {
      if (e.kind !== 'edge') return [];
      calls.push(e.call);
      return [[e.purpose, e.call.input]];
    });
  return { engine, collections, calls };
}

test('a whole advance asked of the first merchant before the shares is asked again under the same key', () => {
  const versions = { patched: false };
  const { engine, collections, calls } = tripAwaitingRecovery(versions);
  merchantRecoveryAnswer(engine, true, 'mgr-xinyao');
  const whole = collections();
  expect(whole).toEqual([
    [
      'recovery:c1',
      expect.objectContaining({
        merchantId: 'resort-8',
        amount: cny(10000),
        idempotencyKey: expect.stringMatching(/\/c1\/recover$/),
      }),
    ],
  ]);
  collectionResult(engine, 'c1', { error: 'the rail did not answer', unanswered: true }, calls[0]!);

  versions.patched = true; // the new code, deployed while the merchants are awaited again
  merchantRecoveryAnswer(engine, true, 'mgr-xinyao');
  expect(collections()).toEqual(whole);
});

test('an advance never asked for whole is collected in shares', () => {
  const { engine, collections } = tripAwaitingRecovery({ patched: true });
  merchantRecoveryAnswer(engine, true, 'mgr-xinyao');
  expect(collections().map(([purpose, input]) => [purpose, (input as { amount: unknown }).amount])).toEqual([
    ['recovery:c1/resort-8', cny(6000)],
    ['recovery:c1/air-9', cny(4000)],
  ]);
});

test('a share whose collection got no answer keeps collecting, and is asked again under its own key at its recheck', () => {
  const { engine, collections, calls } = tripAwaitingRecovery({ patched: true });
  merchantRecoveryAnswer(engine, true, 'mgr-xinyao');
  const shares = collections();
  const air = shares.findIndex(([purpose]) => purpose === 'recovery:c1/air-9');
  expect(air).toBeGreaterThanOrEqual(0);
  collectionResult(engine, 'c1/air-9', { error: 'timed out', unanswered: true }, calls[air]!);
  collectionResult(engine, 'c1/resort-8', { reference: 'col-1' }, calls[1 - air]!);

  const recovery = engine.view.compensations[0]!.recovery!;
  expect(recovery.status).toBe('collecting');
  expect(recovery.parts?.map((p) => [p.merchantId, p.status])).toEqual([
    ['resort-8', 'recovered'],
    ['air-9', 'collecting'],
  ]);
  const recheck = engine.deadlines().find((d) => d.key === 'collection-recheck:recovery:c1/air-9');
  const waits = recheck!.dueAt - engine.now(); // the engine's clock runs on
  expect(waits).toBeGreaterThan(14 * 60_000);
  expect(waits).toBeLessThanOrEqual(15 * 60_000);
  recheck!.fire();
  expect(collections()).toEqual([shares[air]]);
  collectionResult(engine, 'c1/air-9', { reference: 'col-2' }, calls[air]!);
  expect(engine.view.compensations[0]!.recovery?.status).toBe('recovered');
  expect(engine.deadlines().some((d) => d.key.startsWith('collection-recheck:'))).toBe(false);
});
