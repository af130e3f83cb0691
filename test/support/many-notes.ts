import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import type { CaseHandle } from './workflow-harness';

/** The dev server admits 10 updates in flight per case: notes go 8 at a time. */
const AT_ONCE = 8;

/** Sends `count` notes to the case, the `i`-th with the arguments `noteArgs(i)`. */
export async function sendNotes(
  h: CaseHandle,
  count: number,
  noteArgs: (i: number) => m.NoteArgs,
): Promise<void> {
  for (let from = 0; from < count; from += AT_ONCE) {
    const batch = Array.from({ length: Math.min(AT_ONCE, count - from) }, (_, i) => from + i);
    await Promise.all(batch.map((i) => h.executeUpdate(m.noteUpdate, { args: [noteArgs(i)] })));
  }
}

/**
 * A case opened with a low `historyEventsPerRun`, its notes written by `actor` one at a time until it continues as
 * new (within a dozen): how many notes that took.
 */
export async function notesUntilContinued(h: CaseHandle, actor: Actor): Promise<number> {
  const { runId: firstRun } = await h.describe();
  let notes = 0;
  while ((await h.describe()).runId === firstRun) {
    if (notes >= 12) throw new Error(`case ${h.workflowId} did not continue as new within 12 notes`);
    await h.executeUpdate(m.noteUpdate, { args: [{ actor, text: `note ${notes}` }] });
    notes += 1;
  }
  return notes;
}
