/**
 * The allowed actions of the cases a board lists, read from each case's view and read again only when the case's
 * row changes (its status, owner, level, breach or next due time): what the caller may do on a case changes with
 * those, and a board of 200 quiet cases then costs the API no reads between changes, instead of 200 case queries
 * (each a workflow query, a replay for a case out of the worker's cache) every refresh.
 */
import type { Api } from './api';
import { readViews } from './fanout';
import type { CaseSummary } from './types';

const rowSignature = (c: CaseSummary) =>
  JSON.stringify([c.status, c.assigneeId, c.escalationLevel, c.breached, c.nextDueAt]);

export class AllowedActionsCache {
  private readonly known = new Map<string, { signature: string; actions: readonly string[] }>();

  /** The case's allowed actions as last read; undefined before its first read. */
  get(caseId: string): readonly string[] | undefined {
    return this.known.get(caseId)?.actions;
  }

  /** Reads the views of the rows that are new or changed since they were read; how many were read. */
  async refresh(api: Pick<Api, 'view'>, rows: readonly CaseSummary[]): Promise<number> {
    const stale = rows.filter((c) => this.known.get(c.id)?.signature !== rowSignature(c));
    const { views } = await readViews(
      api,
      stale.map((c) => c.id),
    );
    const byId = new Map(stale.map((c) => [c.id, c]));
    for (const view of views) {
      const row = byId.get(view.id);
      if (row) this.known.set(view.id, { signature: rowSignature(row), actions: view.allowedActions ?? [] });
    }
    return views.length;
  }

  /** Read the case again at the next refresh (after an action on it). */
  forget(caseId: string): void {
    this.known.delete(caseId);
  }
}
