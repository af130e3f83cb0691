/**
 * Odd-numbered policies for the workflow tests: a test policy (test/support/policy.ts) whose limits,
 * authorities and windows are none of DOMAIN.md's round numbers.
 */
import type { Policy } from '../../config/policy';
import { testPolicy } from './policy';

type TierOverrides = Partial<{
  callbackSla: string;
  resolutionSla: string;
  instantRefundLimit: number;
  managerAuthority: number | null;
}>;

/**
 * A test policy (test/support/policy.ts) with odd numbers by default (none of DOMAIN.md's round ones): refund
 * limits, authorities and windows that a hard-coded default would not match.
 */
export function oddPolicy(
  overrides: {
    tiers?: Partial<Record<'apass_top' | 'apass' | 'super' | 'standard', TierOverrides>>;
    approvalTimeout?: string;
    followUpWindow?: string;
    merchantResponseWindow?: string;
    carrierTraceWindow?: string;
    decisionBuffer?: string;
  } = {},
): Policy {
  const tier = (base: Required<TierOverrides>, o: TierOverrides = {}) => ({ ...base, ...o });
  return testPolicy({
    tiers: {
      apass_top: tier(
        { callbackSla: '7m', resolutionSla: '31h', instantRefundLimit: 1_234_567, managerAuthority: null },
        overrides.tiers?.apass_top,
      ),
      apass: tier(
        { callbackSla: '7m', resolutionSla: '31h', instantRefundLimit: 123_457, managerAuthority: 45_678 },
        overrides.tiers?.apass,
      ),
      super: tier(
        { callbackSla: '37m', resolutionSla: '53h', instantRefundLimit: 33_333, managerAuthority: 7_777 },
        overrides.tiers?.super,
      ),
      standard: tier(
        { callbackSla: '5h', resolutionSla: '79h', instantRefundLimit: 11_111, managerAuthority: 2_222 },
        overrides.tiers?.standard,
      ),
    },
    approvalTimeout: overrides.approvalTimeout ?? '90s',
    followUpWindow: overrides.followUpWindow ?? '5d',
    caseTypes: {
      dispute: { merchantResponseWindow: overrides.merchantResponseWindow ?? '19h' },
      lost_goods: { carrierTraceWindow: overrides.carrierTraceWindow ?? '29h' },
      visa_help: { decisionBuffer: overrides.decisionBuffer ?? '53h' },
    },
  });
}
