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
