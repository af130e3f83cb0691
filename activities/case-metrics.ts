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
export const SLA_WARNINGS = 'concierge_sla_warnings';
export const COMPENSATION_PAID = 'concierge_compensation_paid';
export const COMPENSATION_PAID_AMOUNT = 'concierge_compensation_paid_amount';

/**
 * An owner was told: an escalation counts one (at its level) and the breach behind it if any; a warning counts
 * one warning of its clock.
 */
export function recordOwnerNotified(meter: MetricMeter, n: OwnerNotification): void {
  if (n.trigger === 'sla_warning' && n.clock) {
    meter
      .createCounter(SLA_WARNINGS, 'warnings', 'SLA warnings given ahead of a due time, by clock')
      .add(1, { clock: n.clock });
    return;
  }
  if (n.trigger !== 'escalation') return;
  meter
    .createCounter(ESCALATIONS, 'escalations', 'Case escalations, by the level reached')
    .add(1, { level: n.escalationLevel });
  if (n.breach) recordSlaBreach(meter, n.breach.clock);
}

/** An SLA breach, whether it escalated the case or found it at the top of the ladder. */
export function recordSlaBreach(meter: MetricMeter, clock: string): void {
  meter.createCounter(SLA_BREACHES, 'breaches', 'SLA breaches, by clock').add(1, { clock });
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
