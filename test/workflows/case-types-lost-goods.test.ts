/**
 * DOMAIN.md, case type `lost_goods`: after the callback the carrier traces the parcel within the trace window
 * (29 h in this odd policy); found -> deliver; lost, or no answer in time -> reship, substitute or refund; members
 * with good credit need no proof of non-receipt, others are asked for it.
 */
import type { Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../codec';
import { payloadConverter } from '../../codec/sealed-payload-converter';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';
import { journalDigest } from '../../activities/adapters/dev-edges';
import type { Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy({ carrierTraceWindow: '29h' }); // resolution commitment 31h: no breach inside the window

const suite = timeSkippingSuite();

async function openLost(ctx: WorkerContext, member: Partial<Member> = {}): Promise<CaseHandle> {
  const h = await ctx.open({
    type: 'lost_goods',
    member,
    policy,
    details: {
      orderId: 'o-8080',
      merchantId: 'shop-2',
      price: cny(45_600),
      carrier: 'sf-express',
      trackingNo: 'SF1234567',
      neededBy: '2026-12-31T18:00:00.000Z',
    },
  });
  const v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  expect(v.status).toBe('waiting_on_third_party');
  await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the trace request');
  return h;
}

const carrier = (h: CaseHandle, outcome: 'found' | 'lost') =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'carrier', outcome }],
  });

test('callback: the carrier is asked to trace; found -> back in progress, deliver (no compensation)', () =>
  withWorker(suite.env, { name: 'lost-found' }, async (ctx) => {
    const h = await openLost(ctx);
    expect(await ctx.edges.journals.carrier.calls()).toEqual([
      expect.objectContaining({
        operation: 'requestTrace',
        key: `${h.workflowId}/carrier-trace`,
        orderId: 'o-8080',
        carrier: 'sf-express',
        // as the dev journal keeps it: a digest (the number leads to the member's address)
        trackingNo: journalDigest('SF1234567'),
      }),
    ]);
    // The trace's summary in the Temporal UI names the order, not the carrier or the tracking number.
    const scheduled = ((await h.fetchHistory()).events ?? []).find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'requestCarrierTrace',
    );
    const [sealed] = await new EncryptionCodec(TEST_PAYLOAD_KEYS).decode([
      scheduled?.userMetadata?.summary as Payload,
    ]);
    expect(payloadConverter.fromPayload(sealed!)).toBe('ask the carrier to trace order o-8080');
    let v = await h.query(m.caseViewQuery);
    expect(texts(v, 'waiting')).toEqual([
      'trace requested for order o-8080; waiting on the carrier up to 29h',
    ]);
    v = await carrier(h, 'found');
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'parcel_found')).toEqual([
      'the carrier found the parcel: deliver it (needed by 2026-12-31T18:00:00.000Z; if it cannot arrive in time, buy a substitute)',
    ]);
    await suite.env.sleep('30h');
    v = await h.query(m.caseViewQuery);
    expect(entriesOf(v, 'parcel_lost')).toEqual([]);
    expect(v.compensations).toEqual([]);
  }));

test('lost -> reship, substitute or refund; good credit needs no proof; a reship then executes', () =>
  withWorker(suite.env, { name: 'lost-lost' }, async (ctx) => {
    const h = await openLost(ctx);
    let v = await carrier(h, 'lost');
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'parcel_lost')).toEqual([
      'the carrier reports the parcel lost: reship, buy a substitute or refund the price; good credit: no proof of non-receipt needed',
    ]);
    v = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'reship', amount: cny(4_321), reason: 'bow tie for the gala' }],
    });
    expect(v.compensations[0]).toMatchObject({ kind: 'reship', status: 'executed' });
    expect((await ctx.edges.journals.carrier.calls()).map((c) => c.operation)).toEqual([
      'requestTrace',
      'ship',
    ]);
    expect(v.ledger.entries).toEqual([
      expect.objectContaining({ payee: 'merchant:shop-2', amount: cny(4_321) }),
    ]);
    // The compensation and its timeline name the payee the ledger paid.
    expect(v.compensations[0]?.payee).toBe('merchant:shop-2');
    expect(texts(v, 'compensation_executed')).toEqual(['c1: reship of 43.21 CNY paid to merchant:shop-2']);
  }));

test('no trace result within the 29 h window, good credit -> declared lost, no proof needed', () =>
  withWorker(suite.env, { name: 'lost-silent-good' }, async (ctx) => {
    const h = await openLost(ctx);
    await suite.env.sleep('28h');
    let v = await h.query(m.caseViewQuery);
    expect(v.status).toBe('waiting_on_third_party');
    expect(entriesOf(v, 'parcel_lost')).toEqual([]);
    await suite.env.sleep('70m');
    v = await h.query(m.caseViewQuery);
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'parcel_lost')).toEqual([
      'no trace result within 29h: reship, buy a substitute or refund the price; good credit: no proof of non-receipt needed',
    ]);
    const lostAt = Date.parse(entriesOf(v, 'parcel_lost')[0]!.at);
    const askedAt = Date.parse(entriesOf(v, 'waiting')[0]!.at);
    expect(lostAt - askedAt).toBeGreaterThanOrEqual(29 * 3_600_000);
    expect(lostAt - askedAt).toBeLessThan(29 * 3_600_000 + 60_000);
    // the carrier's late answer is no longer expected
    const late = await rejectionOf(carrier(h, 'found'));
    expect(late.type).toBe('invalid_transition');
  }));

test('no trace result in time, fair credit -> the member is asked for proof of non-receipt', () =>
  withWorker(suite.env, { name: 'lost-silent-fair' }, async (ctx) => {
    const h = await openLost(ctx, { credit: 'fair' });
    await suite.env.sleep('1745m');
    const v = await h.query(m.caseViewQuery);
    expect(texts(v, 'parcel_lost')).toEqual([
      'no trace result within 29h: reship, buy a substitute or refund the price; ask the member for proof of non-receipt before refunding',
    ]);
  }));

test('lost, fair credit -> proof asked too', () =>
  withWorker(suite.env, { name: 'lost-lost-fair' }, async (ctx) => {
    const h = await openLost(ctx, { credit: 'fair' });
    const v = await carrier(h, 'lost');
    expect(texts(v, 'parcel_lost')).toEqual([
      'the carrier reports the parcel lost: reship, buy a substitute or refund the price; ask the member for proof of non-receipt before refunding',
    ]);
  }));
