/**
 * Case metrics recorded where the work really happens (activities), never as a side effect of workflow code:
 * a workflow task may run many times (replays), an activity completes once per effect.
 * They go through the activity's metric meter, so the worker's Prometheus endpoint serves them.
 */
import type { MetricMeter } from '@temporalio/common';
import type { OwnerNotification } from './adapters/notifier';
import type { Money } from '../workflows/domain';

export const SLA_BREACHES = 'concierge_sla_breaches';
export const ESCALATIONS = 'concierge_escalations';
export const COMPENSATION_PAID = 'concierge_compensation_paid';
export const COMPENSATION_PAID_AMOUNT = 'concierge_compensation_paid_amount';

/** The owner of an escalated case was told: one escalation (at its level), and the breach behind it if any. */
export function recordOwnerNotified(meter: MetricMeter, n: OwnerNotification): void {
  if (n.trigger !== 'escalation') return;
  meter
    .createCounter(ESCALATIONS, 'escalations', 'Case escalations, by the level reached')
    .add(1, { level: n.escalationLevel });
  if (n.breach) {
    meter
      .createCounter(SLA_BREACHES, 'breaches', 'SLA breaches that escalated a case, by clock')
      .add(1, { clock: n.breach.clock });
  }
}

/** A compensation payment that really moved money (not an idempotent repeat of one). */
export function recordCompensationPaid(meter: MetricMeter, kind: string, amount: Money): void {
  meter.createCounter(COMPENSATION_PAID, 'payments', 'Compensation payments made, by kind').add(1, { kind });
  meter
    .createCounter(
      COMPENSATION_PAID_AMOUNT,
      'minor units',
      'Compensation paid in minor units (fen), by kind and currency',
    )
    .add(amount.amount, { kind, currency: amount.currency });
}
