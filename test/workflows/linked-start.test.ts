/**
 * A case is started as a child only by the case it is linked from: a visa case opens its trip case with an input
 * that names the visa case's run (`openedFrom`), which no other workflow can be. A sealed start input copied from
 * a history and started as the child of a workflow of someone's own (one that has taken the visa case's id once
 * it closed, or any id at all) fails at once with `forbidden`, before any timer, activity or notification; an API
 * opening's input no longer escapes its time window that way.
 */
import path from 'node:path';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { copyingClient, firstPayload, outsiderOf } from '../support/copied-payloads';
import { eventually } from '../support/eventually';
import { cancelled, failureOf } from '../support/refused-starts';
import { oddPolicy } from '../support/odd-policy';
import { testDataConverter } from '../support/temporal';
import { cny, timeSkippingSuite, withWorker, type WorkerContext } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const forgers = { workflowsPath: path.resolve(__dirname, 'forger-workflows.ts') };

/** Starts `childForger` under `parentId` with the copied payload: it starts `<parentId>-trip` as its child. */
async function startedAsChild(
  ctx: WorkerContext,
  parentId: string,
  copied: Parameters<typeof copyingClient>[1],
) {
  const child = suite.env.client.workflow.getHandle(`${parentId}-trip`);
  const { runId: closedRun } = await child.describe();
  await copyingClient(suite.env, copied).workflow.start('childForger', {
    taskQueue: ctx.taskQueue,
    workflowId: parentId,
    args: [{}],
  });
  // the forger's first task starts the child: wait for its new run, not the closed one before it
  await eventually('the forged child', async () => (await child.describe()).runId !== closedRun);
  return suite.env.client.workflow.getHandle(child.workflowId, (await child.describe()).runId);
}

/** A visa case denied by the consulate, and the trip case it opened to protect the member's booking. */
async function visaWithItsTrip(ctx: WorkerContext) {
  const departureDate = new Date((await suite.env.currentTimeMs()) + 9 * 24 * HOUR).toISOString();
  const visa = await ctx.open({
    type: 'visa_help',
    policy: oddPolicy({ decisionBuffer: '53h' }),
    details: {
      destination: 'France',
      travelers: [{ name: 'Mother', relation: 'mother' }],
      departureDate,
      visaStatus: 'administrative_review',
      trip: { bookingId: 'tour-99', merchantId: 'travel-4', price: cny(2_345_600) },
    },
  });
  await visa.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await waitForView(visa, (v) => v.timeline.some((t) => t.kind === 'edge_done'), 'the endorsement');
  await visa.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
  });
  const trip = suite.env.client.workflow.getHandle(`${visa.workflowId}-trip`);
  await eventually('the linked trip case', () =>
    trip.describe().then(
      () => true,
      () => false,
    ),
  );
  const { status } = await trip.describe();
  expect(status.name).toBe('RUNNING');
  return { visa, trip };
}

test("a trip case's start input, started again by a workflow that took its visa case's id, is refused", () =>
  withWorker(suite.env, forgers, async (ctx) => {
    const { visa, trip } = await visaWithItsTrip(ctx);
    const copied = await firstPayload(trip, 'start');
    await cancelled(trip);
    await cancelled(visa);

    const again = await startedAsChild(ctx, visa.workflowId, copied);
    const failure = await failureOf(again);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain(`opened by the run of ${visa.workflowId} that linked it`);
  }));

test("an API opening's input, started again an hour later as another workflow's child, is refused", () =>
  withWorker(suite.env, forgers, async (ctx) => {
    const parentId = `forger-${Date.now().toString(36)}`;
    const opening = { ...openInput(), id: `${parentId}-trip`, requestedAt: await suite.env.currentTimeMs() };
    const h = await ctx.start(opening);
    await cancelled(h);
    const copied = await firstPayload(h, 'start');
    await suite.env.sleep(HOUR);

    const again = await startedAsChild(ctx, parentId, copied);
    const failure = await failureOf(again);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('started as a child only by the case it is linked from');
  }));

test("a trip case's input from before inputs named their opener, started by a workflow under its visa case's id, is refused", () =>
  withWorker(suite.env, forgers, async (ctx) => {
    const visaId = `case-visa-${Date.now().toString(36)}`;
    // as a visa case opened its trip case before this release: no opener named, no time of acceptance
    const legacyTrip = {
      ...openInput({ type: 'travel_cancellation' }),
      id: `${visaId}-trip`,
      linkedCases: [{ id: visaId, type: 'visa_help' as const, relation: 'opened_from' }],
    };
    expect(legacyTrip).not.toHaveProperty('openedFrom');
    expect(legacyTrip).not.toHaveProperty('requestedAt');
    // the sealed input (here sealed anew; in life copied from the trip case's history) handed to the forger
    await outsiderOf(suite.env, testDataConverter).workflow.start('childForger', {
      taskQueue: ctx.taskQueue,
      workflowId: visaId,
      args: [{ open: legacyTrip }],
    });
    const child = suite.env.client.workflow.getHandle(legacyTrip.id);
    await eventually(
      'the forged child',
      async () => (await child.describe()).parentExecution?.workflowId === visaId,
    );
    const failure = await failureOf(child);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('started as a child only by the case it is linked from');
  }));
