/**
 * Task priority by tier: under a burst (Double 11) the matching service hands out an `apass_top` case's
 * workflow and activity tasks before a standard member's. Lower keys go first; Temporal's default key is 3 of
 * 1-5, so `super` keeps the default and nothing is starved: priority orders a backlog, it never drops work.
 * Set when the case starts (its activities and timers' tasks inherit it), for opened and linked cases alike.
 */
import type { Priority } from '@temporalio/common';
import type { Tier } from './domain';

export const TIER_PRIORITY_KEYS: Readonly<Record<Tier, number>> = {
  apass_top: 1,
  apass: 2,
  super: 3,
  standard: 4,
};

export function casePriority(tier: Tier): Priority {
  return { priorityKey: TIER_PRIORITY_KEYS[tier] };
}
