import type { Polled } from '../hooks';
import type { Queue } from '../types';
import { CaseTable } from './CaseTable';
import { ErrorBox } from './ErrorBox';

/** The signed-in owner's open cases, soonest due first (the API's order), refreshed every few seconds. */
export function QueuePage({ queue }: { queue: Polled<Queue | null> }) {
  const items = queue.data?.items ?? [];
  const waiting = items.filter((c) => c.status === 'awaiting_callback').length;
  return (
    <main id="main" tabIndex={-1}>
      <h1>My queue</h1>
      <p class="muted" aria-live="polite">
        {queue.data
          ? `${items.length} open ${items.length === 1 ? 'case' : 'cases'}, ${waiting} waiting for a callback`
          : 'Loading…'}
      </p>
      {queue.error !== undefined && <ErrorBox error={queue.error} title="Could not refresh the queue" />}
      {queue.data && items.length === 0 && <p>Nothing open. New cases appear here as they arrive.</p>}
      {items.length > 0 && <CaseTable items={items} caption="My open cases, soonest due first" />}
    </main>
  );
}
