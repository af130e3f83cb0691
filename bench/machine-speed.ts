/**
 * How fast the machine's cores run right now: a fixed piece of CPU work (hashing 16 MiB), timed, the best of
 * three. On a virtual machine the same work takes longer while the host is busy, and none of that shows as steal
 * time or as another program's CPU; the bench times it before each round, so that a run says how far the
 * machine's speed moved under it (README, Performance).
 */
import { createHash } from 'node:crypto';

const BLOCK = Buffer.alloc(1 << 20, 7);

function hashOnce(): number {
  const t0 = performance.now();
  for (let i = 0; i < 16; i += 1) createHash('sha256').update(BLOCK).digest();
  return performance.now() - t0;
}

/** Milliseconds the probe's work took (the best of three: a probe is slowed, never sped up, by interruptions). */
export function speedProbeMs(): number {
  return Math.min(hashOnce(), hashOnce(), hashOnce());
}
