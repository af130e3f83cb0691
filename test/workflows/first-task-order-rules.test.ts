/** When FirstTaskOrder (workflows/first-task-order.ts) reorders held updates, and when it asks the patch. */
import { FirstTaskOrder } from '../../workflows/first-task-order';

function heldThenReleased(sentAts: (number | undefined)[], patched: boolean) {
  const order = new FirstTaskOrder();
  const applied: number[] = [];
  let asked = 0;
  const done = sentAts.map((at, i) =>
    order.inTurn(at, async (held) => {
      expect(held).toBe(true);
      applied.push(i);
      return i;
    }),
  );
  expect(applied).toEqual([]); // held until release
  order.release(() => {
    asked += 1;
    return patched;
  });
  return { applied, asked, done, order };
}

test('held updates apply at release in the order sent; the patch is asked only when that changes the order', async () => {
  const reordered = heldThenReleased([300, 100, 200], true);
  expect(reordered.applied).toEqual([1, 2, 0]);
  expect(reordered.asked).toBe(1);
  await expect(Promise.all(reordered.done)).resolves.toEqual([0, 1, 2]);

  const inOrder = heldThenReleased([100, 200, 300], true);
  expect([inOrder.applied, inOrder.asked]).toEqual([[0, 1, 2], 0]);
});

test('an old history (the patch not taken) and unstamped updates keep the order they were handed over in', () => {
  expect(heldThenReleased([300, 100], false).applied).toEqual([0, 1]);
  const unstamped = heldThenReleased([300, undefined, 100], true);
  expect([unstamped.applied, unstamped.asked]).toEqual([[0, 1, 2], 0]);
});

test('after release, an update applies at once', async () => {
  const { order } = heldThenReleased([], true);
  expect(order.holding).toBe(false);
  let ran: boolean | undefined;
  const result = order.inTurn(5, async (held) => {
    ran = held;
    return 'now';
  });
  expect(ran).toBe(false);
  await expect(result).resolves.toBe('now');
});
