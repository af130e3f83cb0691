/**
 * Requests of a console page answered by the test instead of the API (puppeteer's request interception): a case
 * list that never ends, a case view as an older case holds it, and an answer read now but delivered later (a
 * refresh that was in flight while something changed). Requests no rule claims go to the API as they are.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';

/** Answers the request (true) or leaves it to the next rule (false). */
export type Rule = (req: HTTPRequest) => Promise<boolean>;

/** Turns interception on for `page` with these rules, tried in order; the others go through. */
export async function intercept(page: Page, rules: Rule[]): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    void (async () => {
      for (const rule of rules) if (await rule(req)) return;
      await req.continue();
    })().catch(() => undefined); // a request of a page closed meanwhile
  });
}

const pathOf = (req: HTTPRequest) => new URL(req.url()).pathname;

const json = (req: HTTPRequest, body: unknown) =>
  req.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** Every page of every case list says another page follows: a list longer than the console reads. */
export const endlessLists: Rule = async (req) => {
  if (req.method() !== 'GET' || pathOf(req) !== '/v1/cases') return false;
  await json(req, { items: [], nextPageToken: 'more-cases-than-the-console-reads' });
  return true;
};

/** The case's view with `change` applied to what the API answered (an older case's shape). */
export function editedView(caseId: string, change: (view: Record<string, unknown>) => void): Rule {
  return async (req) => {
    if (req.method() !== 'GET' || pathOf(req) !== `/v1/cases/${caseId}`) return false;
    const res = await fetch(req.url(), { headers: req.headers() });
    const view = (await res.json()) as Record<string, unknown>;
    change(view);
    await json(req, view);
    return true;
  };
}

export interface HeldAnswer {
  rule: Rule;
  /** Resolves once the answer was read from the API (the request is then held). */
  read: Promise<void>;
  /** Delivers the answer read earlier to the page. */
  release: () => Promise<void>;
}

/**
 * The first GET that `wanted` picks is read from the API at once and delivered only at `release()`: a refresh in
 * flight whose answer arrives after what happened meanwhile. Later requests go through.
 */
export function holdFirstRead(wanted: (url: URL) => boolean): HeldAnswer {
  let claimed = false;
  let markRead: () => void = () => undefined;
  let deliver: () => Promise<void> = async () => undefined;
  const read = new Promise<void>((resolve) => (markRead = resolve));
  const rule: Rule = async (req) => {
    if (claimed || req.method() !== 'GET' || !wanted(new URL(req.url()))) return false;
    claimed = true;
    const res = await fetch(req.url(), { headers: req.headers() });
    const body = await res.text();
    deliver = () => req.respond({ status: res.status, contentType: 'application/json', body });
    markRead();
    return true;
  };
  return { rule, read, release: () => deliver() };
}

/** The first read of the case's view, held (holdFirstRead). */
export const holdFirstViewRead = (caseId: string) =>
  holdFirstRead((url) => url.pathname === `/v1/cases/${caseId}`);

/** The first page of the list of the cases in `status`, held (holdFirstRead). */
export const holdFirstListRead = (status: string) =>
  holdFirstRead((url) => url.pathname === '/v1/cases' && url.searchParams.get('status') === status);
