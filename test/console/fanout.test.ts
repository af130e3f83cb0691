/**
 * The board's and the inbox's listing (console/src/fanout.ts) reads a bounded number of pages per status, and says
 * when it stopped with more to read, so that the pages can say the list was cut instead of truncating silently.
 */
import { listCases, type CaseReader } from '../../console/src/fanout';
import type { CaseSummary, ListFilter } from '../../console/src/types';

type Lister = Pick<CaseReader, 'list'>;

/** A list API whose every status has `pages` pages of one case each (Infinity: it never ends). */
function fakeApi(pages: number) {
  const calls: ListFilter[] = [];
  const api = {
    list: async (filter: ListFilter, _pageSize: number, pageToken?: string) => {
      calls.push(filter);
      const page = pageToken === undefined ? 1 : Number(pageToken);
      const item = { id: `${filter.status}-${page}` } as CaseSummary;
      return { items: [item], nextPageToken: page < pages ? String(page + 1) : null };
    },
  };
  return { api: api as Lister, calls };
}

test('a list that ends within the pages read is whole', async () => {
  const { api } = fakeApi(3);
  const listed = await listCases(api, { status: 'in_progress' });
  expect(listed.items.map((c) => c.id)).toEqual(['in_progress-1', 'in_progress-2', 'in_progress-3']);
  expect(listed.truncated).toBe(false);
});

test('a list with more pages than are read says it was cut, and reads no further', async () => {
  const { api, calls } = fakeApi(Infinity);
  const listed = await listCases(api, { status: 'in_progress', tier: 'apass' });
  expect(listed.truncated).toBe(true);
  expect(listed.items).toHaveLength(calls.length);
  expect(calls.length).toBeLessThan(10);
});

test('without a status filter, one status cut is enough to say the whole list was cut', async () => {
  const cut = fakeApi(Infinity);
  const whole = fakeApi(1);
  const api: Lister = {
    list: (filter, size, token) =>
      (filter.status === 'in_progress' ? cut : whole).api.list(filter, size, token),
  };
  const listed = await listCases(api, {});
  expect(listed.truncated).toBe(true);
  expect(whole.calls.length).toBeGreaterThan(1); // every other open status was listed, once each
});
