/** Workflow-safe time helpers: Date.now() inside a workflow is the deterministic workflow clock. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (isoTime: string): number => Date.parse(isoTime);

/** "3m", "48h", "1500ms" style, for timer summaries and timeline text. */
export function humanDuration(milliseconds: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) {
    // Days only for a week or more, so "24h" and "48h" read as policy files write them.
    if (unit === 'd' && milliseconds < 7 * size) continue;
    if (milliseconds >= size && milliseconds % size === 0) return `${milliseconds / size}${unit}`;
  }
  return milliseconds >= 1_000 ? `${(milliseconds / 1_000).toFixed(1)}s` : `${milliseconds}ms`;
}
