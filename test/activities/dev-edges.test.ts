/**
 * The dev edges' durable, idempotent call journal (activities/adapters/call-journal.ts): a key acts once,
 * repeats are logged as duplicates with the first outcome, and the record outlives the process.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createDevEdges } from '../../activities/adapters/dev-edges';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'dev-edges-test-'));
const records = (dataDir: string, edge: string) =>
  readdirSync(path.join(dataDir, 'edges', edge)).filter((f) => f.endsWith('.json'));
const payment = (idempotencyKey: string, amount = 31_415) => ({
  idempotencyKey,
  payee: 'member:m-1041',
  amount: { amount, currency: 'CNY' as const },
  memo: 'refund of a chainless pendant',
});

test('the same key twice: one record, the second call marked duplicate, the same reference', async () => {
  const dataDir = tempDir();
  const edges = createDevEdges(dataDir);
  const first = await edges.payments.pay(payment('case-1/c1/refund member'));
  const second = await edges.payments.pay(payment('case-1/c1/refund member'));
  expect(first.reference).toMatch(/^pay-/);
  // The repeat says it only replayed the first outcome (the pay activity counts real payments only).
  expect(first.replayed).toBe(false);
  expect(second).toEqual({ ...first, replayed: true });
  expect(records(dataDir, 'payments')).toHaveLength(1);
  const calls = await edges.journals.payments.calls();
  expect(calls.map((c) => [c.operation, c.key, c.duplicate])).toEqual([
    ['pay', 'case-1/c1/refund member', false],
    ['pay', 'case-1/c1/refund member', true],
  ]);
  expect(calls[0]).toMatchObject({ payee: 'member:m-1041', amount: { amount: 31_415, currency: 'CNY' } });

  // a different key is a different payment
  const other = await edges.payments.pay(payment('case-1/c2/refund member'));
  expect(other.reference).not.toBe(first.reference);
  expect(records(dataDir, 'payments')).toHaveLength(2);
  expect(await edges.journals.payments.has('case-1/c1/refund member')).toBe(true);
  expect(await edges.journals.payments.has('case-1/c3/refund member')).toBe(false);
});

test('a repeat returns the first outcome even if the repeat carries other data (the key decides)', async () => {
  const dataDir = tempDir();
  const edges = createDevEdges(dataDir);
  const first = await edges.payments.pay(payment('case-2/c1/buy gift', 12_345));
  const again = await edges.payments.pay(payment('case-2/c1/buy gift', 99_999));
  expect(again.reference).toBe(first.reference);
  expect(records(dataDir, 'payments')).toHaveLength(1);
  const stored = JSON.parse(
    readFileSync(path.join(dataDir, 'edges', 'payments', records(dataDir, 'payments')[0]!), 'utf8'),
  );
  expect(stored).toMatchObject({
    key: 'case-2/c1/buy gift',
    call: { amount: { amount: 12_345 } },
    result: { reference: first.reference },
  });
});

test('records survive a new createDevEdges on the same DATA_DIR (a restarted worker)', async () => {
  const dataDir = tempDir();
  const before = createDevEdges(dataDir);
  const paid = await before.payments.pay(payment('case-3/c1/refund member'));
  const cancelled = await before.merchants.cancelBooking({
    idempotencyKey: 'case-3/trip/cancel/b-1',
    merchantId: 'tour-1',
    bookingId: 'b-1',
  });
  const shipped = await before.carrier.ship({
    idempotencyKey: 'case-3/c2/ship',
    memberId: 'm-1041',
    item: 'scarf',
  });

  const after = createDevEdges(dataDir);
  expect(await after.payments.pay(payment('case-3/c1/refund member'))).toEqual({ ...paid, replayed: true });
  expect(
    await after.merchants.cancelBooking({
      idempotencyKey: 'case-3/trip/cancel/b-1',
      merchantId: 'tour-1',
      bookingId: 'b-1',
    }),
  ).toEqual({ ...cancelled, replayed: true });
  expect(
    await after.carrier.ship({ idempotencyKey: 'case-3/c2/ship', memberId: 'm-1041', item: 'scarf' }),
  ).toEqual({ ...shipped, replayed: true });
  expect(records(dataDir, 'payments')).toHaveLength(1);
  expect(records(dataDir, 'merchants')).toHaveLength(1);
  expect(records(dataDir, 'carrier')).toHaveLength(1);
  expect((await after.journals.payments.calls()).map((c) => c.duplicate)).toEqual([false, true]);
  expect((await after.journals.merchants.calls()).map((c) => [c.operation, c.duplicate])).toEqual([
    ['cancelBooking', false],
    ['cancelBooking', true],
  ]);
});

test('fault hooks: `before` fails without recording; `after` fails once the call is recorded, and the retry finds it', async () => {
  const dataDir = tempDir();
  let crashAfter = true;
  const edges = createDevEdges(dataDir, {
    before(operation) {
      if (operation === 'reverse') throw ApplicationFailure.nonRetryable('rail down', 'RailDown');
    },
    after(operation) {
      if (operation === 'pay' && crashAfter) {
        crashAfter = false;
        throw new Error('worker crashed after paying');
      }
    },
  });
  await expect(edges.payments.pay(payment('case-4/c1/refund member'))).rejects.toThrow(
    'worker crashed after paying',
  );
  const retried = await edges.payments.pay(payment('case-4/c1/refund member'));
  expect(retried.reference).toMatch(/^pay-/);
  expect(records(dataDir, 'payments')).toHaveLength(1);
  expect((await edges.journals.payments.calls()).map((c) => [c.operation, c.duplicate])).toEqual([
    ['pay', false],
    ['pay', true],
  ]);
  await expect(
    edges.payments.reverse({ ...payment('case-4/c1/refund member/reverse'), original: retried.reference }),
  ).rejects.toThrow('rail down');
  expect(records(dataDir, 'payments')).toHaveLength(1);
});

test('many concurrent calls with the same key: one record per key, one act, every caller the same reference', async () => {
  const dataDir = tempDir();
  // two edge instances on one directory, as two worker processes would have
  const [a, b] = [createDevEdges(dataDir), createDevEdges(dataDir)];
  const keys = Array.from({ length: 60 }, (_, i) => `case-5/c${i}/refund member`);
  const results = await Promise.all(
    keys.map((key) => Promise.all([a, b, a, b].map((edges) => edges.payments.pay(payment(key))))),
  );
  results.forEach((perKey) => expect(new Set(perKey.map((r) => r.reference)).size).toBe(1));
  expect(new Set(results.map((perKey) => perKey[0]!.reference)).size).toBe(keys.length);
  expect(records(dataDir, 'payments')).toHaveLength(keys.length);
  const calls = await a.journals.payments.calls();
  expect(calls).toHaveLength(keys.length * 4);
  for (const key of keys) {
    expect(
      calls
        .filter((c) => c.key === key)
        .map((c) => c.duplicate)
        .sort(),
    ).toEqual([false, true, true, true]);
  }
});

/**
 * Holds the first write of a file under `dir` half done, on the real file system: the file is created (empty, as
 * a slow disk leaves it mid-write) and its content goes in only once the test releases it. `begun` says which file
 * is being written; every other write goes straight through.
 */
function holdFirstWrite(dir: string) {
  const realWriteFile = fsPromises.writeFile;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let begin!: (file: string) => void;
  const begun = new Promise<string>((resolve) => (begin = resolve));
  let held = false;
  const spy = jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (file, data, options) => {
    if (held || typeof file !== 'string' || !file.startsWith(dir) || typeof data !== 'string') {
      return realWriteFile(file, data, options);
    }
    held = true;
    const flag = typeof options === 'object' && options?.flag !== undefined ? options.flag : 'w';
    const handle = await fsPromises.open(file, flag);
    try {
      begin(file);
      await released;
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  });
  return { begun, release, restore: () => spy.mockRestore() };
}

/*
 * Regression (found by this test, fixed in de94b99): the record used to be created with `writeFile(..., 'wx')`,
 * i.e. created empty and written in a second step; a concurrent caller arriving in between read an empty file and
 * threw "SyntaxError: Unexpected end of JSON input" instead of returning the first call's outcome.
 */
test('a caller arriving while the first call is still writing its record gets the same reference', async () => {
  const dataDir = tempDir();
  const edges = createDevEdges(dataDir);
  const key = 'case-6/c1/refund member';
  const write = holdFirstWrite(dataDir);
  try {
    const first = edges.payments.pay(payment(key));
    // the first call has created the file of its record and is writing it (held there until released)
    const writing = await Promise.race([write.begun, first.then(() => 'the first call did not write')]);
    expect(path.dirname(writing)).toBe(path.join(dataDir, 'edges', 'payments'));
    // two more callers arrive while it writes, one after the other: neither waits for it, neither reads half a record
    const second = await edges.payments.pay(payment(key));
    const third = await edges.payments.pay(payment(key));
    write.release();
    const a = await first;
    // the second published its record while the first was writing; the first found it there and answers with it
    expect([a, third]).toEqual([
      { ...second, replayed: true },
      { ...second, replayed: true },
    ]);
    expect(second.replayed).toBe(false);
  } finally {
    write.release();
    write.restore();
  }
  expect(records(dataDir, 'payments')).toHaveLength(1);
  // no half-written file left behind either
  expect(readdirSync(path.join(dataDir, 'edges', 'payments')).sort()).toEqual(
    ['calls.jsonl', ...records(dataDir, 'payments')].sort(),
  );
  expect((await edges.journals.payments.calls()).map((x) => x.duplicate)).toEqual([false, true, true]);
});

test("a lookup answers the edge's receipt without acting; finding none, it closes the key, and a late call is refused", async () => {
  const edges = createDevEdges(tempDir());
  const paid = await edges.payments.pay(payment('case-1/c1/refund member'));
  expect(await edges.payments.lookup({ idempotencyKey: 'case-1/c1/refund member' })).toEqual({
    reference: paid.reference,
    replayed: true,
  });
  expect(await edges.carrier.lookup({ idempotencyKey: 'case-1/c1/refund member' })).toBeUndefined(); // another edge
  expect(await edges.payments.lookup({ idempotencyKey: 'case-1/c2/refund member' })).toBeUndefined();
  const late = edges.payments.pay(payment('case-1/c2/refund member'));
  await expect(late).rejects.toBeInstanceOf(ApplicationFailure);
  await expect(late).rejects.toMatchObject({ type: 'EdgeKeyClosed', nonRetryable: true });
  expect(await edges.journals.payments.has('case-1/c2/refund member')).toBe(false);
});
