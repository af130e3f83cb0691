/**
 * What a list row cannot say (search attributes carry no names or free text): the member's name and the case
 * summary, which never change once a case is open. Each case is read once per sign-in, a few at a time, and
 * kept in memory only for the session (sign-out drops it with the rest).
 */
import { mapLimit, CONCURRENCY } from './fanout';

export interface CaseFacts {
  memberName: string;
  summary: string;
}

/** A read that failed is tried again after this long. */
const RETRY_MS = 30_000;

export class FactsCache {
  private readonly known = new Map<string, CaseFacts>();
  private readonly failedAt = new Map<string, number>();
  private readonly pending = new Set<string>();

  get(id: string): CaseFacts | undefined {
    return this.known.get(id);
  }

  /** The ids worth reading now. */
  missing(ids: readonly string[], now: number): string[] {
    return ids.filter(
      (id) =>
        !this.known.has(id) && !this.pending.has(id) && now - (this.failedAt.get(id) ?? -Infinity) > RETRY_MS,
    );
  }

  async load(ids: string[], read: (id: string) => Promise<CaseFacts>): Promise<void> {
    ids.forEach((id) => this.pending.add(id));
    await mapLimit(ids, CONCURRENCY, async (id) => {
      try {
        this.known.set(id, await read(id));
        this.failedAt.delete(id);
      } catch {
        this.failedAt.set(id, Date.now());
      } finally {
        this.pending.delete(id);
      }
    });
  }
}
