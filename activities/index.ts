/**
 * Activities of the case workflow, built by a factory so tests pass their own edges.
 * Every one is safe to run twice: each edge call carries an idempotency key derived from the case and step.
 * Each logs through the activity logger with the case id (the workflow id) and records the case metrics.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Edges, Keyed, Receipt } from './adapters/edges';
import { createCalendarActivities } from './calendar';
import type { Notifier, OwnerNotification } from './adapters/notifier';
import { recordCompensationPaid } from './case-metrics';
import { recordSlaBreach } from '../workflows/case-metrics';
import type { SlaClockName } from '../workflows/notices';
import type { Money } from '../workflows/domain';
import type { EdgeActivities, EdgeOperation } from './types';
import { EDGE_NEVER_GOT_IT } from '../workflows/edge-calls';

export type { EdgeActivities, EdgeInputs, EdgeOperation } from './types';

export interface ActivityDeps {
  notifier: Notifier;
  edges: Edges;
}

/** Runs an edge call; the workflow gets the reference only (whether the edge replayed is the activity's business). */
function edgeActivity<I extends Keyed>(
  name: string,
  call: (input: I) => Promise<Receipt>,
  onActed?: (input: I) => void,
): (input: I) => Promise<{ reference: string }> {
  return async (input) => {
    const { reference, replayed } = await call(input);
    const ctx = Context.current();
    ctx.log.info(`${name} ${replayed ? 'already done' : 'done'}`, {
      caseId: ctx.info.workflowExecution?.workflowId,
      idempotencyKey: input.idempotencyKey,
      reference,
    });
    if (!replayed) onActed?.(input);
    return { reference };
  };
}

export function createActivities({ notifier, edges }: ActivityDeps) {
  return {
    ...createCalendarActivities(),
    ...ownerActivities(notifier),
    ...edgeActivities(edges),
    lookUpEdgeCall: lookUpEdgeCall(edges),
  };
}

/** The edge each edge activity calls. */
const EDGE_OF: Record<EdgeOperation, keyof Edges> = {
  pay: 'payments',
  reversePayment: 'payments',
  collectFromMerchant: 'payments',
  requestMerchantRemedy: 'merchants',
  cancelBooking: 'merchants',
  reinstateBooking: 'merchants',
  requestMerchantRefund: 'merchants',
  withdrawMerchantRefund: 'merchants',
  requestCarrierTrace: 'carrier',
  shipToMember: 'carrier',
  cancelShipment: 'carrier',
  submitConsulateEndorsement: 'consulate',
};

/**
 * Whether the edge acted on the call of `operation` under the key, without acting (adapters/edges.ts, `lookup`):
 * its receipt, or a refusal (non-retryable) when it holds no such call: it never got it, so it did not act.
 */
function lookUpEdgeCall(edges: Edges) {
  return async ({ operation, idempotencyKey }: { operation: EdgeOperation; idempotencyKey: string }) => {
    const receipt = await edges[EDGE_OF[operation]].lookup({ idempotencyKey });
    const ctx = Context.current();
    const caseId = ctx.info.workflowExecution?.workflowId;
    ctx.log.info(`${operation} looked up: ${receipt ? 'done' : 'never received'}`, {
      caseId,
      idempotencyKey,
    });
    if (!receipt) {
      throw ApplicationFailure.nonRetryable(
        `the edge holds no ${operation} under this key`,
        EDGE_NEVER_GOT_IT,
      );
    }
    return { reference: receipt.reference };
  };
}

function ownerActivities(notifier: Notifier) {
  return {
    async notifyOwner(n: OwnerNotification): Promise<void> {
      // A try that comes after the clock fell due would tell the owner it is about to breach when it has.
      if (n.trigger === 'sla_warning' && n.dueAt !== undefined && Date.parse(n.dueAt) <= Date.now()) {
        throw ApplicationFailure.nonRetryable(
          `the ${n.clock ?? 'SLA'} clock fell due at ${n.dueAt} before its warning could be sent`,
          'warning_past_due',
        );
      }
      await notifier.notifyOwner(n);
      const ctx = Context.current();
      ctx.log.info(`owner notified: ${n.owner.id}`, {
        caseId: n.caseId,
        ownerId: n.owner.id,
        escalationLevel: n.escalationLevel,
        trigger: n.trigger,
      });
    },
    /** An SLA breach at the top of the ladder, which notifies nobody: counted like the ones that escalate. */
    async countSlaBreach({ clock }: { caseId: string; clock: SlaClockName }): Promise<void> {
      recordSlaBreach(Context.current().metricMeter, clock);
    },
  };
}

/** One activity per edge call, each taking the input `EdgeInputs` (./types.ts) names for it. */
function edgeActivities({ payments, merchants, carrier, consulate }: Edges): EdgeActivities {
  return {
    pay: edgeActivity('pay', payments.pay.bind(payments), (p) => {
      if (p.kind) recordCompensationPaid(Context.current().metricMeter, p.kind, p.amount as Money);
    }),
    reversePayment: edgeActivity('reversePayment', payments.reverse.bind(payments)),
    collectFromMerchant: edgeActivity('collectFromMerchant', payments.collect.bind(payments)),
    requestMerchantRemedy: edgeActivity('requestMerchantRemedy', merchants.requestRemedy.bind(merchants)),
    cancelBooking: edgeActivity('cancelBooking', merchants.cancelBooking.bind(merchants)),
    reinstateBooking: edgeActivity('reinstateBooking', merchants.reinstateBooking.bind(merchants)),
    requestMerchantRefund: edgeActivity('requestMerchantRefund', merchants.requestRefund.bind(merchants)),
    withdrawMerchantRefund: edgeActivity('withdrawMerchantRefund', merchants.withdrawRefund.bind(merchants)),
    requestCarrierTrace: edgeActivity('requestCarrierTrace', carrier.requestTrace.bind(carrier)),
    shipToMember: edgeActivity('shipToMember', carrier.ship.bind(carrier)),
    cancelShipment: edgeActivity('cancelShipment', carrier.cancelShipment.bind(carrier)),
    submitConsulateEndorsement: edgeActivity(
      'submitConsulateEndorsement',
      consulate.submitEndorsement.bind(consulate),
    ),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
