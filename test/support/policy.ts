/**
 * Test policies, all built from the shipped policy file (config/default-policy.json) with a test's overrides:
 * `policyJson` for a policy file a process reads, `testPolicy` for the parsed policy a case or an app takes.
 * A key added to the shipped file reaches every test policy with it.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY_FILE } from '../../config/env';
import { policySchema, type Policy } from '../../config/policy';

/** A policy file's JSON: any shape (a test may write an invalid one on purpose). */
export type PolicyJson = { [key: string]: unknown };

const isObject = (v: unknown): v is PolicyJson => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `overrides` merged into `base`: objects key by key, anything else replaced; an undefined value removes the key. */
function merged(base: PolicyJson, overrides: PolicyJson): PolicyJson {
  const out: PolicyJson = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = merged(out[key], value);
    else out[key] = value;
  }
  return out;
}

/** The shipped policy file's JSON (a fresh copy) with `overrides` merged in. */
export function policyJson(overrides: PolicyJson = {}): PolicyJson {
  return merged(JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as PolicyJson, overrides);
}

/** `policyJson(overrides)` parsed the way the policy file is. */
export function testPolicy(overrides: PolicyJson = {}): Policy {
  return policySchema.parse(policyJson(overrides));
}

/** The default policy with a short callback SLA for the apass tier, so its escalation is seen in a test. */
export const shortTimerPolicy = (apassCallbackSla: string): PolicyJson =>
  policyJson({ tiers: { apass: { callbackSla: apassCallbackSla } } });

/**
 * DOMAIN.md's SLAs for the apass tier (a test's default member), in ms. Stated here, not read from the shipped
 * file, so a test of a default case also checks that the shipped policy still says 3 min and 24 h.
 */
export const APASS_SLA = { callbackMs: 3 * 60_000, resolutionMs: 24 * 60 * 60_000 } as const;
