import ms from 'ms';
import { z } from 'zod';
import type { CaseTypeModule } from '../workflows/case-types/case-type';
import { SHIPPED_CASE_TYPES } from '../workflows/case-types';
import { BEFORE_CASE_TYPES, defaultMs, type LegacyPolicyField } from '../workflows/case-types/type-policy';
import { CALENDAR_KEEP_AHEAD_MS } from '../workflows/business-hours';
import { TIERS, type CasePolicy, type Tier, type TierPolicy } from '../workflows/domain';
import { humanDuration } from '../workflows/time';
import { leastOpenWindow } from './calendar-fit';
import { calendarsSchema, captureCalendar, timeZoneSchema } from './calendars';
import { durationSchema } from './duration';
import { loadJsonFile } from './load-json';

const minorUnits = z.number().int().nonnegative();
/** DOMAIN.md, "Business-hours calendars": APASS tiers run 24/7; only lower tiers may count business hours. */
const ROUND_THE_CLOCK_TIERS: readonly Tier[] = ['apass_top', 'apass'];

/** Where the service's members live and travel from: a date without a time begins at its midnight there. */
export const DEFAULT_DATE_TIME_ZONE = 'Asia/Shanghai';

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
  .superRefine((t, ctx) => {
    // A warning as early as the SLA itself would come with every case's `assigned`, and again in every window.
    for (const [clock, sla] of [
      ['callback', t.callbackSla],
      ['resolution', t.resolutionSla],
    ] as const) {
      const warn = t.warnBefore?.[clock];
      if (warn !== undefined && warn >= sla) {
        ctx.addIssue({
          code: 'custom',
          path: ['warnBefore', clock],
          message: `a warning ${ms(warn)} before its due time on a ${ms(sla)} ${clock} SLA would come as the clock starts: make it shorter than the SLA`,
        });
      }
    }
  })
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

/** Each case type's own numbers as the file states them: `<type>.<key>` in ms (absent: the module's default). */
export type CaseTypeSettings = Record<string, Record<string, number>>;

/**
 * `caseTypes`: for each type whose module declares policy keys, those keys (durations), each optional; unknown
 * types and keys are refused, so a misspelt key is not silently ignored.
 */
function caseTypesSchema(modules: readonly CaseTypeModule[]) {
  const perType = modules.flatMap((m) => {
    const keys = Object.keys(m.policy ?? {});
    if (keys.length === 0) return [];
    const shape = Object.fromEntries(keys.map((key) => [key, durationSchema.optional()]));
    return [[m.type, z.strictObject(shape).optional()] as const];
  });
  return z
    .strictObject(Object.fromEntries(perType))
    .transform((file): CaseTypeSettings =>
      Object.fromEntries(
        Object.entries(file).map(([type, keys]) => [
          type,
          Object.fromEntries(
            Object.entries((keys ?? {}) as Record<string, number | undefined>).filter(
              ([, v]) => v !== undefined,
            ),
          ) as Record<string, number>,
        ]),
      ),
    );
}

/** The policy file's schema for these case types (default: the shipped ones). */
export const policySchemaFor = (modules: readonly CaseTypeModule[] = SHIPPED_CASE_TYPES) =>
  z
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
      /** Each case type's own numbers (its module's `policy` keys), each optional: the module's default applies. */
      caseTypes: caseTypesSchema(modules).default({}),
      /** Business-hours calendars a tier may name (DOMAIN.md); none: every tier is 24/7. */
      calendars: calendarsSchema.default({}),
      /**
       * The zone a date without a time of day is read in (a departure on "2026-12-20"): the API stores it as
       * the first instant of that day there, which every deadline counted from it then starts at.
       */
      dateTimeZone: timeZoneSchema.default(DEFAULT_DATE_TIME_ZONE),
    })
    .strict()
    .superRefine((p, ctx) => {
      for (const tier of TIERS) {
        const name = p.tiers[tier].calendarName;
        if (name != null && ROUND_THE_CLOCK_TIERS.includes(tier)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', tier, 'calendar'],
            message: `${tier} runs 24/7 (its members are served through the night): it names no calendar`,
          });
          continue;
        }
        // undefined: the tier's own checks failed (reported there), and it was never transformed
        if (name != null && !Object.hasOwn(p.calendars, name)) {
          const known = Object.keys(p.calendars);
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', tier, 'calendar'],
            message: `"${name}" is not a key of calendars (${known.length ? `known: ${known.join(', ')}` : 'none defined'})`,
          });
        }
        const definition = name == null ? undefined : p.calendars[name];
        if (!definition) continue;
        const { callbackSlaMs, resolutionSlaMs } = p.tiers[tier];
        const [clock, slaMs] =
          resolutionSlaMs >= callbackSlaMs ? ['resolution', resolutionSlaMs] : ['callback', callbackSlaMs];
        const least = leastOpenWindow(definition, Date.now());
        if (least && least.openMs < slaMs) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', tier, 'calendar'],
            message: `"${name}" is open only ${humanDuration(least.openMs)} in the ${humanDuration(CALENDAR_KEEP_AHEAD_MS)} from ${new Date(least.fromMs).toISOString().slice(0, 10)}, less than the tier's ${clock} SLA of ${humanDuration(slaMs)}: a case counts an SLA beyond that in wall-clock time. Open it longer, or shorten the SLA`,
          });
        }
      }
    });

export const policySchema = policySchemaFor();

export type Policy = z.output<typeof policySchema>;

export function loadPolicy(file: string, modules: readonly CaseTypeModule[] = SHIPPED_CASE_TYPES): Policy {
  return loadJsonFile(file, policySchemaFor(modules), 'Policy file');
}

/**
 * Every type's own numbers in ms: as the file states them, else the module's default. The shipped types' are
 * also written where policies captured before `caseTypes` kept them, so a worker older than it reads them too.
 */
function captureCaseTypes(
  policy: Policy,
  modules: readonly CaseTypeModule[],
): Pick<
  CasePolicy,
  'caseTypes' | 'merchantResponseWindowMs' | 'carrierTraceWindowMs' | 'visaDecisionBufferMs'
> {
  const caseTypes: CaseTypeSettings = {};
  const legacy: Partial<Record<LegacyPolicyField, number>> = {};
  for (const m of modules) {
    const keys = Object.entries(m.policy ?? {});
    if (keys.length === 0) continue;
    const values: Record<string, number> = {};
    for (const [key, fallback] of keys) {
      values[key] = policy.caseTypes[m.type]?.[key] ?? defaultMs(fallback);
      const old = BEFORE_CASE_TYPES[m.type]?.[key];
      if (old) legacy[old] = values[key];
    }
    caseTypes[m.type] = values;
  }
  return { caseTypes, ...legacy };
}

/**
 * The slice of policy a case carries for its whole life. A tier with a calendar carries its open time from `now`
 * (the opening) to a horizon as UTC instants, resolved here with this process's tz data, never in the workflow.
 */
export function capturePolicy(
  policy: Policy,
  tier: Tier,
  now: number = Date.now(),
  modules: readonly CaseTypeModule[] = SHIPPED_CASE_TYPES,
): CasePolicy {
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
    headApprovalAbove: policy.headApprovalAbove,
    ...captureCaseTypes(policy, modules),
  };
}
