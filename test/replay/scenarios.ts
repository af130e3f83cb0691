/**
 * Main paths of every case type, driven on the time-skipping server. `npm run record-histories` records their
 * histories as replay fixtures; the replay test runs every fixture against the current workflow code.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseType, Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { eventually } from '../support/eventually';
import { slaScenarios } from './scenarios-sla';

export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
}
/** The runs whose histories a scenario leaves behind. */
export type Runs = { workflowId: string; runId?: string }[];

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
const price = cny(420000);

async function open(
  ctx: ScenarioContext,
  type: CaseType,
  details: Record<string, unknown>,
  member: Partial<Member> = {},
  extra: Partial<m.OpenCaseInput> = {},
) {
  const input = { ...openInput({ type, details, member }), ...extra };
  input.id = `case-replay-${type}-${input.id.split('-').slice(-2).join('-')}`;
  // As the API opens a case (api/temporal/case-start.ts): the start with the `caseReady` update.
  const start = new WithStartWorkflowOperation(m.CASE_WORKFLOW_TYPE, {
    taskQueue: ctx.taskQueue,
    workflowId: input.id,
    args: [{ open: input }],
    workflowIdConflictPolicy: 'FAIL',
  });
  await ctx.env.client.workflow.executeUpdateWithStart(m.caseReadyUpdate, { startWorkflowOperation: start });
  const handle = await start.workflowHandle();
  return Object.assign(handle, { firstExecutionRunId: (await handle.describe()).runId });
}

/** A hold on one edge operation of the race scenario: its calls wait until the scenario releases them. */
interface Hold {
  calls: number;
  release: () => void;
  released: Promise<void>;
}
const holds: Record<string, Hold> = {};
function hold(operation: string): Hold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  holds[operation] = { calls: 0, release, released };
  return holds[operation];
}

/**
 * Faults the recorder injects: the gift shipment of `saga-undo` fails for good; the race scenario holds its
 * remedy request and its payment.
 */
export async function scenarioFaults(operation: string, input: { idempotencyKey: string }): Promise<void> {
  if (operation === 'ship' && input.idempotencyKey.includes('replay-concierge-undo')) {
    throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
  }
  const held = input.idempotencyKey.includes('replay-dispute-race') ? holds[operation] : undefined;
  if (held) {
    held.calls += 1;
    await held.released;
  }
}

/** How `eventually` polls here (wall clock). */
const POLL = { timeoutMs: 30_000, intervalMs: 50 };

/** Every run of a workflow, first to last, following its continue-as-new events. */
async function everyRun(ctx: ScenarioContext, workflowId: string, firstRunId: string): Promise<Runs> {
  const runs: Runs = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    runs.push({ workflowId, runId });
    const history = await ctx.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

export const scenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'concierge-full-lifecycle'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'recover the wedding photos' });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao, note: 'reached Lily' }] });
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'photo lab found' }] });
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'member', reason: 'needs the SD card' }],
    });
    await ctx.env.sleep('2h');
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'card sent' }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(30000), reason: 'silk scarf' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'photos recovered' }],
    });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 5 }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'escalation-ladder-and-cancel'(ctx) {
    // opened as the API opens with a webhook: it told the manager before the start (api/cases/assigned-notice.ts)
    const h = await open(
      ctx,
      'concierge',
      { request: 'flat tyre on a road trip' },
      {},
      { assignedNoticeSent: true },
    );
    await ctx.env.sleep('7m');
    await h.executeUpdate(m.escalateUpdate, {
      args: [{ actor: actors.app, reason: 'member asks for the head' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member fixed it' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-silent-merchant-recovered'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-77',
      merchantId: 'shop-9',
      price,
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('49h');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.zheng, party: 'merchant', outcome: 'accepted', note: 'pays back' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.zheng, code: 'refunded', summary: 'advance refund' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'lost-goods-reship'(ctx) {
    const h = await open(ctx, 'lost_goods', {
      orderId: 'o-88',
      merchantId: 'shop-2',
      price: cny(90000),
      carrier: 'sf',
      trackingNo: 'SF1',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'carrier', outcome: 'lost' }],
    });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'reship', amount: cny(5000), reason: 'bow tie for the gala' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'reshipped', summary: 'arrived' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'visa-denied-opens-trip-cancellation'(ctx) {
    const departure = new Date((await ctx.env.currentTimeMs()) + 9 * 86_400_000).toISOString();
    const h = await open(ctx, 'visa_help', {
      destination: 'FR',
      travelers: [{ name: 'Mother', relation: 'mother' }],
      departureDate: departure,
      visaStatus: 'administrative_review',
      trip: { bookingId: 'b-1', merchantId: 'tour-1', price: cny(2000000) },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });
    const trip = ctx.env.client.workflow.getHandle(`${h.workflowId}-trip`);
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'visa_denied', summary: 'trip protected' }],
    });
    await trip.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member rebooked' }] });
    await h.result();
    return [{ workflowId: h.workflowId }, { workflowId: trip.workflowId }];
  },

  async 'visa-granted'(ctx) {
    const h = await open(ctx, 'visa_help', {
      destination: 'JP',
      travelers: [{ name: 'Lily', relation: 'self' }],
      departureDate: new Date((await ctx.env.currentTimeMs()) + 20 * 86_400_000).toISOString(),
      visaStatus: 'pending',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'approved' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'travel-cancellation-penalty-approved'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'honeymoon-1',
      merchantId: 'resort-7',
      price: cny(6000000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 5 * 86_400_000).toISOString(),
      penalty: cny(2000000),
      reason: 'wedding postponed',
      additionalBookings: [{ bookingId: 'flight-1', merchantId: 'air-3', price: cny(1500000) }],
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    const view = await h.query(m.caseViewQuery);
    const penalty = view.compensations.find((c) => c.kind === 'penalty_cover');
    if (!penalty) throw new Error('no penalty cover proposed');
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: penalty.id }],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'all refunded' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'approval-timeout-then-rejected'(ctx) {
    const h = await open(
      ctx,
      'dispute',
      { orderId: 'o-9', merchantId: 'shop-1', price: cny(900000), issue: 'damaged' },
      { tier: 'super' },
    );
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(400000), reason: 'broken vase' }],
    });
    await ctx.env.sleep('31m');
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'repair first' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'saga-undo'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-undo-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-merchant-accepts-remedy'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-78',
      merchantId: 'shop-9',
      price,
      issue: 'not_as_described',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted', note: 'sends the chain' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'remedy_delivered', summary: 'chain arrived' }],
    });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 4 }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'lost-goods-found'(ctx) {
    const h = await open(ctx, 'lost_goods', {
      orderId: 'o-89',
      merchantId: 'shop-2',
      price: cny(90000),
      carrier: 'sf',
      trackingNo: 'SF2',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'carrier', outcome: 'found' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'delivered', summary: 'parcel delivered' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'travel-cancellation-merchant-refused'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'safari-2',
      merchantId: 'lodge-4',
      price: cny(3000000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 4 * 86_400_000).toISOString(),
      reason: 'illness',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    // the advance refund of the price passes the instant-refund limit: a supervisor approves it
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'advanced; merchant to pay back' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  /** A pending approval and the resolution commitment carried into the next run, where they fall due. */
  async 'continue-as-new-timers'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'timers' }, {}, { historyEventsPerRun: 40 });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(250000), reason: 'new camera' }],
    });
    const firstRunId = h.firstExecutionRunId;
    for (let i = 0; (await h.describe()).runId === firstRunId && i < 30; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    await ctx.env.sleep('31m');
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await ctx.env.sleep('25h');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.zheng, code: 'done', summary: 'camera delivered' }],
    });
    await ctx.env.client.workflow.getHandle(h.workflowId).result();
    return everyRun(ctx, h.workflowId, firstRunId);
  },

  /**
   * A proposal made while the run waits for an activity before continuing as new. Before
   * `continue-as-new-when-idle`, the run continued as new as soon as that activity finished: the proposal's
   * update was lost and its saga cut off (recorded so, in `v2-continue-as-new-race`).
   */
  async 'continue-as-new-proposal-in-flight'(ctx) {
    const remedy = hold('requestRemedy');
    const pay = hold('pay');
    const input = openInput({
      type: 'dispute',
      details: { orderId: 'o-79', merchantId: 'shop-9', price, issue: 'damaged' },
    });
    input.id = `case-replay-dispute-race-${input.id.split('-').pop()}`;
    input.historyEventsPerRun = 40;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (let i = 0; (await h.describe()).historyLength <= 40; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'one more' }] });
    const proposal = h
      .executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(5000), reason: 'flowers' }],
      })
      .catch(() => undefined);
    await eventually('the payment to start', () => pay.calls > 0, POLL);
    remedy.release();
    await eventually(
      'the remedy request to be recorded',
      async () => (await h.query(m.caseViewQuery)).timeline.some((e) => e.kind === 'edge_done'),
      POLL,
    );
    pay.release();
    await proposal;
    await eventually(
      'a continue-as-new',
      async () => (await h.describe()).runId !== h.firstExecutionRunId,
      POLL,
    );
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await ctx.env.client.workflow.getHandle(h.workflowId).result();
    return everyRun(ctx, h.workflowId, h.firstExecutionRunId);
  },

  async 'continue-as-new'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'many notes' }, {}, { historyEventsPerRun: 60 });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (let i = 0; i < 20; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    const firstRunId = h.firstExecutionRunId;
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'done' }],
    });
    await ctx.env.client.workflow.getHandle(h.workflowId).result();
    return [{ workflowId: h.workflowId, runId: firstRunId }, { workflowId: h.workflowId }];
  },
  ...slaScenarios,
};
