/**
 * How fast the machine runs right now, timed by the bench before each round (docs/performance.md). On a virtual
 * machine the same work takes longer while the host is busy, and none of that shows as steal time or as another
 * program's CPU. Two probes, because a host can be short of two different things:
 * - the cores: hashing a 1 MiB block 16 times (it stays in the cores' caches), the best of three;
 * - memory: loads that each depend on the one before, at random over 64 MiB (beyond any last-level cache), as a
 *   garbage collector's marking or the server's B-trees chase pointers; nanoseconds per load, the best of three.
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

/** 64 MiB of 4-byte slots. */
const SLOTS = 1 << 24;
const LOADS = 1 << 18;
let cycle: Uint32Array | undefined;

/** One random cycle through every slot (Sattolo's shuffle), so that no load can be predicted or prefetched. */
function randomCycle(): Uint32Array {
  const c = new Uint32Array(SLOTS);
  for (let i = 0; i < SLOTS; i += 1) c[i] = i;
  for (let i = SLOTS - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * i); // a bench's shuffle, not a secret
    const t = c[i]!;
    c[i] = c[j]!;
    c[j] = t;
  }
  return c;
}

function chaseOnce(c: Uint32Array): { ns: number; end: number } {
  let at = 0;
  const t0 = performance.now();
  for (let n = 0; n < LOADS; n += 1) at = c[at]!;
  return { ns: ((performance.now() - t0) * 1e6) / LOADS, end: at };
}

/** Nanoseconds per dependent load at random over 64 MiB (the best of three); the first call builds the cycle. */
export function memoryProbeNs(): number {
  const c = (cycle ??= randomCycle());
  const runs = [chaseOnce(c), chaseOnce(c), chaseOnce(c)];
  // The loads' result is read, so that no compiler may drop them.
  if (runs.some((r) => r.end >= SLOTS)) throw new Error('memory probe: out of range');
  return Math.min(...runs.map((r) => r.ns));
}
