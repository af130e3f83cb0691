/**
 * A case's record (the state a run carries into the next through continue-as-new, and the view the caseView
 * query returns) is one Temporal payload, and Temporal refuses a payload over 2 MiB: past that the case can
 * neither continue-as-new nor be queried, and its workflow task fails for good. The record therefore has a
 * budget well below the limit. Actions that add to it at will (a note, a wait, a proposal...) are refused with
 * `limit_exceeded` once it would pass the budget; actions that move the case along its path to the end (the
 * callback, a third party's awaited answer, approval, resolution, cancellation...) are never refused for size:
 * each can happen only a few times, and the room left below the limit holds them.
 *
 * Checked in update validators, which do not run on replay, and in the handler for an action held for a run's first
 * task (held-checks.ts), which does: a changed number changes which held actions a replayed run refuses, so change
 * one only with a patch asked there.
 */
import { ACTION_NAMES, ACTIONS, type ActionName } from './actions';
import type { CaseState } from './case-state';
import type { TimelineEntry } from './domain';
import { REJECTIONS } from './messages';
import type { Growth } from './record-growth';
import { reject } from './rejection';

/** Temporal's default payload limit (server `limit.blobSize.error`, enforced by the SDK too). */
export const TEMPORAL_PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

/** The record may grow to this many bytes of JSON (UTF-8) through actions that add to it at will. */
export const CASE_RECORD_BUDGET_BYTES = 1_500_000;

/**
 * Held back for each compensation still waiting or executing: what its approval note or rejection reason,
 * saga steps, ledger entries, approval timeouts and a cancellation can still add after the budget is reached.
 */
export const RESERVED_PER_OPEN_COMPENSATION_BYTES = 16_384;

/** The actions that add to the record at will (their catalogue entry says how much), and so are refused past the budget. */
export const BUDGETED_ACTIONS: readonly ActionName[] = ACTION_NAMES.filter((name) => ACTIONS[name].grows);

export { GROWTH, type Growth } from './record-growth';

export interface RecordUsage {
  budgetBytes: number;
  /** The record's bytes plus what open compensations hold back. */
  usedBytes: number;
  /** At most what this action adds. */
  requestedBytes: number;
}

const utf8 = new TextEncoder();
const bytes = (s: string) => utf8.encode(s).length;

/**
 * Measures a case's record, exactly (the UTF-8 length of its JSON). The timeline only ever grows at its end,
 * so its entries are measured once each; the rest of the state is measured whole each time.
 */
export class RecordMeter {
  private countedEntries = 0;
  private entryBytes = 0;

  constructor(private readonly state: CaseState) {}

  /** UTF-8 bytes of `JSON.stringify(state)`. */
  recordBytes(): number {
    const timeline: TimelineEntry[] = this.state.view.timeline;
    for (; this.countedEntries < timeline.length; this.countedEntries += 1) {
      this.entryBytes += bytes(JSON.stringify(timeline[this.countedEntries]));
    }
    // The recent updates (retried-updates.ts, at most about 6 KB) are left out: added later, they would change
    // the count a held action's check reads when a run recorded before them replays.
    const rest = bytes(
      JSON.stringify(this.state, (key, value: unknown) =>
        value === timeline ? [] : key === 'recentUpdates' ? undefined : value,
      ),
    );
    const commas = Math.max(timeline.length - 1, 0);
    return rest + this.entryBytes + commas;
  }

  usedBytes(): number {
    const open = this.state.view.compensations.filter(
      (c) => c.status === 'pending_approval' || c.status === 'executing',
    ).length;
    return this.recordBytes() + open * RESERVED_PER_OPEN_COMPENSATION_BYTES;
  }

  usage(growth: Growth): RecordUsage {
    const texts = growth.texts.reduce((sum, t) => sum + (t === undefined ? 0 : bytes(JSON.stringify(t))), 0);
    return {
      budgetBytes: this.state.recordBudgetBytes ?? CASE_RECORD_BUDGET_BYTES,
      usedBytes: this.usedBytes(),
      requestedBytes: growth.overheadBytes + texts * (growth.copies ?? 1),
    };
  }

  /** Whether an action that adds `growth` could take the record past its budget. */
  exceeds(growth: Growth): boolean {
    const usage = this.usage(growth);
    return usage.usedBytes + usage.requestedBytes > usage.budgetBytes;
  }

  /** Rejects (`limit_exceeded`, nothing changes) an action that could take the record past its budget. */
  require(action: string, growth: Growth): void {
    if (!this.exceeds(growth)) return;
    const usage = this.usage(growth);
    reject(
      REJECTIONS.limitExceeded,
      `case ${this.state.view.id} has reached its record budget: ${usage.usedBytes} of ${usage.budgetBytes} bytes ` +
        `used, and this ${action} may add up to ${usage.requestedBytes}. Notes, waits, proposals, ` +
        'reassignment and reopening are refused from here on; the callback, resuming, third-party answers, ' +
        'escalation, approval, rejection, resolution, rating and cancellation still work. Continue in a new case.',
      usage,
    );
  }
}
