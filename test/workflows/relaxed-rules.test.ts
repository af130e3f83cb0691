/**
 * Rules changed today for held actions (later-rules.ts): a held action is asked its validator's rules in the
 * handler, which runs again on replay, so a rule added or relaxed since refuses or admits a held action only behind
 * its own patch; the validator asks the rule as it is, and no patch.
 * - a head's proposal above the ceiling, refused by role (`head-proposals-by-role`);
 * - a merchant's answer on a resolved case about an advance it is to pay back, taken
 *   (`resolved-case-answers-recovery`).
 * And a visa case with a trip, resolved only after the consulate's decision or its deadline.
 */
import { AppliedRequests } from '../../workflows/applied-requests';
import { actionHandler } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import type { CaseType, CompensationView } from '../../workflows/domain';
import { checkHeldAction } from '../../workflows/held-checks';
import type { Acting } from '../../workflows/messages';
import { HEAD_PROPOSALS_BY_ROLE_PATCH, RESOLVED_CASE_ANSWERS_RECOVERY_PATCH } from '../../workflows/patches';
import { RecordMeter } from '../../workflows/record-budget';
import type { Versions } from '../../workflows/versions';
import { actors, openInput } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';

/** A case of `type` past its callback, and the patches a replayed run recorded (every other one: recorded). */
function held(type: CaseType, tier: 'apass_top' | 'apass', without: string[], details = caseDetails(type)) {
  const asked: string[] = [];
  const versions: Versions = {
    has: (id) => {
      asked.push(id);
      return !without.includes(id);
    },
  };
  const input = openInput({ type, details });
  input.member.tier = tier;
  input.policy.headApprovalAbove = 100_000;
  const state = openCase(input, Date.now());
  const engine = new CaseEngine(state, caseTypeModule(type), versions);
  actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
  asked.length = 0;
  const c = { engine, meter: new RecordMeter(state), applied: new AppliedRequests(state), versions };
  return { c, asked, engine };
}

const newHeadsGift = {
  actor: { id: 'head-new', role: 'head' },
  kind: 'goodwill_gift',
  amount: { amount: 100_001, currency: 'CNY' },
  reason: 'a gift',
} as unknown as Acting;

test("a head's held proposal above the ceiling: refused today, taken as it ran before the rule", () => {
  const old = held('concierge', 'apass_top', [HEAD_PROPOSALS_BY_ROLE_PATCH]);
  expect(() => checkHeldAction('compensations', newHeadsGift, old.c)).not.toThrow();
  expect(old.asked).toContain(HEAD_PROPOSALS_BY_ROLE_PATCH);
  const today = held('concierge', 'apass_top', []);
  expect(() => checkHeldAction('compensations', newHeadsGift, today.c)).toThrow(/never their own proposal/);
  const validator = held('concierge', 'apass_top', [HEAD_PROPOSALS_BY_ROLE_PATCH]);
  expect(() => actionHandler('compensations').check(validator.engine, newHeadsGift)).toThrow(
    /never their own proposal/,
  );
  expect(validator.asked).toEqual([]);
});

/** A resolved dispute still asking the merchant for a remedy, with an advance refund awaiting its pay-back. */
function resolvedWithAdvance(without: string[]) {
  const h = held('dispute', 'apass', without);
  const v = h.engine.view;
  v.compensations.push({
    id: 'c1',
    kind: 'advance_refund',
    amount: { amount: 10_000, currency: 'CNY' },
    status: 'executed',
    recovery: { status: 'awaiting_merchant', amount: { amount: 0, currency: 'CNY' } },
  } as CompensationView);
  v.status = 'resolved';
  h.asked.length = 0;
  return h;
}

const payBack = { actor: actors.xinyao, party: 'merchant', outcome: 'accepted' } as unknown as Acting;

test("a merchant's held answer on a resolved case about its advance: taken today, refused as it ran before", () => {
  const old = resolvedWithAdvance([RESOLVED_CASE_ANSWERS_RECOVERY_PATCH]);
  expect(() => checkHeldAction('third-party-response', payBack, old.c)).toThrow(/is resolved/);
  expect(old.asked).toContain(RESOLVED_CASE_ANSWERS_RECOVERY_PATCH);
  const today = resolvedWithAdvance([]);
  expect(() => checkHeldAction('third-party-response', payBack, today.c)).not.toThrow();
  const validator = resolvedWithAdvance([RESOLVED_CASE_ANSWERS_RECOVERY_PATCH]);
  expect(() => actionHandler('third-party-response').check(validator.engine, payBack)).not.toThrow();
  expect(validator.asked).toEqual([]);
});

const TRIP = { bookingId: 'tour-9', merchantId: 'travel-4', price: { amount: 500_000, currency: 'CNY' } };
const visaDeparting = (inMs: number) =>
  caseDetails('visa_help', { trip: TRIP, departureDate: new Date(Date.now() + inMs).toISOString() });
const resolve = { actor: actors.xinyao, code: 'filed', summary: 'filed' } as unknown as Acting;

test('a visa case with a trip is resolved only once the decision deadline has passed, if the consulate is awaited', () => {
  const deciding = held('visa_help', 'apass', [], visaDeparting(10 * 24 * 3_600_000));
  expect(() => actionHandler('resolve').check(deciding.engine, resolve)).toThrow(
    /the consulate's decision is awaited/,
  );
  // reopened after its window was set aside: nothing will act any more, so resolving is the way on
  const past = held('visa_help', 'apass', [], visaDeparting(3_600_000));
  expect(() => actionHandler('resolve').check(past.engine, resolve)).not.toThrow();
});
