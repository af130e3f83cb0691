import { z } from 'zod';
import { TIERS, type CasePolicy, type Tier, type TierPolicy } from '../workflows/domain';
import { durationSchema } from './duration';
import { loadJsonFile } from './load-json';

const minorUnits = z.number().int().nonnegative();

const tierPolicySchema = z
  .object({
    callbackSla: durationSchema,
    resolutionSla: durationSchema,
    instantRefundLimit: minorUnits,
    managerAuthority: minorUnits.nullable(),
  })
  .strict()
  .transform((t): TierPolicy => ({
    callbackSlaMs: t.callbackSla,
    resolutionSlaMs: t.resolutionSla,
    instantRefundLimit: t.instantRefundLimit,
    managerAuthority: t.managerAuthority,
  }));

export const policySchema = z
  .object({
    tiers: z
      .object(
        Object.fromEntries(TIERS.map((tier) => [tier, tierPolicySchema])) as Record<
          Tier,
          typeof tierPolicySchema
        >,
      )
      .strict(),
    approvalTimeout: durationSchema,
    followUpWindow: durationSchema,
    caseTypes: z
      .object({
        dispute: z.object({ merchantResponseWindow: durationSchema }).strict(),
        lost_goods: z.object({ carrierTraceWindow: durationSchema }).strict(),
        visa_help: z.object({ decisionBuffer: durationSchema }).strict(),
      })
      .strict(),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;

export function loadPolicy(file: string): Policy {
  return loadJsonFile(file, policySchema, 'Policy file');
}

/** The slice of policy a case carries for its whole life. */
export function capturePolicy(policy: Policy, tier: Tier): CasePolicy {
  return {
    tier: policy.tiers[tier],
    approvalTimeoutMs: policy.approvalTimeout,
    followUpWindowMs: policy.followUpWindow,
    merchantResponseWindowMs: policy.caseTypes.dispute.merchantResponseWindow,
    carrierTraceWindowMs: policy.caseTypes.lost_goods.carrierTraceWindow,
    visaDecisionBufferMs: policy.caseTypes.visa_help.decisionBuffer,
  };
}
