/**
 * The counters of what a case raised: an escalation (at its level), the SLA breach behind one, an SLA warning. A
 * leaf over Temporal's `MetricMeter`: the workflow counts with its own meter (`metricMeter`, which emits nothing
 * while a task replays), when it first sends the notification, so a pager that is down, slow or refusing neither
 * delays nor loses a count; the activity that counts a breach at the top of the ladder, with the activity's meter.
 */
import type { MetricMeter } from '@temporalio/common';
import type { OwnerChange, SlaClockName } from './notices';

export const SLA_BREACHES = 'concierge_sla_breaches';
export const ESCALATIONS = 'concierge_escalations';
export const SLA_WARNINGS = 'concierge_sla_warnings';

/** An owner is owed a notification: an escalation counts one at its level, and its breach if any; a warning one. */
export function recordRaised(meter: MetricMeter, change: OwnerChange): void {
  if (change.trigger === 'sla_warning' && change.sla) {
    meter
      .createCounter(SLA_WARNINGS, 'warnings', 'SLA warnings given ahead of a due time, by clock')
      .add(1, { clock: change.sla.clock });
    return;
  }
  if (change.trigger !== 'escalation') return;
  meter
    .createCounter(ESCALATIONS, 'escalations', 'Case escalations, by the level reached')
    .add(1, { level: change.escalationLevel });
  if (change.breach) recordSlaBreach(meter, change.breach.clock);
}

/** An SLA breach, whether it escalated the case or found it at the top of the ladder. */
export function recordSlaBreach(meter: MetricMeter, clock: SlaClockName): void {
  meter.createCounter(SLA_BREACHES, 'breaches', 'SLA breaches, by clock').add(1, { clock });
}
