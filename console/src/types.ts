/**
 * The API's shapes, as types only (erased from the bundle): the case view and list items are the zod schemas
 * the API serializes its answers through, so the console cannot drift from what the API sends.
 */
import type { CaseViewWithLinks } from '../../api/schemas/case-view';
import type { CaseSummary } from '../../api/schemas/list';
import type { Role } from '../../workflows/domain';

export type { CaseSummary, Role };

/** `allowedActions`: what the signed-in principal may do on the case now (absent from an older API). */
export type CaseView = CaseViewWithLinks & { allowedActions?: string[] };
export type Compensation = CaseView['compensations'][number];
export type Money = Compensation['amount'];

export interface Me {
  id: string;
  alias?: string;
  role: Role;
  /** Where a case's calendar dates begin (the API stores a date as the first instant of that day there). */
  dateTimeZone?: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

/** The list filters the console uses (`GET /v1/cases`). */
export type ListFilter = Partial<
  Record<'status' | 'type' | 'tier' | 'breached' | 'awaitingApproval' | 'assigneeId', string>
>;

export interface CasePage {
  items: CaseSummary[];
  nextPageToken: string | null;
}

export interface Queue {
  managerId: string;
  items: CaseSummary[];
}
