import { z } from 'zod';
import { TIERS, type CasePolicy, type Tier, type TierPolicy } from '../workflows/domain';
import { calendarsSchema, captureCalendar } from './calendars';
import { durationSchema } from './duration';
import { loadJsonFile } from './load-json';

const minorUnits = z.number().int().nonnegative();

/** 50,000 CNY: above it, a single compensation waits for the head (DOMAIN.md, "Head ceiling"). */
export const DEFAULT_HEAD_APPROVAL_ABOVE = 5_000_000;

/** A tier as loaded: its calendar still a name (resolved to open time when a case opens). */
export interface TierSettings extends Omit<TierPolicy, 'calendar' | 'warnBeforeMs'> {
  warnBeforeMs: { callback?: number; resolution?: number };
  /** The key of `calendars` the tier counts its SLAs in; null = 24/7. */
  calendarName: string | null;
}

const tierPolicySchema = z
  .object({
    callbackSla: durationSchema,
    resolutionSla: durationSchema,
    instantRefundLimit: minorUnits,
    managerAuthority: minorUnits.nullable(),
    /** How long before each clock's due time its owner is warned; a clock absent: no warning (API.md). */
    warnBefore: z
      .object({ callback: durationSchema.optional(), resolution: durationSchema.optional() })
      .strict()
      .optional(),
    /** A key of `calendars`; null or absent: 24/7. */
    calendar: z.string().min(1).nullable().optional(),
  })
  .strict()
  .transform((t): TierSettings => ({
    callbackSlaMs: t.callbackSla,
    resolutionSlaMs: t.resolutionSla,
    instantRefundLimit: t.instantRefundLimit,
    managerAuthority: t.managerAuthority,
    warnBeforeMs: {
      ...(t.warnBefore?.callback !== undefined && { callback: t.warnBefore.callback }),
      ...(t.warnBefore?.resolution !== undefined && { resolution: t.warnBefore.resolution }),
    },
    calendarName: t.calendar ?? null,
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
    /** A single compensation above this waits for the head's approval, every tier included (API.md). */
    headApprovalAbove: minorUnits.default(DEFAULT_HEAD_APPROVAL_ABOVE),
    caseTypes: z
      .object({
        dispute: z.object({ merchantResponseWindow: durationSchema }).strict(),
        lost_goods: z.object({ carrierTraceWindow: durationSchema }).strict(),
        visa_help: z.object({ decisionBuffer: durationSchema }).strict(),
      })
      .strict(),
    /** Business-hours calendars a tier may name (DOMAIN.md); none: every tier is 24/7. */
    calendars: calendarsSchema.default({}),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const tier of TIERS) {
      const name = p.tiers[tier].calendarName;
      if (name !== null && !Object.hasOwn(p.calendars, name)) {
        const known = Object.keys(p.calendars);
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', tier, 'calendar'],
          message: `"${name}" is not a key of calendars (${known.length ? `known: ${known.join(', ')}` : 'none defined'})`,
        });
      }
    }
  });

export type Policy = z.output<typeof policySchema>;

export function loadPolicy(file: string): Policy {
  return loadJsonFile(file, policySchema, 'Policy file');
}

/**
 * The slice of policy a case carries for its whole life. A tier with a calendar carries its open time from `now`
 * (the opening) to a horizon as UTC instants, resolved here with this process's tz data, never in the workflow.
 */
export function capturePolicy(policy: Policy, tier: Tier, now: number = Date.now()): CasePolicy {
  const { calendarName, warnBeforeMs, ...numbers } = policy.tiers[tier];
  const definition = calendarName === null ? undefined : policy.calendars[calendarName];
  return {
    tier: {
      ...numbers,
      warnBeforeMs: { ...warnBeforeMs },
      calendar: calendarName !== null && definition ? captureCalendar(calendarName, definition, now) : null,
    },
    approvalTimeoutMs: policy.approvalTimeout,
    followUpWindowMs: policy.followUpWindow,
    merchantResponseWindowMs: policy.caseTypes.dispute.merchantResponseWindow,
    carrierTraceWindowMs: policy.caseTypes.lost_goods.carrierTraceWindow,
    visaDecisionBufferMs: policy.caseTypes.visa_help.decisionBuffer,
    headApprovalAbove: policy.headApprovalAbove,
  };
}
