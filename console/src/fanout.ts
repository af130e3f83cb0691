/** Reading many cases without flooding the API: bounded concurrency, bounded pages. */
import type { Api, ListFilter } from './api';
import { OPEN_STATUSES } from '../../workflows/domain';
import type { CaseSummary, CaseView } from './types';

/** At most this many pages of 200 per status: the board and the inbox are for a team, not the archive. */
const MAX_PAGES = 5;
/** Requests in flight at once when reading case views one by one. */
export const CONCURRENCY = 4;

/** Runs `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every case matching the filter; without a status filter, every open case (one listing per open status). */
export async function listCases(api: Api, filter: ListFilter): Promise<CaseSummary[]> {
  const statuses = filter.status ? [filter.status] : OPEN_STATUSES;
  const pages = await Promise.all(
    statuses.map(async (status) => {
      const items: CaseSummary[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.list({ ...filter, status }, token);
        items.push(...answer.items);
        if (answer.nextPageToken === null) break;
        token = answer.nextPageToken;
      }
      return items;
    }),
  );
  return pages.flat();
}

/** The views of these cases, CONCURRENCY at a time; the cases that cannot be read now are counted, not fatal. */
export async function readViews(
  api: Pick<Api, 'view'>,
  ids: readonly string[],
): Promise<{ views: CaseView[]; unreadable: number }> {
  const views = await mapLimit(ids, CONCURRENCY, (id) => api.view(id).catch(() => undefined));
  const read = views.filter((v): v is CaseView => v !== undefined);
  return { views: read, unreadable: ids.length - read.length };
}
