import { MAX_CASES_PER_STATUS } from '../fanout';

/**
 * Said when a listing stopped at its limit (fanout.ts): the page shows the first cases only, and says so instead
 * of passing them off as all of them. `rest`: how to reach the others from this page.
 */
export function ListCut({ truncated, rest }: { truncated: boolean | undefined; rest: string }) {
  if (!truncated) return null;
  const limit = MAX_CASES_PER_STATUS.toLocaleString('en');
  return (
    <p class="notice" role="note">
      <strong>The list stops at {limit} cases per status.</strong> Showing the first {limit} cases of each
      status; more may match. {rest}
    </p>
  );
}
