/** Reading many cases without flooding the API: bounded concurrency, bounded pages. */
import { OPEN_STATUSES } from '../../workflows/domain';
import type { CasePage, CaseSummary, CaseView, ListFilter } from './types';

/** What fanout needs of the API (console/src/api.ts's Api). */
export interface CaseReader {
  list(filter: ListFilter, pageSize: number, pageToken?: string): Promise<CasePage>;
  view(caseId: string): Promise<CaseView>;
}

/** Cases per page (the API's largest page). */
const PAGE_SIZE = 200;
/** At most this many pages per status: the board and the inbox are for a team, not the archive. */
const MAX_PAGES = 5;
/** The most cases read per status (1,000): a listing that stops there says so (`truncated`). */
export const MAX_CASES_PER_STATUS = MAX_PAGES * PAGE_SIZE;
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

export interface Listing {
  items: CaseSummary[];
  /** A status had more cases than MAX_CASES_PER_STATUS: the items are not all of them, and the page says so. */
  truncated: boolean;
}

/**
 * The cases matching the filter, up to MAX_CASES_PER_STATUS per status; without a status filter, the open cases
 * (one listing per open status).
 */
export async function listCases(api: Pick<CaseReader, 'list'>, filter: ListFilter): Promise<Listing> {
  const statuses = filter.status ? [filter.status] : OPEN_STATUSES;
  const listings = await Promise.all(
    statuses.map(async (status): Promise<Listing> => {
      const items: CaseSummary[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.list({ ...filter, status }, PAGE_SIZE, token);
        items.push(...answer.items);
        if (answer.nextPageToken === null) return { items, truncated: false };
        token = answer.nextPageToken;
      }
      return { items, truncated: true };
    }),
  );
  return { items: listings.flatMap((l) => l.items), truncated: listings.some((l) => l.truncated) };
}

/** The views of these cases, CONCURRENCY at a time; the cases that cannot be read now are counted, not fatal. */
export async function readViews(
  api: Pick<CaseReader, 'view'>,
  ids: readonly string[],
): Promise<{ views: CaseView[]; unreadable: number }> {
  const views = await mapLimit(ids, CONCURRENCY, (id) => api.view(id).catch(() => undefined));
  const read = views.filter((v): v is CaseView => v !== undefined);
  return { views: read, unreadable: ids.length - read.length };
}
