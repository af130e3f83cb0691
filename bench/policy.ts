/** The bench's policy file: the shipped policy, tuned so that a run's phases do not load one another. */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_POLICY_FILE } from '../config/env';
import type { Tier } from '../workflows/domain';

/** The tier of the comparisons' cases (the API's openings, the handler's calls direct, the ladder's index). */
export const AB_TIER: Tier = 'super';

/**
 * Writes to `file` the default policy, but the A/B cases' tier never breaches during a run (its breaches would
 * load later phases), and every burst tier's callback SLA is `burstSlaS` seconds, if given.
 */
export function writeBenchPolicy(file: string, burstTiers: readonly string[], burstSlaS?: number): string {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as {
    tiers: Record<string, { callbackSla: string }>;
  };
  policy.tiers[AB_TIER]!.callbackSla = '4h';
  if (burstSlaS !== undefined) {
    for (const tier of burstTiers) policy.tiers[tier]!.callbackSla = `${burstSlaS}s`;
  }
  writeFileSync(file, JSON.stringify(policy, null, 2));
  return file;
}
