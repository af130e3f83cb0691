/**
 * A case type's own policy numbers (its module's `policy` keys) as the case captured them when it opened. Pure:
 * config/policy.ts captures them with the same default parsing.
 */
import type { EngineContext } from '../case-context';
import type { CasePolicy } from '../domain';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A module's default duration ("48h", "90s", "1.5h") in milliseconds; throws on anything else (a coding error). */
export function defaultMs(duration: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(duration.trim());
  const value = m ? Math.round(Number(m[1]) * UNIT_MS[m[2]!]!) : NaN;
  if (!(value > 0)) throw new Error(`"${duration}" is not a duration like "3m", "48h", "7d" or "1500ms"`);
  return value;
}

export type LegacyPolicyField = 'merchantResponseWindowMs' | 'carrierTraceWindowMs' | 'visaDecisionBufferMs';

/** Where policies captured before `caseTypes` kept the shipped types' numbers. */
export const BEFORE_CASE_TYPES: Record<string, Record<string, LegacyPolicyField>> = {
  dispute: { merchantResponseWindow: 'merchantResponseWindowMs' },
  lost_goods: { carrierTraceWindow: 'carrierTraceWindowMs' },
  visa_help: { decisionBuffer: 'visaDecisionBufferMs' },
};

/** `type`'s policy number `key` in ms from a captured policy; undefined when the policy has none for it. */
export function capturedMs(policy: CasePolicy, type: string, key: string): number | undefined {
  const captured = policy.caseTypes?.[type]?.[key];
  if (captured !== undefined) return captured;
  const legacy = BEFORE_CASE_TYPES[type]?.[key];
  return legacy === undefined ? undefined : policy[legacy];
}

/**
 * The case's number for its type's policy key `key`, in ms: as captured when the case opened, else the module's
 * default (a policy captured before the type or the key existed, e.g. carried into a linked case).
 */
export function policyMs(engine: EngineContext, key: string): number {
  const module = engine.caseType;
  const captured = capturedMs(engine.state.policy, module.type, key);
  if (captured !== undefined) return captured;
  const fallback = module.policy?.[key];
  if (fallback === undefined) throw new Error(`case type ${module.type} declares no policy key ${key}`);
  return defaultMs(fallback);
}
