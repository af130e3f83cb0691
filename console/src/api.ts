/**
 * The console's only way to the server: the same /v1 API as every client, with the signed-in bearer token.
 * A refused request throws ApiError carrying the API's own error body, which the console shows as it is.
 */
import type { CasePage, CaseView, ErrorBody, ListFilter, Me, Queue } from './types';

export type { ListFilter };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const v = value as Partial<ErrorBody> | null;
  return typeof v === 'object' && v !== null && typeof v.error === 'string' && typeof v.message === 'string';
}

/** An Idempotency-Key: random, and available on plain http too (crypto.randomUUID needs a secure context). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class Api {
  constructor(
    /** null: no Authorization header (a single sign-on proxy in front of the API adds it). */
    private readonly token: string | null,
    /** Called when the API no longer accepts the token (401), so the console can sign out. */
    private readonly onUnauthenticated: () => void = () => undefined,
  ) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key !== undefined) headers['idempotency-key'] = key;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, {
        error: 'network',
        message: 'The API could not be reached. Check the connection; the console keeps trying.',
      });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      if (res.status === 401) this.onUnauthenticated();
      throw new ApiError(
        res.status,
        isErrorBody(parsed)
          ? parsed
          : { error: `http_${res.status}`, message: `The API answered ${res.status}.` },
      );
    }
    return parsed as T;
  }

  /** The case types the deployment opens (shipped and plugged in). */
  caseTypes(): Promise<{ items: { type: string }[] }> {
    return this.request('GET', '/v1/case-types');
  }

  me(): Promise<Me> {
    return this.request('GET', '/v1/me');
  }

  /** The roster's managers (supervisors and the head only: they reassign). */
  managers(): Promise<{ items: { id: string; alias: string }[] }> {
    return this.request('GET', '/v1/managers');
  }

  queue(managerId: string): Promise<Queue> {
    return this.request('GET', `/v1/managers/${encodeURIComponent(managerId)}/queue`);
  }

  /** A page of `pageSize` cases (at most the API's 200) matching the filter. */
  list(filter: ListFilter, pageSize: number, pageToken?: string): Promise<CasePage> {
    const query = new URLSearchParams({ ...filter, pageSize: String(pageSize) });
    if (pageToken !== undefined) query.set('pageToken', pageToken);
    return this.request('GET', `/v1/cases?${query.toString()}`);
  }

  view(caseId: string): Promise<CaseView> {
    return this.request('GET', `/v1/cases/${encodeURIComponent(caseId)}`);
  }

  /** POST /v1/cases/{id}/{action}: `action` as allowedActions names it (`compensations/c1/approve`). */
  act(caseId: string, action: string, body: object, idempotencyKey: string): Promise<CaseView> {
    const path = action
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    return this.request('POST', `/v1/cases/${encodeURIComponent(caseId)}/${path}`, body, idempotencyKey);
  }
}
