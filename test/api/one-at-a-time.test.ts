/** OneAtATime (api/cases/one-at-a-time.ts): calls of one key in turn, whatever the one before did; keys apart. */
import { OneAtATime } from '../../api/cases/one-at-a-time';

const later = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

test('calls of one key run one after another, in the order given, past a failure; other keys do not wait', async () => {
  const queue = new OneAtATime();
  const log: string[] = [];
  const step =
    (name: string, fail = false) =>
    async () => {
      log.push(`${name} starts`);
      await later();
      log.push(`${name} ends`);
      if (fail) throw new Error(name);
      return name;
    };
  const runs = [
    queue.run('k', step('a', true)),
    queue.run('k', step('b')),
    queue.run('other', step('x')),
    queue.run('k', step('c')),
  ];
  const outcomes = await Promise.allSettled(runs);
  expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual([
    'failed',
    'b',
    'x',
    'c',
  ]);
  expect(log.filter((l) => !l.startsWith('x'))).toEqual([
    'a starts',
    'a ends',
    'b starts',
    'b ends',
    'c starts',
    'c ends',
  ]);
  expect(log.indexOf('x starts')).toBeLessThan(log.indexOf('a ends'));
  expect(queue.size).toBe(0);
});
