/**
 * What the call journal tells an operator or an audit: the outcome recorded for a key, and every record (one
 * per key, whatever the number of calls), read back from disk by a fresh journal.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallJournal } from '../../activities/adapters/call-journal';

const fresh = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'call-journal-test-')), 'payments');

test('outcome() and records() read what the first call of each key recorded', async () => {
  const dir = fresh();
  const journal = new CallJournal<{ reference: string }>(dir);
  expect(await journal.records()).toEqual([]);
  expect(await journal.outcome('case-1/c1/pay')).toBeUndefined();

  await journal.once('case-1/c1/pay', { operation: 'pay', amount: 100 }, () => ({ reference: 'pay-1' }));
  await journal.once('case-1/c1/pay', { operation: 'pay', amount: 100 }, () => ({ reference: 'pay-2' }));
  await journal.once('case-1/c2/pay', { operation: 'pay', amount: 200 }, () => ({ reference: 'pay-3' }));

  const reread = new CallJournal<{ reference: string }>(dir);
  expect(await reread.outcome('case-1/c1/pay')).toEqual({ reference: 'pay-1' });
  expect(await reread.has('case-1/c2/pay')).toBe(true);
  const records = await reread.records();
  expect(records.map((r) => [r.key, r.call, r.result]).sort()).toEqual([
    ['case-1/c1/pay', { operation: 'pay', amount: 100 }, { reference: 'pay-1' }],
    ['case-1/c2/pay', { operation: 'pay', amount: 200 }, { reference: 'pay-3' }],
  ]);
});
