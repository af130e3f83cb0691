import { formatMoney, label } from '../format';
import type { CaseView } from '../types';
import { Time } from './Countdown';
import { DataTable } from './DataTable';

/** Money that moved on the case: totals, then each entry with its payment reference. */
export function Ledger({ view }: { view: CaseView }) {
  const { paid, recovered, absorbed, entries } = view.ledger;
  return (
    <section aria-labelledby="ledger-title" class="card">
      <h2 id="ledger-title">Ledger</h2>
      <dl class="totals">
        <div>
          <dt>Paid</dt>
          <dd>{formatMoney(paid)}</dd>
        </div>
        <div>
          <dt>Recovered</dt>
          <dd>{formatMoney(recovered)}</dd>
        </div>
        <div>
          <dt>Absorbed</dt>
          <dd>{formatMoney(absorbed)}</dd>
        </div>
      </dl>
      {entries.length > 0 && (
        <DataTable
          columns={['When', 'Compensation', 'Direction', 'Amount', 'Payee', 'Approved by', 'Reference']}
        >
          {entries.map((e) => (
            <tr key={`${e.reference}-${e.direction}`}>
              <td data-label="When">
                <Time at={e.at} />
              </td>
              <td data-label="Compensation">
                <code>{e.compensationId}</code> {label(e.kind)}
              </td>
              <td data-label="Direction">{label(e.direction)}</td>
              <td data-label="Amount">{formatMoney(e.amount)}</td>
              <td data-label="Payee">{e.payee}</td>
              <td data-label="Approved by">{e.approvedBy ?? '—'}</td>
              <td data-label="Reference">
                <code>{e.reference}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
