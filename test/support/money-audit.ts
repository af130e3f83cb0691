/**
 * "Nobody is paid twice", checked against the payment rail's own records (DATA_DIR/edges/payments), not against
 * what the workflow believes: one act per idempotency key, and every case's ledger agrees with the rail.
 */
import path from 'node:path';
import { CallJournal } from '../../activities/adapters/call-journal';
import type { Receipt } from '../../activities/adapters/edges';
import type { CaseView, Money } from '../../workflows/domain';

export const paymentsJournal = (dataDir: string) =>
  new CallJournal<Receipt>(path.join(dataDir, 'edges', 'payments'));

const DIRECTION_OF: Record<string, string> = { pay: 'paid', reverse: 'reversed' };

/** Problems found (empty when the rail and the ledgers agree). Collections from merchants are not audited. */
export async function auditPayments(journal: CallJournal<Receipt>, views: CaseView[]): Promise<string[]> {
  const problems: string[] = [];
  const acts = new Map<string, number>();
  for (const c of await journal.calls()) if (!c.duplicate) acts.set(c.key, (acts.get(c.key) ?? 0) + 1);
  for (const [key, n] of acts) if (n > 1) problems.push(`${key}: the rail acted ${n} times`);

  const records = await journal.records();
  for (const v of views) {
    const mine = records.filter(
      (r) => r.key.startsWith(`${v.id}/`) && String(r.call.operation) in DIRECTION_OF,
    );
    const entries = v.ledger.entries.filter((e) => e.direction === 'paid' || e.direction === 'reversed');
    for (const r of mine) {
      const want = DIRECTION_OF[r.call.operation as string];
      const matching = entries.filter((e) => e.reference === r.result.reference && e.direction === want);
      if (matching.length !== 1)
        problems.push(
          `${v.id}: rail record ${r.key} (${r.result.reference}) is in the ledger ${matching.length} times`,
        );
    }
    for (const e of entries) {
      if (!mine.some((r) => r.result.reference === e.reference))
        problems.push(`${v.id}: ledger entry ${e.direction} ${e.reference} has no record on the rail`);
    }
    const net = mine.reduce(
      (sum, r) => sum + (r.call.operation === 'pay' ? 1 : -1) * (r.call.amount as Money).amount,
      0,
    );
    if (net !== v.ledger.paid.amount)
      problems.push(`${v.id}: the rail moved ${net} net, the ledger says ${v.ledger.paid.amount} paid`);
    for (const c of v.compensations) {
      if (c.status === 'executing') problems.push(`${v.id}: ${c.id} is still executing`);
    }
  }
  return problems;
}
