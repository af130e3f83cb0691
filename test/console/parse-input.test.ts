/** What the console reads from what a person typed: an amount in yuan, and a case link. */
import { parseYuan } from '../../console/src/format';
import { parseRoute } from '../../console/src/router';

test.each([
  ['800', 80000],
  ['99.50', 9950],
  ['99.5', 9950],
  ['4,200', 420000],
  ['4,200.05', 420005],
  ['1,234,567.89', 123456789],
  [' 12 ', 1200],
])('%s yuan is %i fen', (typed, fen) => {
  expect(parseYuan(typed)).toBe(fen);
});

test.each(['99,50', '1,5', '4,20', '42,0000', ',800', '800,', '8.001', '1.2.3', '-5', '12345678901', ''])(
  '%j is refused, never read as another amount',
  (typed) => {
    expect(parseYuan(typed)).toBeUndefined();
  },
);

test('a case link opens the case; a link with a broken escape opens the home page instead of failing', () => {
  expect(parseRoute('#/cases/case-1%2Fx')).toEqual({ page: 'case', id: 'case-1/x' });
  expect(parseRoute('#/cases/%E0%A4%A')).toEqual({ page: 'home' });
});
