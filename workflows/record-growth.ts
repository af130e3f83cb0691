/**
 * How much an action that adds to the case's record at will may add (record-budget.ts measures and refuses).
 * A leaf: the catalogue (actions.ts) names each budgeted action's growth with these.
 */

/** How much an action may add: its free texts (each stored `copies` times) plus what it records around them. */
export interface Growth {
  texts: readonly (string | undefined)[];
  copies?: number;
  /** Timeline entry fields, fixed wording, objects the action creates (compensation, saga steps...). */
  overheadBytes: number;
}

/** Growth of each budgeted action, generous rather than exact. */
export const GROWTH = {
  entry: (text: string | undefined): Growth => ({ texts: [text], overheadBytes: 512 }),
  /** The reason is kept in the compensation, its timeline entry and its saga steps' memos (and undo memos). */
  compensation: (reason: string): Growth => ({ texts: [reason], copies: 5, overheadBytes: 4_096 }),
  /** The reason goes to the timeline and to the new owner's notification; the new ladder is kept too. */
  reassign: (reason: string): Growth => ({ texts: [reason], copies: 2, overheadBytes: 2_048 }),
};
