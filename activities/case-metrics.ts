/**
 * Money metrics, recorded where the money really moves (the payment activity, once per payment that was not an
 * idempotent repeat), through the activity's metric meter, so the worker's Prometheus endpoint serves them. What a
 * case raises (escalations, breaches, warnings) the workflow counts: workflows/case-metrics.ts.
 */
import type { MetricMeter } from '@temporalio/common';
import type { Money } from '../workflows/domain';

export const COMPENSATION_PAID = 'concierge_compensation_paid';
export const COMPENSATION_PAID_AMOUNT = 'concierge_compensation_paid_amount';

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
