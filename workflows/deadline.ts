/** A durable timer the case holds; `fire` runs (once per due time) when it falls due. */
export interface Deadline {
  key: string;
  dueAt: number;
  summary: string;
  fire: () => void;
}
