/**
 * API.md, `third-party-response`: a party answers only with its own outcomes (merchant accepted|refused, carrier
 * found|lost, consulate approved|denied) -> else `validation_failed`; an answer nobody waits for ->
 * `invalid_transition`. The free-form `concierge` type never waits on a third party. A rejected answer changes
 * nothing.
 */
import type { Actor, CaseType, ThirdParty, ThirdPartyOutcome } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { entriesOf, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy();

const suite = timeSkippingSuite();

const details: Record<CaseType, () => Promise<Record<string, unknown>>> = {
  concierge: async () => ({ request: 'recover the wedding photos' }),
  dispute: async () => ({
    orderId: 'o-5',
    merchantId: 'shop-5',
    price: cny(55_555),
    issue: 'refused_repair',
  }),
  lost_goods: async () => ({ orderId: 'o-6', merchantId: 'shop-6', price: cny(66_666) }),
  visa_help: async () => ({
    destination: 'Japan',
    travelers: [{ name: 'Lily', relation: 'self' }],
    departureDate: new Date((await suite.env.currentTimeMs()) + 12 * 86_400_000).toISOString(),
    visaStatus: 'pending',
  }),
  travel_cancellation: async () => ({
    bookingId: 'b-7',
    merchantId: 'hotel-7',
    price: cny(77_777),
    departureDate: new Date((await suite.env.currentTimeMs()) + 12 * 86_400_000).toISOString(),
  }),
};

async function open(ctx: WorkerContext, type: CaseType, callback = true): Promise<CaseHandle> {
  const h = await ctx.open({ type, policy, details: await details[type]() });
  if (callback) {
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    if (type === 'dispute' || type === 'lost_goods' || type === 'visa_help') {
      // the request to the third party runs in the background: let it land before comparing views
      await waitForView(h, (v) => v.timeline.some((t) => t.kind === 'edge_done'), 'the third-party request');
    }
  }
  return h;
}

function answer(h: CaseHandle, party: ThirdParty, outcome: ThirdPartyOutcome, actor: Actor = actors.xinyao) {
  return h.executeUpdate(m.thirdPartyResponseUpdate, { args: [{ actor, party, outcome }] });
}

/** Expects the answer to be refused with `type` and the case to be exactly as before. */
async function refused(
  h: CaseHandle,
  party: ThirdParty,
  outcome: ThirdPartyOutcome,
  type: string,
  actor?: Actor,
) {
  const before = await h.query(m.caseViewQuery);
  const r = await rejectionOf(answer(h, party, outcome, actor));
  expect({ party, outcome, type: r.type }).toEqual({ party, outcome, type });
  const after = await h.query(m.caseViewQuery);
  expect(after.timeline).toEqual(before.timeline);
  expect(after.status).toBe(before.status);
  return r;
}

const WRONG: [ThirdParty, ThirdPartyOutcome][] = [
  ['merchant', 'found'],
  ['merchant', 'approved'],
  ['carrier', 'accepted'],
  ['carrier', 'denied'],
  ['consulate', 'refused'],
  ['consulate', 'lost'],
];

test("a party answering with another party's outcome -> validation_failed, even while that party is awaited", () =>
  withWorker(suite.env, { name: 'resp-wrong' }, async (ctx) => {
    const dispute = await open(ctx, 'dispute'); // waits on the merchant
    for (const [party, outcome] of WRONG) await refused(dispute, party, outcome, 'validation_failed');
    const message = (await refused(dispute, 'merchant', 'found', 'validation_failed')).message;
    expect(message).toBe('a merchant answers accepted or refused, not found');
    // the awaited answer still goes through afterwards
    expect((await answer(dispute, 'merchant', 'accepted')).status).toBe('in_progress');

    const concierge = await open(ctx, 'concierge');
    for (const [party, outcome] of WRONG) await refused(concierge, party, outcome, 'validation_failed');
  }));

test('concierge: no third party is ever awaited -> invalid_transition, before and after the callback', () =>
  withWorker(suite.env, { name: 'resp-concierge' }, async (ctx) => {
    const h = await open(ctx, 'concierge', false);
    await refused(h, 'merchant', 'accepted', 'invalid_transition');
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await refused(h, 'merchant', 'accepted', 'invalid_transition');
    await refused(h, 'merchant', 'refused', 'invalid_transition');
    await refused(h, 'carrier', 'found', 'invalid_transition');
    await refused(h, 'consulate', 'approved', 'invalid_transition');
    // even when the manager has put the case on a third-party wait by hand
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'third_party', reason: 'photo lab' }],
    });
    const r = await refused(h, 'carrier', 'lost', 'invalid_transition');
    expect(r.message).toBe('no carrier response is expected on this concierge case now');
  }));

test('answers nobody waits for, on the other types -> invalid_transition', () =>
  withWorker(suite.env, { name: 'resp-nobody' }, async (ctx) => {
    // before the callback nothing has been asked
    const early = await open(ctx, 'dispute', false);
    await refused(early, 'merchant', 'accepted', 'invalid_transition');

    // a dispute waits on the merchant only
    const dispute = await open(ctx, 'dispute');
    await refused(dispute, 'carrier', 'found', 'invalid_transition');
    await refused(dispute, 'consulate', 'approved', 'invalid_transition');
    await answer(dispute, 'merchant', 'accepted');
    await refused(dispute, 'merchant', 'refused', 'invalid_transition'); // answered, and nothing to recover

    // lost goods wait on the carrier only
    const lost = await open(ctx, 'lost_goods');
    await refused(lost, 'merchant', 'accepted', 'invalid_transition');
    await refused(lost, 'consulate', 'denied', 'invalid_transition');
    await answer(lost, 'carrier', 'found');
    await refused(lost, 'carrier', 'lost', 'invalid_transition');

    // a visa case waits on the consulate only; once granted, nobody is awaited
    const visa = await open(ctx, 'visa_help');
    await refused(visa, 'merchant', 'refused', 'invalid_transition');
    expect((await answer(visa, 'consulate', 'approved')).status).toBe('resolved');
    await refused(visa, 'consulate', 'denied', 'invalid_transition');

    // a trip case waits on the merchant only once its settlement was requested
    const trip = await open(ctx, 'travel_cancellation', false);
    await refused(trip, 'merchant', 'accepted', 'invalid_transition');
    await trip.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(trip, (v) => v.status === 'waiting_on_third_party', 'the settlement to be requested');
    await refused(trip, 'carrier', 'found', 'invalid_transition');
    expect((await answer(trip, 'merchant', 'accepted')).status).toBe('in_progress');
    await refused(trip, 'merchant', 'accepted', 'invalid_transition');
  }));

test('only the assignee (or a supervisor or head) records an answer: another manager -> not_found', () =>
  withWorker(suite.env, { name: 'resp-who' }, async (ctx) => {
    const h = await open(ctx, 'dispute');
    // Another manager may not even see the case: answered as an unknown id.
    await refused(h, 'merchant', 'accepted', 'not_found', actors.lin);
    const v = await answer(h, 'merchant', 'accepted', actors.wen);
    expect(entriesOf(v, 'third_party_response').map((e) => [e.actor, e.text])).toEqual([
      ['sup-wen', 'merchant answered: accepted'],
    ]);
  }));

test('concierge follows the common compensation rules: not before the callback, fine while waiting on the member', () =>
  withWorker(suite.env, { name: 'resp-concierge-comp' }, async (ctx) => {
    const h = await open(ctx, 'concierge', false);
    const gift = () =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(12_121), reason: 'flowers' }],
      });
    expect((await rejectionOf(gift())).type).toBe('invalid_transition');
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'member', reason: 'needs the SD card' }],
    });
    const v = await gift();
    expect(v.status).toBe('waiting_on_member');
    expect(v.compensations.map((c) => c.status)).toEqual(['executed']);
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'photos back' }],
    });
    expect((await rejectionOf(gift())).type).toBe('invalid_transition');
  }));
