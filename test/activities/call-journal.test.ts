/**
 * What the call journal tells an operator or an audit: the outcome recorded for a key, and every record (one
 * per key, whatever the number of calls), read back from disk by a fresh journal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallJournal, KeyClosedError } from '../../activities/adapters/call-journal';

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

test('a journal whose directory could not be made once makes it at the next call', async () => {
  const dir = fresh();
  // The directory's place is taken for a moment (a volume not mounted yet): the first call fails.
  writeFileSync(dir, 'not a directory');
  const journal = new CallJournal<{ reference: string }>(path.join(dir, 'inner'));
  await expect(journal.once('k1', { operation: 'pay' }, () => ({ reference: 'pay-1' }))).rejects.toThrow();
  rmSync(dir);
  const { result } = await journal.once('k1', { operation: 'pay' }, () => ({ reference: 'pay-1' }));
  expect(result).toEqual({ reference: 'pay-1' });
  expect(await journal.outcome('k1')).toEqual({ reference: 'pay-1' });
});

test('a lookup that finds no call closes the key: a call on its way then is refused, not acted on', async () => {
  const journal = new CallJournal<{ reference: string }>(fresh());
  await journal.once('case-1/c1/pay', { operation: 'pay' }, () => ({ reference: 'pay-1' }));
  expect(await journal.close('case-1/c1/pay')).toEqual({ reference: 'pay-1' }); // found: left as it is

  // A call still on its way when the lookup comes: it has acted in its own process, but may not be recorded.
  let arrive!: () => void;
  const onItsWay = new Promise<void>((resolve) => (arrive = resolve));
  let acted = false;
  const late = journal.once('case-1/c2/pay', { operation: 'pay' }, async () => {
    acted = true;
    await onItsWay;
    return { reference: 'pay-2' };
  });
  await new Promise((resolve) => setTimeout(resolve, 50)); // it read no record, and is acting
  expect(acted).toBe(true);
  expect(await journal.close('case-1/c2/pay')).toBeUndefined();
  arrive();
  await expect(late).rejects.toBeInstanceOf(KeyClosedError);
  // And one arriving after it.
  await expect(
    journal.once('case-1/c2/pay', { operation: 'pay' }, () => ({ reference: 'pay-3' })),
  ).rejects.toThrow(KeyClosedError);
  expect(await journal.outcome('case-1/c2/pay')).toBeUndefined();
  expect(await journal.close('case-1/c2/pay')).toBeUndefined(); // asked again: still closed
  expect((await journal.records()).map((r) => r.key)).toEqual(['case-1/c1/pay']);
  expect((await journal.calls()).filter((c) => c.refused === 'key closed')).toHaveLength(2);
});
