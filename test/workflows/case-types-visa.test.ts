/**
 * DOMAIN.md, case type `visa_help`: a credit endorsement goes to the consulate, which has until departure minus
 * the decision buffer (53 h in this odd policy) to decide. approved -> resolved `visa_granted`; denied or no
 * answer by the deadline -> a linked travel_cancellation case `<id>-trip` (same member and manager), both cases
 * listing each other in `linkedCases`. Departure dates are on the test server's clock.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { journalDigest } from '../../activities/adapters/dev-edges';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';
import { eventually } from '../support/eventually';

const policy = oddPolicy({ decisionBuffer: '53h' });
const BUFFER = 53 * 3_600_000;
const TRIP = { bookingId: 'tour-99', merchantId: 'travel-4', price: cny(2_345_600) };

const suite = timeSkippingSuite();

async function openVisa(
  ctx: WorkerContext,
  departureInMs: number,
  withTrip = true,
): Promise<{ h: CaseHandle; departure: number }> {
  const now = await suite.env.currentTimeMs();
  const departureDate = new Date(now + departureInMs).toISOString();
  const h = await ctx.open({
    type: 'visa_help',
    policy,
    details: {
      destination: 'France',
      travelers: [{ name: 'Mother', relation: 'mother' }],
      departureDate,
      visaStatus: 'administrative_review',
      ...(withTrip ? { trip: TRIP } : {}),
    },
  });
  const v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  // the departure is where we meant it on the case's own clock
  expect(Math.abs(Date.parse(departureDate) - Date.parse(v.openedAt) - departureInMs)).toBeLessThan(5_000);
  expect(v.status).toBe('waiting_on_third_party');
  await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the endorsement');
  return { h, departure: Date.parse(departureDate) };
}

const consulate = (h: CaseHandle, outcome: 'approved' | 'denied', note?: string) =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'consulate', outcome, note }],
  });

/** The linked trip case: running on the same task queue, same member and manager, pointing back at the visa case. */
async function expectLinkedTrip(
  ctx: WorkerContext,
  h: CaseHandle,
  departure: number,
  reason: string,
): Promise<CaseView> {
  const tripId = `${h.workflowId}-trip`;
  const trip = suite.env.client.workflow.getHandle(tripId);
  await eventually(`the linked case ${tripId}`, () =>
    trip.describe().then(
      () => true,
      () => false,
    ),
  );
  const described = await trip.describe();
  expect(described.status.name).toBe('RUNNING');
  expect(described.type).toBe('caseWorkflow');
  expect(described.taskQueue).toBe(ctx.taskQueue);

  const visa = await h.query(m.caseViewQuery);
  const tv = await trip.query(m.caseViewQuery);
  expect(tv).toMatchObject({
    id: tripId,
    type: 'travel_cancellation',
    status: 'awaiting_callback',
    // the platform opened the visa case: its principal opens the trip case too
    openedBy: visa.openedBy,
    member: visa.member,
    manager: { id: 'mgr-xinyao', alias: 'Xinyao', role: 'manager' },
    assignee: { id: 'mgr-xinyao', alias: 'Xinyao', role: 'manager' },
    escalationLevel: 0,
    linkedCases: [{ id: h.workflowId, type: 'visa_help', relation: 'opened_from' }],
    details: { ...TRIP, departureDate: new Date(departure).toISOString(), reason },
  });
  expect(visa.manager).toEqual(tv.manager);
  expect(visa.linkedCases).toEqual([
    { id: tripId, type: 'travel_cancellation', relation: 'trip_cancellation' },
  ]);
  expect(texts(visa, 'linked_case_opened')).toEqual([`opened linked travel_cancellation case ${tripId}`]);
  // the trip case carries the visa case's policy (odd callback SLA of 7m)
  expect(Date.parse(tv.sla.callback.dueAt!) - Date.parse(tv.openedAt)).toBe(7 * 60_000);
  return tv;
}

test('callback sends the endorsement; consulate approved -> resolved at once with code visa_granted', () =>
  withWorker(suite.env, { name: 'visa-approved' }, async (ctx) => {
    const { h, departure } = await openVisa(ctx, 9 * 24 * HOUR + 5 * HOUR);
    expect(await ctx.edges.journals.consulate.calls()).toEqual([
      expect.objectContaining({
        operation: 'submitEndorsement',
        key: `${h.workflowId}/endorsement`,
        memberId: 'm-1041',
        // the travellers and their destination the consulate was sent, as the dev journal keeps them (digests)
        destination: journalDigest('France'),
        travelers: journalDigest([{ name: 'Mother', relation: 'mother' }]),
      }),
    ]);
    let v = await h.query(m.caseViewQuery);
    expect(texts(v, 'waiting')).toEqual([
      `credit endorsement prepared for the consulate; waiting for its decision until ${new Date(departure - BUFFER).toISOString()} (departure minus 53h)`,
    ]);
    v = await consulate(h, 'approved', 'visa issued');
    expect(v.status).toBe('resolved');
    expect(v.resolution).toMatchObject({
      code: 'visa_granted',
      summary: 'the consulate granted the visa: visa issued',
      resolvedBy: 'mgr-xinyao',
    });
    expect(Date.parse(v.followUpEndsAt!) - Date.parse(v.resolution!.resolvedAt)).toBe(5 * 24 * HOUR);
    expect(v.linkedCases).toEqual([]);
  }));

test('consulate denied -> a linked travel_cancellation case <id>-trip, both cases linked', () =>
  withWorker(suite.env, { name: 'visa-denied' }, async (ctx) => {
    const { h, departure } = await openVisa(ctx, 9 * 24 * HOUR + 5 * HOUR);
    const v = await consulate(h, 'denied');
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'trip_at_risk')).toEqual([
      "the consulate denied the visa; opening a travel cancellation to protect the member's money",
    ]);
    await expectLinkedTrip(ctx, h, departure, 'the consulate denied the visa');
  }));

test('no consulate answer by departure minus 53 h -> the trip case is opened at the deadline', () =>
  withWorker(suite.env, { name: 'visa-deadline' }, async (ctx) => {
    const departureIn = 171 * HOUR + 17 * 60_000; // 7d 3h 17m
    const { h, departure } = await openVisa(ctx, departureIn);
    const deadline = departure - BUFFER; // 118h 17m after opening
    await suite.env.sleep('118h');
    let v = await h.query(m.caseViewQuery);
    expect(v.linkedCases).toEqual([]);
    expect(entriesOf(v, 'trip_at_risk')).toEqual([]);
    await expect(
      suite.env.client.workflow.getHandle(`${h.workflowId}-trip`).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    await suite.env.sleep('20m'); // 3 minutes past the deadline: within the new trip case's 7 m callback SLA
    v = await h.query(m.caseViewQuery);
    expect(texts(v, 'trip_at_risk')).toEqual([
      "no consulate decision by the deadline; opening a travel cancellation to protect the member's money",
    ]);
    const at = Date.parse(entriesOf(v, 'trip_at_risk')[0]!.at);
    expect(at).toBeGreaterThanOrEqual(deadline);
    expect(at).toBeLessThan(deadline + 60_000);
    const trip = await expectLinkedTrip(ctx, h, departure, 'no consulate decision by the deadline');
    expect(Date.parse(trip.openedAt)).toBeGreaterThanOrEqual(deadline);
    // the consulate's late answer is no longer awaited (asked by the head: the case has climbed meanwhile)
    expect(v.escalationLevel).toBe(3); // 118 h of a 31 h resolution commitment
    const late = h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.dai, party: 'consulate', outcome: 'approved' }],
    });
    expect((await rejectionOf(late)).type).toBe('invalid_transition');
  }));

test('denied without a booked trip -> no linked case, the timeline says so', () =>
  withWorker(suite.env, { name: 'visa-no-trip' }, async (ctx) => {
    const { h } = await openVisa(ctx, 9 * 24 * HOUR + 5 * HOUR, false);
    let v: CaseView = await consulate(h, 'denied');
    expect(texts(v, 'trip_at_risk')).toEqual([
      'the consulate denied the visa; no booked trip on record to protect',
    ]);
    await suite.env.sleep('1m');
    v = await h.query(m.caseViewQuery);
    expect(v.linkedCases).toEqual([]);
    expect(entriesOf(v, 'linked_case_opened')).toEqual([]);
    await expect(
      suite.env.client.workflow.getHandle(`${h.workflowId}-trip`).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }));

test('the deadline passes before the callback: the trip is protected, and the callback sends no endorsement', () =>
  withWorker(suite.env, { name: 'visa-late-callback' }, async (ctx) => {
    const departureIn = BUFFER + 3 * 60_000; // the consulate's deadline falls 3 minutes after opening
    const now = await suite.env.currentTimeMs();
    const departure = now + departureIn;
    const h = await ctx.open({
      type: 'visa_help',
      policy,
      details: {
        destination: 'France',
        travelers: [{ name: 'Mother', relation: 'mother' }],
        departureDate: new Date(departure).toISOString(),
        visaStatus: 'administrative_review',
        trip: TRIP,
      },
    });
    await suite.env.sleep('5m'); // past the deadline, within the 7 m callback SLA
    await expectLinkedTrip(ctx, h, departure, 'no consulate decision by the deadline');

    const v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'endorsement_skipped')).toEqual([
      `no credit endorsement sent: the consulate's decision deadline (${new Date(departure - BUFFER).toISOString()}) passed before the callback and the trip is being cancelled in ${h.workflowId}-trip`,
    ]);
    expect(texts(v, 'waiting')).toEqual([]);
    await suite.env.sleep('1m');
    expect(await ctx.edges.journals.consulate.calls()).toEqual([]);
    // nothing waits for the consulate: its answer is refused, and the case is the manager's to resolve
    const late = consulate(h, 'approved');
    expect((await rejectionOf(late)).type).toBe('invalid_transition');
    expect((await h.query(m.caseViewQuery)).status).toBe('in_progress');
  }));

test('a visa case with a booked trip is not resolved while the consulate decides: resolved, the deadline would protect nothing', () =>
  withWorker(suite.env, { name: 'visa-resolve-awaiting' }, async (ctx) => {
    const { h, departure } = await openVisa(ctx, 9 * 24 * HOUR);
    const refused = await rejectionOf(
      h.executeUpdate(m.resolveUpdate, { args: [{ actor: actors.xinyao, code: 'filed', summary: 'filed' }] }),
      'invalid_transition',
    );
    expect(refused.message).toContain(
      `the consulate's decision is awaited until ${new Date(departure - BUFFER).toISOString()}`,
    );
    // the decision deadline still opens the trip's cancellation
    await suite.env.sleep(departure - BUFFER - (await suite.env.currentTimeMs()) + 60_000);
    await expectLinkedTrip(ctx, h, departure, 'no consulate decision by the deadline');
  }));
